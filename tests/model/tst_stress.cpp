// The stress engine and the verifier on each backend: every mode's run verifies clean with its
// writes all present, a cancelled run leaves a store that verifies, and the verifier names a gap,
// a duplicate position, a duplicate id, a missing and a changed write planted on purpose.
#include "TestStores.h"
#include "model/StoreVerifier.h"
#include "model/StressRun.h"
#include "storage/StreamName.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace mdb;

namespace {

// A raw connection to the target's namespace, for planting what Message DB would never write.
struct RawConnection
{
    QString name = QStringLiteral("plant");
    QSqlDatabase db;
    QString table;
    explicit RawConnection(const mdbtest::TestStore& t, mdbtest::Target target)
    {
        if (target == mdbtest::Target::Sqlite) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(QDir(t.dir->path()).absoluteFilePath(t.ns + QStringLiteral(".db")));
            table = QStringLiteral("messages");
        } else {
            db = mdbtest::directPostgresConnection(name);
            table = t.ns + QStringLiteral(".messages");
        }
        db.open();
    }
    ~RawConnection()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool exec(const QString& sql)
    {
        QSqlQuery q(db);
        const bool ok = q.exec(sql);
        if (!ok)
            qWarning("%s", qPrintable(sql));
        return ok;
    }
};

} // namespace

class StressTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void everyModeVerifies_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("threads");
        for (StressMode mode :
             {StressMode::Distinct, StressMode::SameStream, StressMode::SameCategory, StressMode::Mixed}) {
            QTest::addRow("%s", qPrintable(stressModeName(mode))) << int(mode) << 0;
            // PostgreSQL: five writers' connections driven by two threads (SQLite: a thread each).
            QTest::addRow("%s, 2 threads", qPrintable(stressModeName(mode))) << int(mode) << 2;
        }
    }

    void everyModeVerifies()
    {
        QFETCH(int, mode);
        QFETCH(int, threads);
        MDB_OPEN_TARGET(t, m_target);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        StressConfig config;
        config.ns = t.ns;
        config.mode = StressMode(mode);
        config.writers = threads > 0 ? 5 : 4;
        config.threads = threads;
        config.count = 400;
        config.payloadBytes = 300;
        StressRun run;
        QSignalSpy samples(&run, &StressRun::sample);
        const StressSummary s = run.runToEnd(store, config);
        QCOMPARE(s.errors, 0);
        QCOMPARE(s.writes, 400);
        QCOMPARE(s.acknowledged, 400);
        QVERIFY2(s.verified(), qPrintable(QString::fromUtf8(s.reportJson())));
        QCOMPARE(s.verification->acknowledgedChecked, 400);
        QCOMPARE(s.verification->messages, 400); // the run's categories hold exactly its writes
        QCOMPARE(s.writers.size(), config.writers);
        const bool multiplexed = threads > 0 && m_target != mdbtest::Target::Sqlite;
        QCOMPARE(s.clientThreads, multiplexed ? threads : config.writers);
        for (const WriterResult& w : s.writers)
            QVERIFY2(w.writes > 0, "a writer that never wrote"); // every connection was driven
        QVERIFY(s.latency.p50 > 0 && s.latency.p50 <= s.latency.p99 && s.latency.p99 <= s.latency.max);
        QVERIFY(!samples.isEmpty());
        if (config.mode == StressMode::SameStream) {
            // All 400 in one stream, positions 0..399, whatever the races.
            const Result<std::optional<qint64>> version =
                t->streamVersion(t.ns, QStringLiteral("stress%1-0").arg(s.runId));
            QCOMPARE(**version, 399);
        }
        // Readers run only in Mixed mode, and there they read what the writers wrote.
        if (config.mode == StressMode::Mixed)
            QVERIFY2(s.reads > 0, "the readers read nothing");
        else
            QCOMPARE(s.reads, 0);
        const QString line = s.jsonLine();
        QVERIFY2(line.startsWith(QStringLiteral("{\"writes\":400,\"conflicts\":")), qPrintable(line));
        QVERIFY(line.endsWith(QStringLiteral(",\"verified\":true,\"violations\":0}")));
    }

    void racingWritersConflictAndRetry()
    {
        MDB_OPEN_TARGET(t, m_target);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        StressConfig config;
        config.ns = t.ns;
        config.mode = StressMode::SameStream;
        config.writers = 8;
        config.durationMs = 1500;
        StressRun run;
        const StressSummary s = run.runToEnd(store, config);
        QVERIFY(s.verified());
        QVERIFY(s.writes > 0);
        const Result<std::optional<qint64>> version =
            t->streamVersion(t.ns, QStringLiteral("stress%1-0").arg(s.runId));
        QCOMPARE(**version + 1, s.acknowledged);
    }

    void cancelledRunStillVerifies()
    {
        MDB_OPEN_TARGET(t, m_target);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        StressConfig config;
        config.ns = t.ns;
        config.mode = StressMode::SameCategory;
        config.writers = 4;
        config.durationMs = 60000;
        auto acknowledged = std::make_shared<std::atomic<int>>(0);
        config.onAcknowledged = [acknowledged](const AcknowledgedWrite&) {
            ++*acknowledged;
        };
        StressRun run;
        QSignalSpy finished(&run, &StressRun::finished);
        run.start(store, config);
        QTRY_VERIFY_WITH_TIMEOUT(*acknowledged >= 20, 30000); // writing is under way
        run.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        const StressSummary s = finished.first().first().value<StressSummary>();
        QVERIFY(s.cancelled);
        QVERIFY(s.seconds < 60); // ended before the run's duration
        QVERIFY(s.acknowledged > 0);
        QVERIFY2(s.verified(), qPrintable(QString::fromUtf8(s.reportJson())));
    }

    void verifierNamesPlantedFaults()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString a = mdbtest::uniqueName(QStringLiteral("plant")) + QStringLiteral("-a");
        QList<AcknowledgedWrite> acknowledged;
        for (int i = 0; i < 3; ++i) {
            WriteRequest w{{}, a, QStringLiteral("T"), QStringLiteral("{\"n\": %1}").arg(i), {}, {}};
            w.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            QCOMPARE(*t->writeMessage(t.ns, w), i);
            acknowledged.append({*w.id, a, i, w.type, *w.data, 0, i});
        }
        StoreVerifier clean(*t.store, t.ns);
        clean.setCategories({StreamName::category(a)});
        clean.setAcknowledged(acknowledged);
        QVERIFY(clean.run()->ok());

        // Acknowledged, but never written; and acknowledged with other content.
        acknowledged.append({QUuid::createUuid().toString(QUuid::WithoutBraces), a, 3, QStringLiteral("T"),
                             QStringLiteral("{}"), 0, 3});
        acknowledged[1].data = QStringLiteral("{\"n\": 99}");
        if (m_target == mdbtest::Target::Official) {
            // Faults are planted only in scratch namespaces of ours, never in the official install.
            StoreVerifier verifier(*t.store, t.ns);
            verifier.setCategories({StreamName::category(a)});
            verifier.setAcknowledged(acknowledged);
            const Result<VerifyReport> report = verifier.run();
            QCOMPARE(report->violationCount, 2);
            QCOMPARE(report->violations.at(0).kind, Violation::Kind::Changed);
            QCOMPARE(report->violations.at(1).kind, Violation::Kind::Missing);
            return;
        }
        {
            RawConnection raw(t, m_target);
            QVERIFY(raw.db.isOpen());
            // Message DB's unique indexes would refuse these: a scratch namespace may lose them.
            QVERIFY(raw.exec(QStringLiteral("DROP INDEX %1messages_stream")
                                 .arg(m_target == mdbtest::Target::Sqlite ? QString() : t.ns + u'.')));
            QVERIFY(raw.exec(QStringLiteral("DROP INDEX %1messages_id")
                                 .arg(m_target == mdbtest::Target::Sqlite ? QString() : t.ns + u'.')));
            const auto insert = [&](const QString& id, const QString& stream, int position) {
                const QString sql =
                    m_target == mdbtest::Target::Sqlite
                        ? QStringLiteral(
                              "INSERT INTO messages (id, stream_name, type, position, data, metadata, time) "
                              "VALUES ('%1', '%2', 'T', %3, '{}', NULL, 0)")
                        : QStringLiteral("INSERT INTO ") + raw.table +
                              QStringLiteral(" (id, stream_name, type, position, data) VALUES ('%1', '%2', "
                                             "'T', %3, '{}')");
                return raw.exec(sql.arg(id, stream).arg(position));
            };
            // A second position 2, then position 6 (3 to 5 missing), then an id used twice.
            QVERIFY(insert(QUuid::createUuid().toString(QUuid::WithoutBraces), a, 2));
            QVERIFY(insert(QUuid::createUuid().toString(QUuid::WithoutBraces), a, 6));
            QVERIFY(insert(acknowledged.at(0).id, StreamName::category(a) + QStringLiteral("-b"), 0));
        }
        StoreVerifier verifier(*t.store, t.ns);
        verifier.setAcknowledged(acknowledged);
        const Result<VerifyReport> report = verifier.run();
        QVERIFY(report);
        QVERIFY(!report->ok());
        QMap<Violation::Kind, QString> kinds;
        for (const Violation& v : report->violations)
            kinds.insert(v.kind, v.streamName + u' ' + v.detail);
        QVERIFY2(QRegularExpression(
                     QStringLiteral("^plant[0-9a-f]+-a position 2 at global position \\d+ after position 2$"))
                     .match(kinds.value(Violation::Kind::DuplicatePosition))
                     .hasMatch(),
                 qPrintable(kinds.value(Violation::Kind::DuplicatePosition)));
        QVERIFY2(
            kinds.value(Violation::Kind::Gap).startsWith(a + QStringLiteral(" positions 3 to 5 are missing")),
            qPrintable(kinds.value(Violation::Kind::Gap)));
        QVERIFY(kinds.value(Violation::Kind::DuplicateId)
                    .startsWith(StreamName::category(a) + QStringLiteral("-b id ") + acknowledged.at(0).id));
        QVERIFY(kinds.value(Violation::Kind::Missing).contains(acknowledged.at(3).id));
        QVERIFY(kinds.value(Violation::Kind::Changed).contains(acknowledged.at(1).id));
        QStringList all;
        for (const Violation& v : report->violations)
            all << violationKindName(v.kind) + u' ' + v.streamName + u' ' + v.detail;
        QVERIFY2(report->violationCount == 5, qPrintable(all.join(u'\n')));

        // mdbctl verify says the same, with a failing exit code.
        if (m_target == mdbtest::Target::Sqlite) {
            QProcess p;
            p.start(QStringLiteral(MDBCTL_PATH),
                    {QStringLiteral("--store"), t.dir->path(), QStringLiteral("--ns"), t.ns,
                     QStringLiteral("--json"), QStringLiteral("verify")});
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 1);
            const QString out = QString::fromUtf8(p.readAllStandardOutput());
            QVERIFY2(out.contains(QStringLiteral("{\"violation\":\"gap\",\"stream_name\":\"%1\"").arg(a)),
                     qPrintable(out));
            QVERIFY(out.contains(QStringLiteral("{\"violation\":\"duplicate position\"")));
            QVERIFY(out.contains(QStringLiteral("{\"violation\":\"duplicate id\"")));
            QVERIFY(out.endsWith(QStringLiteral("\"messages\":6,\"violations\":3,\"verified\":false}\n")));
        }
    }
};

QTEST_GUILESS_MAIN(StressTest)
#include "tst_stress.moc"
