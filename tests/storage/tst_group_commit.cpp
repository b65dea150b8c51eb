// Group commit on SQLite (storage/GroupCommit.cpp): concurrent writes share transactions, yet each
// write call keeps Message DB's semantics and its own outcome. Real SQLite files, no mocks.
#include "TestStores.h"
#include "storage/MessageDbRules.h"
#include "storage/Uuid.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTest>

#include <sqlite3.h>
#include <sys/resource.h>

#include <csignal>
#include <mutex>
#include <optional>
#include <thread>

using namespace mdb;

namespace {

WriteRequest request(const QString& stream, std::optional<qint64> expected = {},
                     std::optional<QString> id = {})
{
    return WriteRequest{std::move(id), stream, QStringLiteral("Tested"), QStringLiteral(R"({"n": 1})"), {},
                        expected};
}

template <typename Predicate>
bool waitUntil(Predicate done, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

using Outcome = std::optional<Result<QList<qint64>>>;

// Runs `calls` so that they land in one group, in this order: another connection holds the
// namespace's write lock (BEGIN IMMEDIATE) while a first write leads and waits for it, the calls
// queue up behind that leader one by one, and then the lock is released. The leader takes them all
// into its transaction before its commit (or, had it committed first, the next leader would).
// With `leader`, the leader's own write may fail too; its outcome lands there.
QList<Outcome> runInOneGroup(mdbtest::TestStore& t, const QList<QList<WriteRequest>>& calls, bool& grouped,
                             Outcome* leader = nullptr)
{
    auto* store = static_cast<SqliteStore*>(t.store.get());
    sqlite3* locker = nullptr;
    sqlite3_open(QFile::encodeName(store->namespaceFile(t.ns)).constData(), &locker);
    const bool locked = sqlite3_exec(locker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    const SqliteWriteStats before = store->writeStats(t.ns);

    QList<Outcome> outcomes(calls.size());
    Outcome blockerOutcome;
    std::vector<std::thread> threads;
    threads.emplace_back(
        [&] { blockerOutcome = store->writeMessages(t.ns, {request(QStringLiteral("lead-1"))}); });
    bool queued = waitUntil([&] {
        const SqliteWriteStats s = store->writeStats(t.ns);
        return s.groupInFlight && s.waiting == 0;
    });
    for (qsizetype i = 0; i < calls.size() && queued; ++i) {
        threads.emplace_back([&, i] { outcomes[i] = store->writeMessages(t.ns, calls.at(i)); });
        queued = waitUntil([&] { return store->writeStats(t.ns).waiting == i + 1; });
    }
    sqlite3_exec(locker, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(locker);
    for (std::thread& th : threads)
        th.join();
    const SqliteWriteStats after = store->writeStats(t.ns);
    // The leader's own group, then one group holding every call.
    const qint64 transactions = after.transactions - before.transactions;
    grouped = locked && queued && blockerOutcome && (leader || blockerOutcome->ok()) &&
              (transactions == 1 || transactions == 2) && after.largestGroup >= calls.size();
    if (leader)
        *leader = blockerOutcome;
    return outcomes;
}

// Lets this process write no byte past the start of any file until destroyed: SQLite's writes to
// the write-ahead log then fail as on a full disk. Nothing reaches the log before COMMIT, so COMMIT
// is what fails.
class FileSizeLimit
{
public:
    FileSizeLimit()
        : m_savedHandler(std::signal(SIGXFSZ, SIG_IGN)) // EFBIG for the write, not the signal's abort
    {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        rlimit limited = m_saved;
        limited.rlim_cur = 1;
        m_set = setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_savedHandler);
    }
    bool set() const { return m_set; }

private:
    void (*m_savedHandler)(int);
    rlimit m_saved{};
    bool m_set = false;
};

QList<qint64> positionsOf(Store& store, const QString& ns, const QString& stream)
{
    QList<qint64> positions;
    const Result<MessageList> messages = store.streamMessages(ns, {stream, {}, -1, {}});
    for (const Message& m : *messages)
        positions << m.position;
    return positions;
}

} // namespace

class GroupCommitTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // (a) Eight threads write with expected versions to their own streams and to two shared ones,
    // retrying on conflicts as an optimistic writer does.
    void concurrentWritersKeepMessageDbOrder()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        auto* store = static_cast<SqliteStore*>(t.store.get());
        constexpr int Threads = 8;
        constexpr int Writes = 200;
        struct Ack
        {
            QString id;
            QString stream;
            qint64 position;
        };
        std::mutex mutex;
        QList<Ack> acks;
        QStringList problems;
        int conflicts = 0;
        const auto writer = [&](int thread) {
            QList<Ack> mine;
            int myConflicts = 0;
            const QString own = QStringLiteral("gcOwn-%1").arg(thread);
            qint64 ownVersion = -1;
            for (int i = 0; i < Writes; ++i) {
                const bool shared = i % 2 == 1;
                const QString stream = shared ? QStringLiteral("gcShared-%1").arg(i / 2 % 2) : own;
                for (;;) {
                    qint64 expected = ownVersion;
                    if (shared) {
                        const Result<std::optional<qint64>> v = store->streamVersion(t.ns, stream);
                        expected = v && *v ? **v : -1;
                    }
                    const QString id = newUuid();
                    const Result<qint64> w = store->writeMessage(t.ns, request(stream, expected, id));
                    if (w) {
                        mine << Ack{id, stream, *w};
                        if (*w != expected + 1) {
                            std::lock_guard lock(mutex);
                            problems << QStringLiteral("%1 written at %2 after expecting %3")
                                            .arg(stream)
                                            .arg(*w)
                                            .arg(expected);
                        }
                        if (!shared)
                            ownVersion = *w;
                        break;
                    }
                    if (!shared || w.error().kind != ErrorKind::WrongExpectedVersion) {
                        std::lock_guard lock(mutex);
                        problems << w.error().message;
                        break;
                    }
                    ++myConflicts; // another writer got there first: read again and retry
                }
            }
            std::lock_guard lock(mutex);
            acks << mine;
            conflicts += myConflicts;
        };
        std::vector<std::thread> threads;
        for (int i = 0; i < Threads; ++i)
            threads.emplace_back(writer, i);
        for (std::thread& th : threads)
            th.join();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(acks.size(), Threads * Writes);

        // Every acknowledged write is there exactly once, where its caller was told.
        QHash<QString, Ack> byId;
        for (const Ack& a : std::as_const(acks))
            byId.insert(a.id, a);
        QCOMPARE(byId.size(), acks.size());
        QStringList streams{QStringLiteral("gcShared-0"), QStringLiteral("gcShared-1")};
        for (int i = 0; i < Threads; ++i)
            streams << QStringLiteral("gcOwn-%1").arg(i);
        qsizetype total = 0;
        for (const QString& stream : std::as_const(streams)) {
            const Result<MessageList> messages = t->streamMessages(t.ns, {stream, {}, -1, {}});
            QVERIFY(messages);
            qint64 lastGlobal = 0;
            for (qsizetype p = 0; p < messages->size(); ++p) {
                const Message& m = messages->at(p);
                QCOMPARE(m.position, qint64(p));        // contiguous from 0
                QVERIFY(m.globalPosition > lastGlobal); // global order follows stream order
                lastGlobal = m.globalPosition;
                QVERIFY2(byId.contains(m.id), qPrintable(m.id));
                QCOMPARE(byId.value(m.id).stream, stream);
                QCOMPARE(byId.value(m.id).position, m.position);
            }
            total += messages->size();
        }
        QCOMPARE(total, acks.size());
        const Result<NamespaceInfo> info = t->describeNamespace(t.ns);
        QCOMPARE(*info->lastGlobalPosition, qint64(acks.size())); // nothing else was written

        const SqliteWriteStats stats = store->writeStats(t.ns);
        qInfo("%lld writes, %lld conflicts, %lld commits, largest group %lld", stats.writes,
              stats.failedWrites, stats.commits, stats.largestGroup);
        QCOMPARE(stats.writes, qint64(acks.size()));
        QCOMPARE(stats.failedWrites, qint64(conflicts));
        QVERIFY2(stats.commits < stats.writes, "no two writes shared a commit");
        QVERIFY(stats.largestGroup > 1);
    }

