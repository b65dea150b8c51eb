// Timeouts on a store URL: connect_timeout (libpq's) against a server that never answers, and
// mdbstudio's statement_timeout, which the server applies to every statement of the store.
#include "TestStores.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mdb;

namespace {

// A TCP port on loopback that takes connections into its backlog and never says a word, as a
// blackholed or hung server does.
class SilentServer
{
public:
    SilentServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::listen(m_fd, 16) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
    }
    ~SilentServer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

WriteRequest message(const QString& stream)
{
    WriteRequest r;
    r.streamName = stream;
    r.type = QStringLiteral("Slow");
    r.data = QStringLiteral("{}");
    return r;
}

// Another handle on `owner`'s store and namespace with a statement timeout.
mdbtest::TestStore withTimeout(const mdbtest::TestStore& owner, std::optional<int> milliseconds,
                               bool conditions = false)
{
    StoreLocation location = owner.store->location();
    location.statementTimeoutMs = milliseconds;
    location.conditionsEnabled = conditions;
    return mdbtest::reopen(owner, location);
}

void verifyTimedOut(const StoreError& e)
{
    QCOMPARE(e.kind, ErrorKind::Timeout);
    QCOMPARE(e.sqlState, QStringLiteral("57014"));
    QCOMPARE(e.message, QStringLiteral("canceling statement due to statement timeout"));
}

} // namespace

class TimeoutsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (mdbtest::postgresUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_URL is not set");
            QSKIP("no test PostgreSQL (run scripts/test.sh)");
        }
    }

    void connectTimeoutEndsASilentServer()
    {
        SilentServer silent;
        QVERIFY(silent.port() > 0);
        QElapsedTimer timer;
        timer.start();
        Result<std::unique_ptr<Store>> opened = Store::openNamed(
            QStringLiteral("postgresql://postgres@127.0.0.1:%1/mdbstudio_test?connect_timeout=2")
                .arg(silent.port()));
        const qint64 elapsed = timer.elapsed();
        qInfo("gave up after %lld ms: %s", elapsed, opened ? "" : qPrintable(opened.error().message));
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, ErrorKind::Connection);
        QVERIFY2(opened.error().message.contains(
                     QStringLiteral("connection to server at \"127.0.0.1\", port %1 failed: timeout expired")
                         .arg(silent.port())),
                 qPrintable(opened.error().message));
        // libpq waited for the timeout asked for (2 s) rather than failing at once, and then gave up
        // instead of hanging; how close to 2 s is a figure for the log, not a test.
        QVERIFY2(elapsed >= 1500 && elapsed < 60000, qPrintable(QString::number(elapsed)));
    }

    void statementTimeoutMustBeMilliseconds_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("with a unit") << QStringLiteral("5s");
        QTest::newRow("negative") << QStringLiteral("-1");
        QTest::newRow("a word") << QStringLiteral("soon");
        QTest::newRow("empty") << QString();
        QTest::newRow("beyond PostgreSQL's range") << QStringLiteral("99999999999");
    }

    void statementTimeoutMustBeMilliseconds()
    {
        QFETCH(QString, value);
        Result<StoreLocation> parsed =
            StoreLocation::parse(QStringLiteral("postgresql://u@h/db?statement_timeout=") + value);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(parsed.error().message,
                 QStringLiteral("statement_timeout must be a whole number of milliseconds, not \"%1\"")
                     .arg(value));
        QCOMPARE(StoreLocation::parse(QStringLiteral("postgresql://u@h/db?statement_timeout=250"))
                     ->statementTimeoutMs,
                 std::optional<int>(250));
    }

    void everyStatementRunsUnderTheTimeout()
    {
        MDB_OPEN_TARGET(owner, mdbtest::Target::Postgres);
        mdbtest::TestStore timed = withTimeout(owner, 250, true);
        QVERIFY2(timed.store, qPrintable(timed.problem));
        QVERIFY(timed->writeMessage(timed.ns, message(QStringLiteral("probe-1"))));
        // The condition runs on the server, inside the read's own statement.
        const StreamQuery probe{QStringLiteral("probe-1"),
                                {},
                                {},
                                QStringLiteral("current_setting('statement_timeout') = '250ms'")};
        QCOMPARE(mdbtest::outcome(timed->streamMessages(timed.ns, probe)), QStringLiteral("1"));
        // A store without the option runs under the server's own setting (none here).
        mdbtest::TestStore untimed = withTimeout(owner, std::nullopt, true);
        QVERIFY2(untimed.store, qPrintable(untimed.problem));
        QCOMPARE(mdbtest::outcome(untimed->streamMessages(untimed.ns, probe)), QStringLiteral("0"));
    }

    void blockedWriteTimesOut_thenTheStoreWritesAgain()
    {
        MDB_OPEN_TARGET(owner, mdbtest::Target::Postgres);
        mdbtest::TestStore timed = withTimeout(owner, 300);
        QVERIFY2(timed.store, qPrintable(timed.problem));
        QVERIFY(timed->writeMessage(timed.ns, message(QStringLiteral("warm-1")))); // connected and prepared

        // Advisory lock keys belong to the database: a category no other run or suite uses.
        const QString slow = mdbtest::uniqueName(QStringLiteral("slow"));
        mdbtest::CategoryLock lock(owner.ns, slow);
        QVERIFY(lock.held());
        QElapsedTimer timer;
        timer.start();
        Result<qint64> single = timed->writeMessage(timed.ns, message(slow + QStringLiteral("-1")));
        const qint64 singleMs = timer.restart();
        QVERIFY(!single);
        verifyTimedOut(single.error());
        Result<QList<qint64>> batch = timed->writeMessages(
            timed.ns, {message(slow + QStringLiteral("-2")), message(slow + QStringLiteral("-3"))});
        const qint64 batchMs = timer.elapsed();
        QVERIFY(!batch);
        verifyTimedOut(batch.error());
        qInfo("a single write gave up after %lld ms, a batch after %lld ms", singleMs, batchMs);
        // Each waited for the lock up to the timeout (300 ms), not failing at once, and the server
        // then cancelled it rather than letting it wait on the lock for good.
        QVERIFY2(singleMs >= 250 && singleMs < 60000, qPrintable(QString::number(singleMs)));
        QVERIFY2(batchMs >= 250 && batchMs < 60000, qPrintable(QString::number(batchMs)));
        lock.release();

        // The same connection serves on, and the cancelled writes left nothing behind.
        QCOMPARE(mdbtest::outcome(timed->writeMessage(timed.ns, message(slow + QStringLiteral("-1")))),
                 QStringLiteral("0"));
        QCOMPARE(*owner->streamVersion(owner.ns, slow + QStringLiteral("-1")), std::optional<qint64>(0));
        QCOMPARE(*owner->streamVersion(owner.ns, slow + QStringLiteral("-2")), std::optional<qint64>());
        QCOMPARE(*owner->streamVersion(owner.ns, slow + QStringLiteral("-3")), std::optional<qint64>());
    }

    void longReadTimesOut()
    {
        MDB_OPEN_TARGET(owner, mdbtest::Target::Postgres);
        QVERIFY(owner->writeMessage(owner.ns, message(QStringLiteral("sleepy-1"))));
        const StreamQuery sleepy{
            QStringLiteral("sleepy-1"), {}, {}, QStringLiteral("pg_sleep(0.6) IS NOT NULL")};
        mdbtest::TestStore timed = withTimeout(owner, 200, true);
        QVERIFY2(timed.store, qPrintable(timed.problem));
        Result<MessageList> read = timed->streamMessages(timed.ns, sleepy);
        QVERIFY(!read);
        verifyTimedOut(read.error());
        QCOMPARE(mdbtest::outcome(timed->streamMessages(timed.ns, {QStringLiteral("sleepy-1"), {}, {}, {}})),
                 QStringLiteral("1"));
        // Without the option the server's own setting (none here) applies.
        mdbtest::TestStore untimed = withTimeout(owner, std::nullopt, true);
        QVERIFY2(untimed.store, qPrintable(untimed.problem));
        QCOMPARE(mdbtest::outcome(untimed->streamMessages(untimed.ns, sleepy)), QStringLiteral("1"));
    }
};

QTEST_GUILESS_MAIN(TimeoutsTest)
#include "tst_timeouts.moc"
