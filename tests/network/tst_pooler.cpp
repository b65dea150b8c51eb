// Stores behind PgBouncer in transaction pooling mode, where each transaction may run on another
// server session and server sessions are shared by client connections: read-only and the statement
// timeout still hold, and prepared writes are never lost or doubled. The test cluster's PgBouncer
// also serves the test database through pools of one and of two server connections
// (mdbstudio_test_pool1, mdbstudio_test_pool2), where clients certainly share server sessions.
#include "TestStores.h"
#include "storage/postgres/PostgresStore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <mutex>
#include <thread>

using namespace mdb;

namespace {

// The pooled test database under another PgBouncer database name, with extra URL options.
QString pooledUrl(const QString& database, const QString& options = {})
{
    QUrl url(mdbtest::pgBouncerUrl());
    url.setPath(u'/' + database);
    if (!options.isEmpty())
        url.setQuery(options);
    return url.toString();
}

WriteRequest message(const QString& stream, std::optional<qint64> expected = std::nullopt)
{
    WriteRequest r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.streamName = stream;
    r.type = QStringLiteral("Pooled");
    r.data = QStringLiteral("{}");
    r.expectedVersion = expected;
    return r;
}

std::unique_ptr<Store> open(const QString& url)
{
    Result<std::unique_ptr<Store>> opened = Store::openNamed(url);
    if (!opened) {
        qWarning("%s: %s", qPrintable(url), qPrintable(opened.error().message));
        return nullptr;
    }
    return std::move(opened).value();
}

// A plain client connection through a pooled database: each of its statements runs on whichever
// server session the pool hands out, which for mdbstudio_test_pool1 is the only one.
class PoolClient
{
public:
    explicit PoolClient(const QString& database)
    {
        const QUrl url(mdbtest::pgBouncerUrl());
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("pool-client"));
        m_db.setHostName(url.host());
        m_db.setPort(url.port());
        m_db.setUserName(url.userName());
        m_db.setDatabaseName(database);
        m_db.open();
    }
    ~PoolClient()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("pool-client"));
    }
    PoolClient(const PoolClient&) = delete;
    PoolClient& operator=(const PoolClient&) = delete;

    bool exec(const QString& sql)
    {
        QSqlQuery q(m_db);
        return q.exec(sql);
    }
    // mdbstudio's prepared writes to `ns` living on the server session that runs this.
    int preparedWrites(const QString& ns)
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral(
                        "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'mdbstudio_write_%' "
                        "AND statement LIKE '%\"%1\".write_message(%'")
                        .arg(ns)) ||
            !q.next())
            return -1;
        return q.value(0).toInt();
    }

private:
    QSqlDatabase m_db;
};

QStringList idsOf(const MessageList& messages)
{
    QStringList ids;
    for (const Message& m : messages)
        ids << m.id;
    return ids;
}

} // namespace

class PoolerTest : public QObject
{
    Q_OBJECT

private:
    // A namespace of its own, created through the pooler.
    mdbtest::TestStore m_owner;

private Q_SLOTS:
    void initTestCase()
    {
        if (mdbtest::pgBouncerUrl().isEmpty() || mdbtest::pgBouncerOfficialUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PGBOUNCER_PG_URL or MDBSTUDIO_TEST_PGBOUNCER_OFFICIAL_URL is not set");
            QSKIP("no PgBouncer in front of the test PostgreSQL (run scripts/test.sh)");
        }
        m_owner.store = open(mdbtest::pgBouncerUrl());
        QVERIFY(m_owner.store);
        m_owner.ns = mdbtest::uniqueName(QStringLiteral("pool_"));
        QVERIFY(m_owner->createNamespace(m_owner.ns));
        m_owner.dropOnExit = true;
    }

