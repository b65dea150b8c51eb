// The store tree on each backend: namespaces, categories with counts, streams in pages.
#include "TestStores.h"
#include "model/StoreTreeModel.h"
#include "model/WorkerPools.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QTest>

using namespace mdb;

class StoreTreeModelTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    // Reads still in flight must end before a test lets go of its store.
    void cleanup() { mdb::finishWorkers(); }
    void namespacesCategoriesAndStreams()
    {
        MDB_OPEN_TARGET(t, m_target);
        // Reads in flight end before `t` lets go of the store (locals go in reverse order).
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); });
        const QString category = mdbtest::uniqueName(QStringLiteral("tree"));
        QList<WriteRequest> batch;
        for (int i = 0; i < 450; ++i)
            batch << WriteRequest{
                {}, category + u'-' + QString::number(i % 150), QStringLiteral("T"), QStringLiteral("{}"), {},
                {}};
        QVERIFY(t->writeMessages(t.ns, batch));
        std::shared_ptr<Store> shared(t.store.get(), [](Store*) {});
        StoreTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(shared);
        QTRY_VERIFY(model.namespaceIndex(t.ns).isValid());
        const QModelIndex ns = model.namespaceIndex(t.ns);
        if (model.canFetchMore(ns)) // views, and the model tester, may have asked already
            model.fetchMore(ns);
        QTRY_VERIFY(model.categoryIndex(t.ns, category).isValid());
        QModelIndex cat = model.categoryIndex(t.ns, category);
        // Counts arrive in the background.
        QTRY_COMPARE(model.index(cat.row(), StoreTreeModel::Messages, ns).data().toString(),
                     QLocale().toString(450));
        QCOMPARE(model.index(cat.row(), StoreTreeModel::Streams, ns).data().toString(),
                 QLocale().toString(150));
        // Streams come in pages, in order of first appearance.
        if (model.canFetchMore(cat))
            model.fetchMore(cat);
        QTRY_VERIFY(model.rowCount(cat) >= StoreTreeModel::StreamPageSize);
        QCOMPARE(model.index(0, 0, cat).data().toString(), category + QStringLiteral("-0"));
        QCOMPARE(model.index(0, 0, cat).data(StoreTreeModel::StreamRole).toString(),
                 category + QStringLiteral("-0"));
        QTRY_VERIFY(model.canFetchMore(cat) || model.rowCount(cat) == 150);
        if (model.canFetchMore(cat))
            model.fetchMore(cat);
        QTRY_COMPARE(model.rowCount(cat), 150);
        QTRY_VERIFY(!model.canFetchMore(cat));
        // A filter restarts the list with matching names only.
        model.setStreamFilter(QStringLiteral("-14*"));
        cat = model.categoryIndex(t.ns, category);
        QTRY_COMPARE(model.rowCount(cat), 11); // -14 and -140 .. -149
        for (int row = 0; row < model.rowCount(cat); ++row)
            QVERIFY(model.index(row, 0, cat).data().toString().startsWith(category + QStringLiteral("-14")));
    }
};

QTEST_GUILESS_MAIN(StoreTreeModelTest)
#include "tst_storetreemodel.moc"
