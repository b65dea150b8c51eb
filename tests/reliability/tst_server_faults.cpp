// PostgreSQL server faults under load: the server restarted in the middle of a stress run, and
// backends terminated in the middle of writes. The run reports the errors, reconnects by itself,
// goes on writing, and the verification afterwards finds every acknowledged write, no duplicate
// and no gap. The browser shows that it is disconnected and reconnects by itself.
//
// Runs against a cluster of its own (MDBSTUDIO_TEST_FAULT_PG_URL_BASE, restarted through
// MDBSTUDIO_TEST_FAULT_PG_CTL), so that no other suite sees its faults.
#include "TestStores.h"
#include "model/StoreTreeModel.h"
#include "model/StressRun.h"
#include "model/WorkerPools.h"
#include "ui/MainWindow.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>

using namespace mdb;

namespace {

QString faultUrlBase()
{
    return qEnvironmentVariable("MDBSTUDIO_TEST_FAULT_PG_URL_BASE");
}

// Runs pg_ctl on the fault cluster: "restart", "stop" or "start".
bool pgCtl(const QString& action)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QStringLiteral("sh"),
            {QStringLiteral("-c"), qEnvironmentVariable("MDBSTUDIO_TEST_FAULT_PG_CTL") + u' ' + action +
                                       QStringLiteral(" -m fast -w >/dev/null")});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// An administrator's connection to the fault cluster, opened anew for every use: it dies with
// the server too.
QSqlDatabase adminConnection(const QString& database)
{
    const QString name = QStringLiteral("fault-admin");
    if (QSqlDatabase::contains(name))
        QSqlDatabase::removeDatabase(name);
    const Result<StoreLocation> base = StoreLocation::parse(faultUrlBase() + u'/' + database);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(base->pgParams.value(QStringLiteral("host")));
    db.setPort(base->pgParams.value(QStringLiteral("port")).toInt());
    db.setUserName(base->pgParams.value(QStringLiteral("user")));
    db.setDatabaseName(database);
    return db;
}

qint64 serverStartedAt()
{
    QSqlDatabase db = adminConnection(QStringLiteral("postgres"));
    if (!db.open())
        return 0;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT (extract(epoch from pg_postmaster_start_time()) * 1000000)::bigint"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

struct FaultTarget
{
    std::shared_ptr<Store> store;
    QString ns;
    QString database;
};

// An mdbstudio namespace in the fault cluster's test database, or its official install.
FaultTarget openFaultTarget(bool official, const QString& applicationName)
{
    FaultTarget t;
    t.database = official ? QStringLiteral("message_store") : QStringLiteral("mdbstudio_test");
    Result<std::unique_ptr<Store>> opened = Store::openNamed(
        faultUrlBase() + u'/' + t.database + QStringLiteral("?application_name=") + applicationName);
    if (!opened)
        return t;
    t.store = std::move(opened).value();
    t.ns = official ? QStringLiteral("message_store") : mdbtest::uniqueName(QStringLiteral("faults_"));
    if (!official && !t.store->createNamespace(t.ns))
        t.store.reset();
    return t;
}

// Acknowledgements as they happen, to show that writing went on after a fault.
struct AckClock
{
    std::atomic<qint64> count{0};
    std::atomic<qint64> sinceMark{0};
    std::atomic<bool> marked{false};
    void mark() { marked = true; }
    void acknowledged()
    {
        ++count;
        if (marked)
            ++sinceMark;
    }
};

// `threads`: the writers' connections driven by that many threads (0: a thread per writer).
StressConfig faultRunConfig(const QString& ns, StressMode mode, AckClock& clock, int threads = 0)
{
    StressConfig config;
    config.ns = ns;
    config.mode = mode;
    config.writers = 4;
    config.threads = threads;
    config.durationMs = 7000;
    config.payloadBytes = 200;
    config.onAcknowledged = [&clock](const AcknowledgedWrite&) {
        clock.acknowledged();
    };
    return config;
}

void checkSurvived(const StressSummary& summary, const AckClock& clock)
{
    qInfo("writes %lld acknowledged %lld errors %lld, after the fault %lld; %lld messages verified",
          summary.writes, summary.acknowledged, summary.errors, clock.sinceMark.load(),
          summary.verification ? summary.verification->messages : -1);
    for (auto it = summary.errorsByKind.cbegin(); it != summary.errorsByKind.cend(); ++it)
        qInfo("  error x%lld: %s", it.value(), qPrintable(it.key()));
    QVERIFY2(summary.errors > 0, "the fault was not reported");
    QVERIFY2(clock.sinceMark > 20, "writing did not go on after the fault");
    QVERIFY2(summary.verification, qPrintable(summary.verifyError));
    for (const Violation& v : summary.verification->violations)
        qWarning("%s", qPrintable(violationLine(v)));
    QVERIFY(summary.verified());
    // Every acknowledged write was found (the verifier reports a missing one as a violation);
    // writes the server committed whose answer the fault lost may come on top.
    QVERIFY(summary.verification->messages >= summary.acknowledged);
}

} // namespace

class ServerFaultsTest : public QObject
{
    Q_OBJECT