    void readOnlyHoldsOnASharedServerSession()
    {
        // Both stores' statements run on the one server session of the pool.
        std::unique_ptr<Store> writable = open(pooledUrl(QStringLiteral("mdbstudio_test_pool1")));
        std::unique_ptr<Store> readOnly =
            open(pooledUrl(QStringLiteral("mdbstudio_test_pool1"), QStringLiteral("readonly=1")));
        QVERIFY(writable && readOnly);
        const QString& ns = m_owner.ns;
        QCOMPARE(mdbtest::outcome(writable->writeMessage(ns, message(QStringLiteral("ro-1")))),
                 QStringLiteral("0"));

        Result<qint64> single = readOnly->writeMessage(ns, message(QStringLiteral("ro-1")));
        QVERIFY(!single);
        QCOMPARE(single.error().kind, ErrorKind::ReadOnly);
        QCOMPARE(single.error().message, QStringLiteral("cannot execute INSERT in a read-only transaction"));
        Result<QList<qint64>> batch =
            readOnly->writeMessages(ns, {message(QStringLiteral("ro-2")), message(QStringLiteral("ro-3"))});
        QVERIFY(!batch);
        QCOMPARE(batch.error().kind, ErrorKind::ReadOnly);
        QCOMPARE(readOnly->createNamespace(mdbtest::uniqueName(QStringLiteral("ro_"))).error().kind,
                 ErrorKind::ReadOnly);
        QCOMPARE(readOnly->dropNamespace(ns).error().kind, ErrorKind::ReadOnly);
        QCOMPARE(mdbtest::outcome(readOnly->streamMessages(ns, {QStringLiteral("ro-1"), {}, {}, {}})),
                 QStringLiteral("1"));

        // The writable store, on the same server session, is not left read-only.
        QCOMPARE(mdbtest::outcome(writable->writeMessage(ns, message(QStringLiteral("ro-1")))),
                 QStringLiteral("1"));
        QCOMPARE(*m_owner->streamVersion(ns, QStringLiteral("ro-2")), std::optional<qint64>());

        // The official install through the pooler too.
        std::unique_ptr<Store> official =
            open(mdbtest::pgBouncerOfficialUrl() + QStringLiteral("?readonly=1"));
        QVERIFY(official);
        Result<qint64> refused =
            official->writeMessage(QStringLiteral("message_store"), message(QStringLiteral("ro-1")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::ReadOnly);
    }

    void statementTimeoutHoldsOnASharedServerSession()
    {
        std::unique_ptr<Store> timed =
            open(pooledUrl(QStringLiteral("mdbstudio_test_pool1"), QStringLiteral("statement_timeout=300")));
        std::unique_ptr<Store> untimed =
            open(pooledUrl(QStringLiteral("mdbstudio_test_pool1"), QStringLiteral("conditions=1")));
        QVERIFY(timed && untimed);
        const QString& ns = m_owner.ns;
        // Advisory lock keys belong to the database: a category no other run or suite uses.
        const QString slow = mdbtest::uniqueName(QStringLiteral("slow"));
        {
            mdbtest::CategoryLock lock(ns, slow);
            QVERIFY(lock.held());
            Result<qint64> blocked = timed->writeMessage(ns, message(slow + QStringLiteral("-1")));
            QVERIFY(!blocked);
            QCOMPARE(blocked.error().kind, ErrorKind::Timeout);
            QCOMPARE(blocked.error().sqlState, QStringLiteral("57014"));
            QCOMPARE(blocked.error().message, QStringLiteral("canceling statement due to statement timeout"));
        }
        QCOMPARE(mdbtest::outcome(timed->writeMessage(ns, message(slow + QStringLiteral("-1")))),
                 QStringLiteral("0"));
        // On the same server session, a store without the option runs longer than 300 ms.
        QCOMPARE(mdbtest::outcome(untimed->streamMessages(
                     ns, {slow + QStringLiteral("-1"), {}, {}, QStringLiteral("pg_sleep(0.5) IS NOT NULL")})),
                 QStringLiteral("1"));
    }

    void preparedWritesOnSharedServerSessions()
    {
        std::unique_ptr<Store> first = open(pooledUrl(QStringLiteral("mdbstudio_test_pool1")));
        std::unique_ptr<Store> second = open(pooledUrl(QStringLiteral("mdbstudio_test_pool1")));
        QVERIFY(first && second);
        PoolClient pool(QStringLiteral("mdbstudio_test_pool1"));
        const QString& ns = m_owner.ns;
        const QString stream = QStringLiteral("shared-1");
        QList<WriteRequest> sent;
        const auto write = [&](Store& store) -> Result<qint64> {
            sent << message(stream, sent.size() - 1);
            return store.writeMessage(ns, sent.constLast());
        };

        QCOMPARE(mdbtest::outcome(write(*first)), QStringLiteral("0"));
        QCOMPARE(pool.preparedWrites(ns), 1); // prepared on the pool's one server session
        // The second client connection prepares it again and finds it there (42P05).
        QCOMPARE(mdbtest::outcome(write(*second)), QStringLiteral("1"));
        QCOMPARE(pool.preparedWrites(ns), 1);
        // Gone from the server session behind the first one's back (26000): prepared again.
        QVERIFY(pool.exec(QStringLiteral("DEALLOCATE ALL")));
        QCOMPARE(pool.preparedWrites(ns), 0);
        QCOMPARE(mdbtest::outcome(write(*first)), QStringLiteral("2"));
        QCOMPARE(pool.preparedWrites(ns), 1);
        QCOMPARE(mdbtest::outcome(write(*second)), QStringLiteral("3"));

        QStringList ids;
        for (const WriteRequest& r : sent)
            ids << *r.id;
        QCOMPARE(idsOf(*m_owner->streamMessages(ns, {stream, {}, {}, {}})), ids);
    }

    // The same through write channels (mdbctl stress --threads), whose writes are sent without
    // waiting for their answers.
    void writeChannelsOnSharedServerSessions()
    {
        std::unique_ptr<Store> stores[] = {open(pooledUrl(QStringLiteral("mdbstudio_test_pool1"))),
                                           open(pooledUrl(QStringLiteral("mdbstudio_test_pool1")))};
        QVERIFY(stores[0] && stores[1]);
        PoolClient pool(QStringLiteral("mdbstudio_test_pool1"));
        const QString& ns = m_owner.ns;
        const QString stream = QStringLiteral("channels-1");
        std::unique_ptr<WriteChannel> channels[2];
        for (int i = 0; i < 2; ++i) {
            auto* pg = dynamic_cast<PostgresStore*>(stores[i].get());
            QVERIFY(pg && pg->capabilities().writeChannels);
            channels[i] = pg->writeChannel(ns);
        }
        QList<WriteRequest> sent;
        const auto write = [&](int channel) {
            sent << message(stream, sent.size() - 1);
            return mdbtest::outcome(mdbtest::writeByChannel(*channels[channel], sent.constLast()));
        };
        QCOMPARE(write(0), QStringLiteral("0"));
        QCOMPARE(pool.preparedWrites(ns), 1);
        QCOMPARE(write(1), QStringLiteral("1")); // found there (42P05)
        QVERIFY(pool.exec(QStringLiteral("DEALLOCATE ALL")));
        QCOMPARE(write(0), QStringLiteral("2")); // gone (26000): prepared again, sent once more
        QCOMPARE(pool.preparedWrites(ns), 1);
        QCOMPARE(write(1), QStringLiteral("3"));

        QStringList ids;
        for (const WriteRequest& r : sent)
            ids << *r.id;
        QCOMPARE(idsOf(*m_owner->streamMessages(ns, {stream, {}, {}, {}})), ids);
    }

    void concurrentWritesAreNeitherLostNorDoubled()
    {
        // Eight client connections on two server sessions: statements keep changing session.
        std::unique_ptr<Store> stores[] = {open(pooledUrl(QStringLiteral("mdbstudio_test_pool2"))),
                                           open(pooledUrl(QStringLiteral("mdbstudio_test_pool2")))};
        QVERIFY(stores[0] && stores[1]);
        constexpr int Writers = 4;
        constexpr int Writes = 40;
        const QString ns = m_owner.ns;
        std::mutex mutex;
        QStringList errors;
        QList<QStringList> written(Writers);
        std::vector<std::thread> writers;
        for (int w = 0; w < Writers; ++w) {
            writers.emplace_back([&, w] {
                const QString stream = QStringLiteral("busy-%1").arg(w);
                for (int i = 0; i < Writes; ++i) {
                    // The expected version turns a doubled write into an error, never a silent copy.
                    const WriteRequest r = message(stream, i - 1);
                    Result<qint64> position = stores[i % 2]->writeMessage(ns, r);
                    std::lock_guard lock(mutex);
                    if (!position || *position != i) {
                        errors << QStringLiteral("%1 #%2: %3")
                                      .arg(stream)
                                      .arg(i)
                                      .arg(position ? QString::number(*position) : position.error().message);
                        return;
                    }
                    written[w] << *r.id;
                }
            });
        }
        for (std::thread& t : writers)
            t.join();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        for (int w = 0; w < Writers; ++w) {
            Result<MessageList> read =
                m_owner->streamMessages(ns, {QStringLiteral("busy-%1").arg(w), {}, {}, {}});
            QVERIFY(read);
            QCOMPARE(idsOf(*read), written[w]);
        }
    }
};

QTEST_GUILESS_MAIN(PoolerTest)
#include "tst_pooler.moc"
