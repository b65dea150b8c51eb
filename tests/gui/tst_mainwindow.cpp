// The main window lists the store's namespaces and their categories, read off the GUI thread.
#include "MainWindow.h"
#include "TestStores.h"

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QTest>
#include <QTreeView>

using namespace mdb;

class MainWindowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsNamespacesAndCategories()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        for (const char* stream : {"account-1", "account-2", "transfer-9"})
            QVERIFY(t->writeMessage(
                t.ns, {{}, QString::fromLatin1(stream), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        QVERIFY(t->createNamespace(QStringLiteral("audit")));
        std::shared_ptr<Store> store(std::move(t.store));
        MainWindow window(store);
        window.show();
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("storeTree"));
        QVERIFY(tree);
        QAbstractItemModel* model = tree->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("audit"));
        const QModelIndex ns = model->index(1, 0);
        QCOMPARE(ns.data().toString(), QStringLiteral("message_store"));
        QCOMPARE(model->rowCount(ns), 2);
        QCOMPARE(model->index(0, 0, ns).data().toString(), QStringLiteral("account"));
        QCOMPARE(model->index(1, 0, ns).data().toString(), QStringLiteral("transfer"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