    void keepSummary(StressRun& run, StressSummary& summary, bool& finished)
    {
        connect(&run, &StressRun::finished, this, [&summary, &finished](const StressSummary& s) {
            summary = s;
            finished = true;
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (faultUrlBase().isEmpty() || qEnvironmentVariable("MDBSTUDIO_TEST_FAULT_PG_CTL").isEmpty())
            QFAIL("no fault cluster: run scripts/test.sh (MDBSTUDIO_TEST_FAULT_PG_URL_BASE, "
                  "MDBSTUDIO_TEST_FAULT_PG_CTL)");
        QVERIFY(serverStartedAt() > 0);
    }
    void cleanup() { finishWorkers(); }

    void stressRunSurvivesServerRestart_data()
    {
        QTest::addColumn<bool>("official");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("threads");
        QTest::newRow("mdbstudio namespace, same-category") << false << int(StressMode::SameCategory) << 0;
        QTest::newRow("official install, same-stream") << true << int(StressMode::SameStream) << 0;
        QTest::newRow("official install, same-stream, 2 threads") << true << int(StressMode::SameStream) << 2;
    }

    void stressRunSurvivesServerRestart()
    {
        QFETCH(bool, official);
        QFETCH(int, mode);
        QFETCH(int, threads);
        const FaultTarget target = openFaultTarget(official, QStringLiteral("mdbstudio-restart"));
        QVERIFY(target.store);
        const qint64 startedBefore = serverStartedAt();
        QVERIFY(startedBefore > 0);
        AckClock clock;
        StressRun run;
        StressSummary summary;
        bool finished = false;
        keepSummary(run, summary, finished);
        run.start(target.store, faultRunConfig(target.ns, StressMode(mode), clock, threads));
        QTRY_VERIFY_WITH_TIMEOUT(clock.count > 50, 10000);
        QVERIFY(pgCtl(QStringLiteral("restart")));
        clock.mark();
        // A new postmaster, read back from it: a failed read (0) does not count as a restart.
        QTRY_VERIFY_WITH_TIMEOUT(serverStartedAt() > startedBefore, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
        checkSurvived(summary, clock);
        QCOMPARE(summary.clientThreads, threads > 0 ? threads : 4);
        if (!official)
            QVERIFY(target.store->dropNamespace(target.ns));
    }

    void stressRunSurvivesTerminatedBackends_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("a thread per writer") << 0;
        QTest::newRow("writers on 2 threads") << 2;
    }

    void stressRunSurvivesTerminatedBackends()
    {
        QFETCH(int, threads);
        const QString app = QStringLiteral("mdbstudio-terminated");
        const FaultTarget target = openFaultTarget(false, app);
        QVERIFY(target.store);
        AckClock clock;
        StressRun run;
        StressSummary summary;
        bool finished = false;
        keepSummary(run, summary, finished);
        run.start(target.store, faultRunConfig(target.ns, StressMode::Distinct, clock, threads));
        QTRY_VERIFY_WITH_TIMEOUT(clock.count > 50, 10000);
        clock.mark();
        // A backend busy in write_message is terminated, again and again while the run lasts.
        QSqlDatabase admin = adminConnection(target.database);
        QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
        int terminated = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 4000) {
            QSqlQuery q(admin);
            QVERIFY(q.exec(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM ("
                                          "  SELECT pid FROM pg_stat_activity WHERE application_name = '%1'"
                                          "  AND state = 'active' AND query LIKE '%write%' LIMIT 1) AS busy")
                               .arg(app)));
            QVERIFY(q.next());
            terminated += q.value(0).toInt();
            QTest::qWait(150);
        }
        admin.close();
        qInfo("terminated %d backends in the middle of a write", terminated);
        QVERIFY(terminated >= 5);
        QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
        checkSurvived(summary, clock);
        QCOMPARE(summary.clientThreads, threads > 0 ? threads : 4);
        QVERIFY(summary.errors >= terminated / 2);
        QVERIFY(target.store->dropNamespace(target.ns));
    }

    void browserShowsDisconnectedAndReconnects()
    {
        const FaultTarget target = openFaultTarget(false, QStringLiteral("mdbstudio-browser"));
        QVERIFY(target.store);
        QVERIFY(target.store->writeMessage(
            target.ns,
            {{}, QStringLiteral("account-1"), QStringLiteral("Opened"), QStringLiteral("{}"), {}, {}}));
        MainWindow window(target.store);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.treeModel()->rowCount() > 0, 10000);
        auto* marker = window.findChild<QLabel*>(QStringLiteral("disconnectedMarker"));
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusText"));
        QVERIFY(marker && status);
        QVERIFY(!marker->isVisible());

        QVERIFY(pgCtl(QStringLiteral("stop")));
        window.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(marker->isVisible(), 15000);
        QVERIFY2(status->text().startsWith(QStringLiteral("Disconnected from")), qPrintable(status->text()));
        QVERIFY(!status->text().contains(QStringLiteral("password")));
        // Still usable while the server is away: another read fails, nothing crashes, and the
        // window still says it is disconnected.
        QSignalSpy failed(window.treeModel(), &StoreTreeModel::failed);
        window.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 15000);
        QVERIFY(marker->isVisible());

        QVERIFY(pgCtl(QStringLiteral("start")));
        QTRY_VERIFY_WITH_TIMEOUT(!marker->isVisible(), 15000);
        QVERIFY2(status->text().startsWith(QStringLiteral("Reconnected to")), qPrintable(status->text()));
        QTRY_VERIFY_WITH_TIMEOUT(window.treeModel()->rowCount() > 0, 10000);
        window.close();
        finishWorkers();
        QVERIFY(target.store->dropNamespace(target.ns));
    }
};

QTEST_MAIN(ServerFaultsTest)
#include "tst_server_faults.moc"
