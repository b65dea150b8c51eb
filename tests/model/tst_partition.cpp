// Consumer groups on each backend: the members the simulator computes are exactly the members
// Message DB's get_category_messages returns (on PostgreSQL, the server's own function), resizes
// move what the hash says, and consumer positions, live tails and stream totals are read right.
#include "TestStores.h"
#include "model/CategoryTail.h"
#include "model/ConsumerGroupSession.h"
#include "model/ConsumerPositions.h"
#include "model/PartitionSimulation.h"
#include "model/WorkerPools.h"
#include "storage/StreamName.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace mdb;

namespace {

WriteRequest message(const QString& stream, const QString& type = QStringLiteral("Event"),
                     const QString& data = QStringLiteral("{}"))
{
    return WriteRequest{{}, stream, type, data, {}, {}};
}

// A category with ordinary, compound, empty and missing ids, and streams of unequal length.
QList<WriteRequest> categoryFixture(const QString& category)
{
    QList<WriteRequest> batch;
    for (int i = 0; i < 60; ++i) {
        const QString stream = category + u'-' + QString::number(i % 37);
        batch << message(stream);
    }
    for (const QString& id :
         {QStringLiteral("123+456"), QStringLiteral("123+789"), QStringLiteral("abc+1"), QString(),
          QStringLiteral("6f1c4a2e-9b0d-4b8a-8d2f-0c5e1a7b3d94"), QStringLiteral("äöü")})
        batch << message(category + u'-' + id) << message(category + u'-' + id);
    batch << message(category) << message(category) << message(category); // no id: no member ever
    return batch;
}

} // namespace

class PartitionTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void cleanup() { mdb::finishWorkers(); }

    void totalsMatchTheStreams()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString category = mdbtest::uniqueName(QStringLiteral("cgt"));
        QVERIFY(t->writeMessages(t.ns, categoryFixture(category)));
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral(":command-1"))));
        const Result<CategoryStreams> read = t->categoryStreams(t.ns, category, 5);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
        QCOMPARE(read->streams.size(), 37 + 6 + 1);
        qint64 sum = 0;
        for (const StreamTotals& s : read->streams) {
            // A stream without an id cannot be read as a stream: its messages are picked out of the
            // category's.
            Result<MessageList> all = StreamName::isCategory(s.streamName)
                                          ? t->categoryMessages(t.ns, {s.streamName, 1, -1, {}, {}, {}, {}})
                                          : t->streamMessages(t.ns, {s.streamName, 0, -1, {}});
            QVERIFY(all);
            all->removeIf([&s](const Message& m) { return m.streamName != s.streamName; });
            QCOMPARE(s.messages, all->size());
            sum += s.messages;
        }
        QCOMPARE(sum, qint64(categoryFixture(category).size()));
        // The newest messages, newest first, are the category's last ones; other categories are not mixed in.
        const MessageList everything = *t->categoryMessages(t.ns, {category, 1, -1, {}, {}, {}, {}});
        QCOMPARE(read->newest.size(), 5);
        for (int i = 0; i < 5; ++i) {
            const Message& m = everything.at(everything.size() - 1 - i);
            QCOMPARE(read->newest.at(i).streamName, m.streamName);
            QCOMPARE(read->newest.at(i).globalPosition, m.globalPosition);
            QCOMPARE(read->newest.at(i).timeMicros, m.timeMicros);
        }
        Result<qint64> after =
            t->countCategoryMessages(t.ns, category, everything.at(everything.size() - 4).globalPosition);
        QVERIFY(after);
        QCOMPARE(*after, 4);
        const Result<CategoryStreams> none =
            t->categoryStreams(t.ns, mdbtest::uniqueName(QStringLiteral("none")), 5);
        QVERIFY(none && none->streams.isEmpty() && none->newest.isEmpty());
        // Names beside the category's range in byte order are not its streams.
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral("x-1"))));
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral(".1"))));
        QCOMPARE(t->categoryStreams(t.ns, category, 0)->streams.size(), 37 + 6 + 1);
    }

    void membersAreWhatTheServerReturns_data()
    {
        QTest::addColumn<int>("groupSize");
        for (int n : {1, 2, 3, 4, 7, 16})
            QTest::addRow("n=%d", n) << n;
    }

    void membersAreWhatTheServerReturns()
    {
        QFETCH(int, groupSize);
        MDB_OPEN_TARGET(t, m_target);
        const QString category = mdbtest::uniqueName(QStringLiteral("cgm"));
        QVERIFY(t->writeMessages(t.ns, categoryFixture(category)));
        const PartitionSimulation simulation(category, *t->categoryStreams(t.ns, category, 1000));
        const QList<MemberLoad> loads = simulation.members(groupSize);
        QCOMPARE(loads.size(), groupSize);

        QSet<qint64> seen;
        qint64 read = 0;
        for (int m = 0; m < groupSize; ++m) {
            // get_category_messages(category, 1, -1, NULL, m, n): on PostgreSQL this is the server's
            // own function (the official one on the official install).
            const Result<MessageList> batch =
                t->categoryMessages(t.ns, {category, 1, -1, {}, m, groupSize, {}});
            QVERIFY2(batch, qPrintable(batch ? QString() : batch.error().message));
            QSet<QString> streams;
            for (const Message& msg : *batch) {
                const std::optional<qsizetype> i = simulation.indexOf(msg.streamName);
                QVERIFY(i);
                QCOMPARE(PartitionSimulation::memberOf(simulation.streams().at(*i), groupSize), m);
                QVERIFY2(!seen.contains(msg.globalPosition), "a message went to two members");
                seen.insert(msg.globalPosition);
                streams.insert(msg.streamName);
            }
            QCOMPARE(loads.at(m).streams, streams.size());
            QCOMPARE(loads.at(m).messages, batch->size());
            // Every member's newest message is among the 1,000 newest read with the streams.
            if (!batch->isEmpty())
                QCOMPARE(*loads.at(m).lastGlobalPosition, batch->constLast().globalPosition);
            read += batch->size();
        }
        // Together the members read the category minus its streams without an id.
        const Result<MessageList> everything = t->categoryMessages(t.ns, {category, 1, -1, {}, {}, {}, {}});
        qint64 noIdMessages = 0;
        for (const Message& msg : *everything) {
            if (msg.streamName == category)
                ++noIdMessages;
            else
                QVERIFY2(seen.contains(msg.globalPosition), qPrintable(msg.streamName));
        }
        QCOMPARE(noIdMessages, 3);
        QCOMPARE(read, everything->size() - noIdMessages);
        QCOMPARE(simulation.noIdStreams().size(), 1);
        QCOMPARE(simulation.streams().at(simulation.noIdStreams().constFirst()).streamName, category);
    }

    void resizesMoveWhatTheHashSays()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString category = mdbtest::uniqueName(QStringLiteral("cgr"));
        QVERIFY(t->writeMessages(t.ns, categoryFixture(category)));
        const PartitionSimulation simulation(category, *t->categoryStreams(t.ns, category, 1000));
        // The database's own answer, independent of the simulation: which member each stream's
        // messages go to, read through get_category_messages with a consumer group.
        const auto membersInDatabase = [&](int groupSize) {
            QHash<QString, int> memberOf;
            for (int m = 0; m < groupSize; ++m) {
                const Result<MessageList> batch =
                    t->categoryMessages(t.ns, {category, 1, -1, {}, m, groupSize, {}});
                for (const Message& msg : *batch)
                    memberOf.insert(msg.streamName, m);
            }
            return memberOf;
        };
        QCOMPARE(simulation.resize(3, 3).streamsMoved, 0);
        const ResizeImpact impact = simulation.resize(3, 4);
        const QHash<QString, int> before = membersInDatabase(3);
        const QHash<QString, int> after = membersInDatabase(4);
        QSet<QString> expectedMoves;
        qint64 expectedMessages = 0;
        for (const PartitionStream& s : simulation.streams()) {
            if (!before.contains(s.streamName)) // no id: read by no member
                continue;
            if (before.value(s.streamName) != after.value(s.streamName)) {
                expectedMoves.insert(s.streamName);
                expectedMessages += s.messages;
            }
        }
        QSet<QString> moved;
        for (const StreamMove& move : impact.moves) {
            const QString& name = simulation.streams().at(move.stream).streamName;
            moved.insert(name);
            QCOMPARE(move.from, before.value(name));
            QCOMPARE(move.to, after.value(name));
        }
        QCOMPARE(moved, expectedMoves);
        QCOMPARE(impact.streamsMoved, qint64(expectedMoves.size()));
        QCOMPARE(impact.messagesMoved, expectedMessages);
        QVERIFY(!expectedMoves.isEmpty());
        // Streams sharing a cardinal id always go to the same member, as the database assigns them.
        for (int n : {2, 3, 5, 16}) {
            const QHash<QString, int> members = membersInDatabase(n);
            QCOMPARE(members.value(category + QStringLiteral("-123+456"), -1),
                     members.value(category + QStringLiteral("-123+789"), -2));
        }
    }

    void sharedCardinalIdsAcrossCategories()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString category = mdbtest::uniqueName(QStringLiteral("cgs"));
        QVERIFY(t->writeMessages(t.ns, categoryFixture(category)));
        // Ids no other test uses, since the official install's namespace is shared.
        const QString sharedId = mdbtest::uniqueName(QStringLiteral("id"));
        const QString otherId = mdbtest::uniqueName(QStringLiteral("id"));
        QVERIFY(t->writeMessage(t.ns, message(category + u'-' + sharedId)));
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral(":command-") + sharedId)));
        QVERIFY(t->writeMessage(
            t.ns, message(category + QStringLiteral(":command-") + otherId + QStringLiteral("+x"))));
        const Result<QStringList> names = t->streamNames(t.ns);
        QVERIFY(names);
        QVERIFY(names->contains(category + QStringLiteral("-5")));
        QCOMPARE(QSet<QString>(names->cbegin(), names->cend()).size(), names->size()); // distinct
        const QHash<QString, QStringList> shared = PartitionSimulation::sharedCardinalIds(category, *names);
        QCOMPARE(shared.value(sharedId), QStringList{category + QStringLiteral(":command-") + sharedId});
        QVERIFY(!shared.contains(otherId));
        QVERIFY(shared.value(QStringLiteral("5")).isEmpty() ||
                !shared.value(QStringLiteral("5")).contains(category + QStringLiteral("-5"))); // not its own
    }

    void lookupOfNamesAndIds()
    {
        // Message DB's worked example: cgdemo with n=3.
        const StreamLookup byName = PartitionSimulation::lookup(QStringLiteral("cgdemo-123+456"));
        QCOMPARE(*byName.category, QStringLiteral("cgdemo"));
        QCOMPARE(*byName.cardinalId, QStringLiteral("123"));
        QCOMPARE(*byName.hash, Q_INT64_C(2318431741638412123));
        QCOMPARE(byName.members.size(), 16);
        QCOMPARE(byName.members.at(2), 1);
        QCOMPARE(byName.members.at(3), 3);
        const StreamLookup byId = PartitionSimulation::lookup(QStringLiteral("6"));
        QVERIFY(!byId.category);
        QCOMPARE(byId.members.at(2), 2);
        QCOMPARE(byId.members.at(0), 0);
    }

    void consumerPositionsAndLag()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString category = mdbtest::uniqueName(QStringLiteral("cgp"));
        QList<WriteRequest> batch;
        for (int i = 0; i < 10; ++i)
            batch << message(category + u'-' + QString::number(i));
        QVERIFY(t->writeMessages(t.ns, batch));
        const MessageList written = *t->categoryMessages(t.ns, {category, 1, -1, {}, {}, {}, {}});
        const qint64 handled = written.at(3).globalPosition;
        const QString positionStream = positionCategory(category) + QStringLiteral("-billing");
        QCOMPARE(positionStream, category + QStringLiteral(":position-billing"));
        QVERIFY(t->writeMessage(t.ns, message(positionStream, QStringLiteral("Recorded"),
                                              QStringLiteral("{\"position\": %1}").arg(handled - 1))));
        QVERIFY(t->writeMessage(t.ns, message(positionStream, QStringLiteral("Recorded"),
                                              QStringLiteral("{\"position\": %1}").arg(handled))));
        // Not a position: ignored.
        QVERIFY(t->writeMessage(t.ns, message(positionCategory(category) + QStringLiteral("-broken"),
                                              QStringLiteral("Recorded"), QStringLiteral("{\"at\": 1}"))));
        const Result<QList<ConsumerPosition>> positions = readConsumerPositions(*t.store, t.ns, category);
        QVERIFY2(positions, qPrintable(positions ? QString() : positions.error().message));
        QCOMPARE(positions->size(), 1);
        const ConsumerPosition& p = positions->constFirst();
        QCOMPARE(p.consumer, QStringLiteral("billing"));
        QCOMPARE(p.recordedPosition, handled);
        QCOMPARE(p.lagMessages, 6);
        QCOMPARE(p.lagMicros, written.constLast().timeMicros - written.at(3).timeMicros);
        QCOMPARE(positionCategory(QStringLiteral("account:command")),
                 QStringLiteral("account:command+position"));
    }

    void liveTailSeesEveryNewMessage()
    {
        MDB_OPEN_TARGET(t, m_target);
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); });
        const QString category = mdbtest::uniqueName(QStringLiteral("cgl"));
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral("-0"))));
        PartitionSimulation simulation(category, *t->categoryStreams(t.ns, category, 1000));
        std::shared_ptr<Store> shared(t.store.get(), [](Store*) {});
        CategoryTail tail;
        QList<StreamSighting> seen;
        connect(&tail, &CategoryTail::arrived, this, [&](const QList<StreamSighting>& s) {
            seen += s;
            for (const StreamSighting& sighting : s)
                simulation.record(sighting);
        });
        tail.start(shared, t.ns, category, simulation.lastGlobalPosition() + 1);
        // More than one scan batch, so the tail must read on at once while behind.
        QList<WriteRequest> batch;
        for (int i = 0; i < int(CategoryTail::ScanBatch) + 50; ++i)
            batch << message(category + u'-' + QString::number(i % 20));
        QVERIFY(t->writeMessages(t.ns, batch));
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), batch.size(), 20000);
        for (qsizetype i = 1; i < seen.size(); ++i)
            QVERIFY(seen.at(i).globalPosition > seen.at(i - 1).globalPosition);
        QCOMPARE(simulation.totalMessages(), qint64(batch.size()) + 1);
        QCOMPARE(simulation.streams().size(), 20);
        tail.stop();
        // Stopped means stopped: a second tail, started now, sees two more messages arrive one
        // after the other (so at least a whole poll passes), and the stopped one sees neither.
        CategoryTail probe;
        QList<StreamSighting> probed;
        connect(&probe, &CategoryTail::arrived, this, [&](const QList<StreamSighting>& s) { probed += s; });
        probe.start(shared, t.ns, category, seen.constLast().globalPosition + 1);
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral("-1"))));
        QTRY_COMPARE_WITH_TIMEOUT(probed.size(), 1, 20000);
        QVERIFY(t->writeMessage(t.ns, message(category + QStringLiteral("-2"))));
        QTRY_COMPARE_WITH_TIMEOUT(probed.size(), 2, 20000);
        probe.stop();
        QCOMPARE(seen.size(), batch.size());

        MemberRates rates;
        rates.reset(2);
        rates.record(0, 0);
        rates.record(0, 500);
        rates.record(1, 2900);
        QCOMPARE(rates.rates(3000), (QList<double>{2.0 / 3.0, 1.0 / 3.0}));
        QCOMPARE(rates.rates(5800), (QList<double>{0.0, 1.0 / 3.0}));
    }

    // The panel's whole state without a widget: load, both group sizes, live arrivals, replay and
    // positions, every model under QAbstractItemModelTester.
    void sessionWithoutAWindow()
    {
        MDB_OPEN_TARGET(t, m_target);
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); });
        const QString c = mdbtest::uniqueName(QStringLiteral("cgsession"));
        QVERIFY(t->writeMessages(t.ns, mdbtest::consumerGroupExample(c)));
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});

        ConsumerGroupSession session(store);
        const auto qtest = QAbstractItemModelTester::FailureReportingMode::QtTest;
        QAbstractItemModelTester memberTester(session.memberModel(), qtest);
        QAbstractItemModelTester streamsTester(session.streamsModel(), qtest);
        QAbstractItemModelTester movesTester(session.movesModel(), qtest);
        QAbstractItemModelTester resizeTester(session.resizeModel(), qtest);
        QAbstractItemModelTester replayTester(session.replayModel(), qtest);
        QAbstractItemModelTester positionsTester(session.positionsModel(), qtest);
        QSignalSpy loaded(&session, &ConsumerGroupSession::loaded);
        QSignalSpy positions(&session, &ConsumerGroupSession::positionsLoaded);
        QSignalSpy shared(&session, &ConsumerGroupSession::sharedIdsLoaded);
        session.setGroupSizes(3, 4);
        session.setCategory(t.ns, c);
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(!session.tail().isRunning()); // not live until asked

        // n = 3: member 0 reads c-1 (1 message), member 1 c-2 and c-123+456 (7), member 2 c-3 and c-6 (7).
        const auto messagesOf = [&session](int member) {
            return session.memberModel()
                ->index(member, MemberLoadModel::Messages)
                .data(PartitionSortRole)
                .toLongLong();
        };
        QCOMPARE(session.memberModel()->rowCount(), 3);
        QCOMPARE(messagesOf(0), 1);
        QCOMPARE(messagesOf(1), 7);
        QCOMPARE(messagesOf(2), 7);
        QCOMPARE(session.streamsModel()->rowCount(), 6);
        // 3 -> 4 moves c-1, c-6 and c-123+456: 3 streams, 10 messages.
        QCOMPARE(session.resizeImpact().streamsMoved, 3);
        QCOMPARE(session.resizeImpact().messagesMoved, 10);
        QCOMPARE(session.movesModel()->rowCount(), 3);
        QCOMPARE(session.resizeModel()->rowCount(), GroupResizeModel::MaxSizes);
        QCOMPARE(session.resizeModel()->index(3, GroupResizeModel::Resize).data().toString(),
                 QStringLiteral("3 → 4"));
        QCOMPARE(session.resizeModel()
                     ->index(3, GroupResizeModel::StreamsMoved)
                     .data(PartitionSortRole)
                     .toLongLong(),
                 3);
        QTRY_COMPARE(shared.size(), 1);
        QTRY_COMPARE(positions.size(), 1);
        QCOMPARE(session.positionsModel()->rowCount(), 0);

        session.setGroupSizes(2, 3);
        QCOMPARE(session.memberModel()->rowCount(), 2);
        QCOMPARE(session.streamsModel()->headerData(PartitionStreamsModel::Member, Qt::Horizontal).toString(),
                 QStringLiteral("Member (n=2)"));
        session.setGroupSizes(3, 4);

        // Live: five messages to c-1 reach member 0 and its rate.
        QSignalSpy seen(&session, &ConsumerGroupSession::streamsSeen);
        session.setLive(true);
        QVERIFY(session.tail().isRunning());
        QList<WriteRequest> live;
        for (int i = 0; i < 5; ++i)
            live << message(c + QStringLiteral("-1"));
        QVERIFY(t->writeMessages(t.ns, live));
        QTRY_COMPARE(session.liveArrivals(), 5);
        QTRY_COMPARE(messagesOf(0), 6);
        QVERIFY(session.memberRates().value(0) > 0);
        qsizetype lit = 0;
        for (const QList<QVariant>& signal : seen)
            lit += signal.at(0).value<QList<qsizetype>>().size();
        QCOMPARE(lit, 5);
        session.setLive(false);
        QVERIFY(!session.tail().isRunning());

        // Replay member 1 of 3, two messages a batch: c-2's two, then c-123+456's.
        QSignalSpy replayed(&session, &ConsumerGroupSession::replayed);
        session.replay({1, 1, 2, {}});
        QTRY_COMPARE(replayed.size(), 1);
        QCOMPARE(session.replayBatchNumber(), 1);
        QCOMPARE(session.replayModel()->rowCount(), 2);
        QCOMPARE(session.replayBatch().at(0).streamName, c + QStringLiteral("-2"));
        QCOMPARE(session.replayModel()->index(1, ReplayBatchModel::Stream).data().toString(),
                 c + QStringLiteral("-2"));
        const qint64 next = session.replayNextPosition();
        QCOMPARE(next, session.replayBatch().at(1).globalPosition + 1);
        session.replayNext({0, 1, 2, {}});
        QTRY_COMPARE(replayed.size(), 2);
        QCOMPARE(session.replayBatchNumber(), 2);
        QCOMPARE(session.replayRequest().position, next);
        for (const Message& m : session.replayBatch())
            QCOMPARE(m.streamName, c + QStringLiteral("-123+456"));

        // A consumer's recorded position appears after a reload.
        QVERIFY(
            t->writeMessage(t.ns, message(c + QStringLiteral(":position-worker"), QStringLiteral("Recorded"),
                                          QStringLiteral("{\"position\": %1}").arg(next - 1))));
        positions.clear();
        session.reload();
        QTRY_COMPARE(positions.size(), 1);
        QCOMPARE(session.positionsModel()->rowCount(), 1);
        QCOMPARE(session.positionsModel()->index(0, ConsumerPositionsModel::Consumer).data().toString(),
                 QStringLiteral("worker"));
        QCOMPARE(
            session.positionsModel()->index(0, ConsumerPositionsModel::RecordedPosition).data().toString(),
            QString::number(next - 1));
        QCOMPARE(session.replayBatchNumber(), 0); // a reload starts the replay over

        // An invalid category is refused before any read, in Message DB's words.
        QSignalSpy failed(&session, &ConsumerGroupSession::loadFailed);
        session.setCategory(t.ns, QStringLiteral("not-a-category"));
        QCOMPARE(failed.size(), 1);
        QVERIFY(
            failed.at(0).at(0).value<StoreError>().message.contains(QStringLiteral("Must be a category")));
        QVERIFY(!session.isLoaded());
    }

    void lookupModelShowsEveryGroupSize()
    {
        StreamLookupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLookup(PartitionSimulation::lookup(QStringLiteral("cgdemo-123+456")));
        QCOMPARE(model.rowCount(), 16);
        QCOMPARE(model.index(2, StreamLookupModel::GroupSize).data().toString(), QStringLiteral("3"));
        QCOMPARE(model.index(2, StreamLookupModel::Member).data().toString(), QStringLiteral("member 1"));
        QCOMPARE(model.index(0, StreamLookupModel::Member).data().toString(), QStringLiteral("member 0"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(PartitionTest)
#include "tst_partition.moc"
