// The message table model on each backend: keyset pages, both ends, eviction, filters, live tail.
#include "TestStores.h"
#include "model/MessageTableModel.h"
#include "model/WorkerPools.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace mdb;

namespace {

WriteRequest request(const QString& stream, const QString& type = QStringLiteral("T"))
{
    WriteRequest r;
    r.streamName = stream;
    r.type = type;
    r.data = QStringLiteral("{}");
    return r;
}

QList<qint64> keys(const MessageTableModel& model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (const std::optional<Message> m = model.messageAt(row))
            out << model.feed().keyOf(*m);
    }
    return out;
}

bool waitIdle(MessageTableModel& model)
{
    return QTest::qWaitFor([&model] { return !model.isLoading(); }, 20000);
}

} // namespace

class MessageTableModelTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();
    mdbtest::TestStore m_store;
    std::shared_ptr<Store> m_shared;
    QString m_category;
    QList<qint64> m_globals; // global positions of the category, in order

private Q_SLOTS:
    // Reads still in flight must end before a test lets go of its store.
    void cleanup() { mdb::finishWorkers(); }
    void initTestCase()
    {
        MDB_OPEN_TARGET(opened, m_target);
        m_store = std::move(opened);
        m_shared = std::shared_ptr<Store>(m_store.store.get(), [](Store*) {});
        m_category = mdbtest::uniqueName(QStringLiteral("table"));
        QList<WriteRequest> batch;
        for (int i = 0; i < 1000; ++i)
            batch << request(m_category + u'-' + QString::number(i % 7),
                             i % 10 == 0 ? QStringLiteral("Rare") : QStringLiteral("T"));
        QVERIFY(m_store->writeMessages(m_store.ns, batch));
        Result<MessageList> all = m_store->categoryMessages(m_store.ns, {m_category, {}, -1, {}, {}, {}, {}});
        QVERIFY(all);
        for (const Message& m : *all)
            m_globals << m.globalPosition;
        QCOMPARE(m_globals.size(), 1000);
    }

    void opensAtTheStartAndPagesForward()
    {
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        model.open({MessageFeed::Kind::Category, m_store.ns, m_category, {}, {}, {}, {}, {}});
        QVERIFY(model.isLoading());
        QCOMPARE(model.rowCount(), 1); // the "loading…" row
        QVERIFY(model.index(0, MessageTableModel::Stream).data(MessageTableModel::LoadingRole).toBool());
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model), m_globals.mid(0, MessageTableModel::PageSize));
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model), m_globals.mid(0, 2 * MessageTableModel::PageSize));
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(waitIdle(model));
        }
        QCOMPARE(keys(model), m_globals);
        QVERIFY(model.atEnd());
    }

    void jumpsToTheEndAndScrollsBack()
    {
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        model.open({MessageFeed::Kind::Category, m_store.ns, m_category, {}, {}, {}, {}, {}});
        QVERIFY(waitIdle(model));
        model.jumpToEnd();
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model), m_globals.mid(1000 - MessageTableModel::PageSize));
        QVERIFY(!model.canFetchMore({}));
        QSignalSpy prepended(&model, &MessageTableModel::rowsPrepended);
        QVERIFY(model.canFetchEarlier());
        model.fetchEarlier();
        QVERIFY(waitIdle(model));
        QCOMPARE(prepended.size(), 1);
        QCOMPARE(prepended.first().first().toInt(), MessageTableModel::PageSize);
        QCOMPARE(keys(model), m_globals.mid(1000 - 2 * MessageTableModel::PageSize));
    }

    void evictsToStayBounded()
    {
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        model.setMaxRows(300);
        model.open({MessageFeed::Kind::Category, m_store.ns, m_category, {}, {}, {}, {}, {}});
        QVERIFY(waitIdle(model));
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(waitIdle(model));
            QVERIFY(model.rowCount() <= 300);
        }
        QCOMPARE(keys(model), m_globals.mid(700));
        // Scrolling back up reads what was evicted, and evicts the bottom instead.
        QVERIFY(model.canFetchEarlier());
        model.fetchEarlier();
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model), m_globals.mid(500, 300));
        QVERIFY(model.canFetchMore({}));
    }

    void jumpsToAPosition()
    {
        MessageTableModel model;
        model.setStore(m_shared);
        model.open({MessageFeed::Kind::Category, m_store.ns, m_category, {}, {}, {}, {}, {}});
        QVERIFY(waitIdle(model));
        model.jumpTo(m_globals.at(500));
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model).first(), m_globals.at(500));
        QVERIFY(model.canFetchEarlier());
    }

    void filtersByTypeAndGroup()
    {
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        MessageFeed feed{
            MessageFeed::Kind::Category, m_store.ns, m_category, QStringLiteral("Rare"), {}, {}, {}, {}};
        model.open(feed);
        QVERIFY(waitIdle(model));
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(waitIdle(model));
        }
        QCOMPARE(keys(model).size(), 100);
        // A consumer group's member gets exactly what get_category_messages gives it.
        feed.type.reset();
        feed.member = 1;
        feed.groupSize = 3;
        model.open(feed);
        QVERIFY(waitIdle(model));
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(waitIdle(model));
        }
        Result<MessageList> server =
            m_store->categoryMessages(m_store.ns, {m_category, {}, -1, {}, 1, 3, {}});
        QList<qint64> expected;
        for (const Message& m : *server)
            expected << m.globalPosition;
        QCOMPARE(keys(model), expected);
        // And from the end, with the same filter applied on our side.
        model.jumpToEnd();
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model),
                 expected.mid(std::max<qsizetype>(0, expected.size() - MessageTableModel::PageSize)));
    }

    void aRareFilterMakesProgress()
    {
        // More non-matching messages than one read looks at, then the one that matches.
        const QString category = mdbtest::uniqueName(QStringLiteral("rare"));
        QList<WriteRequest> batch;
        for (int i = 0; i < 4500; ++i)
            batch << request(category + QStringLiteral("-1"), QStringLiteral("Common"));
        batch << request(category + QStringLiteral("-2"), QStringLiteral("Needle"));
        QVERIFY(m_store->writeMessages(m_store.ns, batch));
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        model.open(
            {MessageFeed::Kind::Category, m_store.ns, category, QStringLiteral("Needle"), {}, {}, {}, {}});
        QVERIFY(waitIdle(model));
        for (int reads = 0; reads < 5 && model.canFetchMore({}); ++reads) {
            model.fetchMore({});
            QVERIFY(waitIdle(model));
        }
        QVERIFY(model.atEnd());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.messageAt(0)->type, QStringLiteral("Needle"));
        // From the end, the same filter finds it across the same gap.
        model.jumpToEnd();
        QVERIFY(waitIdle(model));
        QCOMPARE(model.rowCount(), 1);
        // And a jump past it finds nothing ahead, but reading back reaches it.
        const qint64 needle = model.messageAt(0)->globalPosition;
        model.jumpTo(needle + 1);
        QVERIFY(waitIdle(model));
        QCOMPARE(model.rowCount(), 0);
        for (int reads = 0; reads < 5 && model.rowCount() == 0 && model.canFetchEarlier(); ++reads) {
            model.fetchEarlier();
            QVERIFY(waitIdle(model));
        }
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.messageAt(0)->globalPosition, needle);
    }

    void streamFeedsUsePositions()
    {
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        const QString stream = m_category + QStringLiteral("-3");
        model.open({MessageFeed::Kind::Stream, m_store.ns, stream, {}, {}, {}, {}, {}});
        QVERIFY(waitIdle(model));
        QCOMPARE(keys(model).first(), 0);
        model.jumpToEnd();
        QVERIFY(waitIdle(model));
        const qint64 version = **m_store->streamVersion(m_store.ns, stream);
        QCOMPARE(keys(model).last(), version);
        QCOMPARE(keys(model).size(), std::min<qint64>(MessageTableModel::PageSize, version + 1));
    }

    void liveTailAppends()
    {
        const QString stream = mdbtest::uniqueName(QStringLiteral("tail")) + QStringLiteral("-1");
        QVERIFY(m_store->writeMessage(m_store.ns, request(stream)));
        MessageTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_shared);
        model.open({MessageFeed::Kind::Stream, m_store.ns, stream, {}, {}, {}, {}, {}});
        QVERIFY(waitIdle(model));
        QCOMPARE(model.rowCount(), 1);
        model.setLiveTail(true);
        QVERIFY(m_store->writeMessage(m_store.ns, request(stream)));
        QVERIFY(m_store->writeMessage(m_store.ns, request(stream)));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 10000);
        QCOMPARE(keys(model), (QList<qint64>{0, 1, 2}));
        model.setLiveTail(false);
        // A second model tailing the same stream sees two more messages arrive one after the
        // other (so at least a whole poll passes); the one whose tail is off shows neither.
        MessageTableModel probe;
        probe.setStore(m_shared);
        probe.open({MessageFeed::Kind::Stream, m_store.ns, stream, {}, {}, {}, {}, {}});
        QVERIFY(waitIdle(probe));
        probe.setLiveTail(true);
        QVERIFY(m_store->writeMessage(m_store.ns, request(stream)));
        QTRY_COMPARE_WITH_TIMEOUT(probe.rowCount(), 4, 10000);
        QVERIFY(m_store->writeMessage(m_store.ns, request(stream)));
        QTRY_COMPARE_WITH_TIMEOUT(probe.rowCount(), 5, 10000);
        probe.setLiveTail(false);
        QCOMPARE(model.rowCount(), 3);
    }

    void errorsAreReported()
    {
        MessageTableModel model;
        model.setStore(m_shared);
        QSignalSpy failed(&model, &MessageTableModel::failed);
        model.open(
            {MessageFeed::Kind::Category, m_store.ns, QStringLiteral("not-a-category"), {}, {}, {}, {}, {}});
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<StoreError>().message,
                 QStringLiteral("Must be a category: not-a-category"));
        QVERIFY(!model.canFetchMore({}));
    }
};

QTEST_GUILESS_MAIN(MessageTableModelTest)
#include "tst_messagetablemodel.moc"