    // (b) A wrong expected version and a duplicate id in one group fail alone, with Message DB's
    // texts, and their neighbours, which see each other's writes, succeed.
    void conflictAndDuplicateFailAlone()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        const QString taken = newUuid();
        QVERIFY(t->writeMessage(t.ns, request(QStringLiteral("gcB-1"), -1)));
        QVERIFY(t->writeMessage(t.ns, request(QStringLiteral("gcB-2"), {}, taken)));
        bool grouped = false;
        const QList<Outcome> out = runInOneGroup(t,
                                                 {
                                                     {request(QStringLiteral("gcB-1"), 0)},
                                                     {request(QStringLiteral("gcB-1"), 0)}, // stale now
                                                     {request(QStringLiteral("gcB-3"), {}, taken)},
                                                     {request(QStringLiteral("gcB-3"), -1)},
                                                     {request(QStringLiteral("gcB-1"), 1)},
                                                 },
                                                 grouped);
        QVERIFY2(grouped, "the calls did not share one transaction");
        QCOMPARE(*out[0]->value().begin(), 1);

        const StoreError& conflict = out[1]->error();
        const StoreError expectedConflict =
            MessageDbRules::wrongExpectedVersion(0, QStringLiteral("gcB-1"), 1);
        QCOMPARE(conflict.kind, ErrorKind::WrongExpectedVersion);
        QCOMPARE(conflict.message,
                 QStringLiteral("Wrong expected version: 0 (Stream: gcB-1, Stream Version: 1)"));
        QCOMPARE(conflict.sqlState, expectedConflict.sqlState);

        const StoreError& duplicate = out[2]->error();
        QCOMPARE(duplicate.kind, ErrorKind::Conflict);
        QCOMPARE(duplicate.message,
                 QStringLiteral("duplicate key value violates unique constraint \"messages_id\""));
        QCOMPARE(duplicate.sqlState, QStringLiteral("23505"));
        QCOMPARE(duplicate.detail, QStringLiteral("Key (id)=(%1) already exists.").arg(taken));

        QCOMPARE(out[3]->value(), QList<qint64>{0}); // the duplicate left nothing in gcB-3
        QCOMPARE(out[4]->value(), QList<qint64>{2});
        QCOMPARE(positionsOf(*t.store, t.ns, QStringLiteral("gcB-1")), (QList<qint64>{0, 1, 2}));
        const Result<MessageList> three = t->streamMessages(t.ns, {QStringLiteral("gcB-3"), {}, {}, {}});
        QCOMPARE(three->size(), 1);
        QVERIFY(three->first().id != taken);
    }

    // (c) A writeMessages batch inside a group is still all or nothing.
    void batchInGroupIsAllOrNothing()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        bool grouped = false;
        const QList<Outcome> out =
            runInOneGroup(t,
                          {
                              {request(QStringLiteral("gcC-1"), -1)},
                              // fails on its third message: its first two must not remain
                              {request(QStringLiteral("gcC-2"), -1), request(QStringLiteral("gcC-2"), 0),
                               request(QStringLiteral("gcC-1"), 5)},
                              {request(QStringLiteral("gcC-3"), -1), request(QStringLiteral("gcC-3"), 0),
                               request(QStringLiteral("gcC-3"), 1)},
                              // fails on a bad id after a good message
                              {request(QStringLiteral("gcC-4"), -1),
                               request(QStringLiteral("gcC-4"), 0, QStringLiteral("nope"))},
                              {request(QStringLiteral("gcC-1"), 0)},
                          },
                          grouped);
        QVERIFY2(grouped, "the calls did not share one transaction");
        QCOMPARE(out[0]->value(), QList<qint64>{0});
        QCOMPARE(out[1]->error().message,
                 QStringLiteral("Wrong expected version: 5 (Stream: gcC-1, Stream Version: 0)"));
        QCOMPARE(out[2]->value(), (QList<qint64>{0, 1, 2}));
        QCOMPARE(out[3]->error().message, QStringLiteral("invalid input syntax for type uuid: \"nope\""));
        QCOMPARE(out[3]->error().sqlState, QStringLiteral("22P02"));
        QCOMPARE(out[4]->value(), QList<qint64>{1});
        QVERIFY(!t->streamVersion(t.ns, QStringLiteral("gcC-2"))->has_value());
        QVERIFY(!t->streamVersion(t.ns, QStringLiteral("gcC-4"))->has_value());
        QCOMPARE(positionsOf(*t.store, t.ns, QStringLiteral("gcC-1")), (QList<qint64>{0, 1}));
        QCOMPARE(positionsOf(*t.store, t.ns, QStringLiteral("gcC-3")), (QList<qint64>{0, 1, 2}));
        const SqliteWriteStats stats = static_cast<SqliteStore*>(t.store.get())->writeStats(t.ns);
        QCOMPARE(stats.failedWrites, 2);
    }

    // (c') A COMMIT that fails (here the log cannot grow, as on a full disk) fails every call of
    // its group, none of them lands, and the writer goes on once the disk has room again.
    void failedCommitFailsTheWholeGroup()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        QCOMPARE(*t->writeMessage(t.ns, request(QStringLiteral("gcG-0"), -1)), 0);
        bool grouped = false;
        Outcome leader;
        QList<Outcome> out;
        {
            const FileSizeLimit full;
            QVERIFY(full.set());
            out = runInOneGroup(t,
                                {{request(QStringLiteral("gcG-1"), -1)},
                                 {request(QStringLiteral("gcG-2")), request(QStringLiteral("gcG-2"))},
                                 {request(QStringLiteral("gcG-0"), 0)}},
                                grouped, &leader);
        }
        QVERIFY2(grouped, "the calls did not share one transaction");
        QVERIFY(leader && !leader->ok());
        for (const Outcome& o : out) {
            QVERIFY(o && !o->ok());
            // A short write is SQLite's "database or disk is full", a refused one its I/O error.
            const QString message = o->error().message;
            QVERIFY2(message == u"COMMIT failed: database or disk is full" ||
                         message == u"COMMIT failed: disk I/O error",
                     qPrintable(message));
        }
        const SqliteWriteStats stats = static_cast<SqliteStore*>(t.store.get())->writeStats(t.ns);
        QCOMPARE(stats.failedWrites, 4);
        QCOMPARE(stats.commits, 1);
        for (const QString& stream :
             {QStringLiteral("gcG-1"), QStringLiteral("gcG-2"), QStringLiteral("lead-1")})
            QVERIFY2(!t->streamVersion(t.ns, stream)->has_value(), qPrintable(stream));
        QCOMPARE(positionsOf(*t.store, t.ns, QStringLiteral("gcG-0")), QList<qint64>{0});
        // Room again: the same writes go through, in Message DB's order.
        QCOMPARE(*t->writeMessage(t.ns, request(QStringLiteral("gcG-0"), 0)), 1);
        QCOMPARE(*t->writeMessage(t.ns, request(QStringLiteral("gcG-1"), -1)), 0);
        sqlite3* check = nullptr;
        const QString path = static_cast<SqliteStore*>(t.store.get())->namespaceFile(t.ns);
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &check), SQLITE_OK);
        sqlite3_stmt* integrity = nullptr;
        sqlite3_prepare_v2(check, "PRAGMA integrity_check", -1, &integrity, nullptr);
        QCOMPARE(sqlite3_step(integrity), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(integrity, 0))),
                 QByteArray("ok"));
        sqlite3_finalize(integrity);
        sqlite3_close(check);
    }

    // (d) A writer alone commits at once: one transaction and one commit per write.
    void singleWriterCommitsEachWrite()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(*t->writeMessage(t.ns, request(QStringLiteral("gcD-1"), i - 1)), qint64(i));
        QVERIFY(!t->writeMessage(t.ns, request(QStringLiteral("gcD-1"), 0)));
        const SqliteWriteStats stats = static_cast<SqliteStore*>(t.store.get())->writeStats(t.ns);
        QCOMPARE(stats.writes, 20);
        QCOMPARE(stats.commits, 20);
        QCOMPARE(stats.failedWrites, 1);
        QCOMPARE(stats.transactions, 21); // the failed write rolled its own transaction back
        QCOMPARE(stats.largestGroup, 1);
        QCOMPARE(stats.waiting, 0);
    }

    // An acknowledged write is visible to any other connection at once: it was committed.
    void acknowledgedMeansCommitted()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        const QString path = static_cast<SqliteStore*>(t.store.get())->namespaceFile(t.ns);
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &other), SQLITE_OK);
        sqlite3_stmt* count = nullptr;
        sqlite3_prepare_v2(other, "SELECT count(*) FROM messages", -1, &count, nullptr);
        std::vector<std::thread> threads;
        std::atomic<int> unseen{0};
        std::mutex mutex;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                for (int k = 0; k < 25; ++k) {
                    if (!t->writeMessage(t.ns, request(QStringLiteral("gcE-%1").arg(i))))
                        ++unseen;
                    std::lock_guard lock(mutex);
                    sqlite3_step(count);
                    const qint64 rows = sqlite3_column_int64(count, 0);
                    sqlite3_reset(count);
                    // At least this thread's writes so far are in the file.
                    if (rows < k + 1)
                        ++unseen;
                }
            });
        }
        for (std::thread& th : threads)
            th.join();
        sqlite3_finalize(count);
        sqlite3_close(other);
        QCOMPARE(int(unseen), 0);
    }

    // Dropping a namespace closes its writer; writing to it afterwards reports it missing.
    void dropClosesTheWriter()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        const QString ns = QStringLiteral("gc_drop");
        QVERIFY(t->createNamespace(ns));
        QVERIFY(t->writeMessage(ns, request(QStringLiteral("gcF-1"))));
        QVERIFY(t->dropNamespace(ns));
        const Result<qint64> w = t->writeMessage(ns, request(QStringLiteral("gcF-1")));
        QCOMPARE(w.error().kind, ErrorKind::NotFound);
        QVERIFY(t->createNamespace(ns));
        QCOMPARE(*t->writeMessage(ns, request(QStringLiteral("gcF-1"), -1)), 0);
        QVERIFY(t->dropNamespace(ns));
    }
};

QTEST_GUILESS_MAIN(GroupCommitTest)
#include "tst_group_commit.moc"
