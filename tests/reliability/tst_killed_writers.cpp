// Writers killed on SQLite: `mdbctl stress` killed with SIGKILL in the middle of its run, again
// and again. After each kill the database passes PRAGMA integrity_check, every write the process
// had acknowledged (its --ack-log, written before the writer went on) is there as acknowledged,
// and the store still verifies and takes writes. A database locked by another process gets a
// clear busy error after the timeout, not a hang.
#include "TestStores.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace mdb;

namespace {

struct Acknowledged
{
    QString id;
    QString streamName;
    qint64 position = 0;
};

// Every complete line of the log; a line cut short by the kill would lack its newline.
QList<Acknowledged> readAckLog(const QString& path)
{
    QList<Acknowledged> writes;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return writes;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
        writes.append({o.value(u"id").toString(), o.value(u"stream_name").toString(),
                       o.value(u"position").toInteger(-1)});
    }
    return writes;
}

QString mdbctl()
{
    return QStringLiteral(MDBCTL_PATH);
}

} // namespace

class KilledWritersTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedMidRunLosesNothingAcknowledged()
    {
        QTemporaryDir dir;
        const QString storeDir = dir.filePath(QStringLiteral("store"));
        const QString dbFile = storeDir + QStringLiteral("/message_store.db");
        QProcess create;
        create.start(mdbctl(), {QStringLiteral("--store"), storeDir, QStringLiteral("namespace"),
                                QStringLiteral("create"), QStringLiteral("message_store")});
        QVERIFY(create.waitForFinished() && create.exitCode() == 0);
        const int rounds = qEnvironmentVariableIntValue("MDBSTUDIO_TEST_KILL_ROUNDS") > 0
                               ? qEnvironmentVariableIntValue("MDBSTUDIO_TEST_KILL_ROUNDS")
                               : 30;
        const QStringList modes{QStringLiteral("distinct"), QStringLiteral("same-category"),
                                QStringLiteral("same-stream")};
        qint64 acknowledgedTotal = 0;
        for (int round = 0; round < rounds; ++round) {
            const QString mode = modes.at(round % modes.size());
            // Every other round at synchronous=normal: a killed process loses nothing committed there either.
            const QString store = round % 2 ? QStringLiteral("sqlite:%1?synchronous=normal").arg(storeDir)
                                            : QStringLiteral("sqlite:%1").arg(storeDir);
            const QString ackLog = dir.filePath(QStringLiteral("ack-%1.jsonl").arg(round));
            QProcess writer;
            writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            writer.start(mdbctl(),
                         {QStringLiteral("--store"), store, QStringLiteral("stress"),
                          QStringLiteral("--writers"), QStringLiteral("4"), QStringLiteral("--mode"), mode,
                          QStringLiteral("--duration"), QStringLiteral("60"), QStringLiteral("--ack-log"),
                          ackLog, QStringLiteral("--no-verify")});
            QVERIFY(writer.waitForStarted());
            // Killed at a random moment once writing is under way.
            QTRY_VERIFY_WITH_TIMEOUT(QFile(ackLog).size() > 0, 20000);
            QTest::qWait(int(QRandomGenerator::global()->bounded(50, 400)));
            ::kill(pid_t(writer.processId()), SIGKILL);
            QVERIFY(writer.waitForFinished(10000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

            const QList<Acknowledged> acknowledged = readAckLog(ackLog);
            QVERIFY(!acknowledged.isEmpty());
            acknowledgedTotal += acknowledged.size();
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
                db.setDatabaseName(dbFile);
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
                QSqlQuery find(db);
                QVERIFY(
                    find.prepare(QStringLiteral("SELECT stream_name, position FROM messages WHERE id = ?")));
                for (const Acknowledged& a : acknowledged) {
                    find.bindValue(0, a.id);
                    QVERIFY2(find.exec() && find.next(),
                             qPrintable(QStringLiteral("round %1: acknowledged write %2 is missing")
                                            .arg(round)
                                            .arg(a.id)));
                    QCOMPARE(find.value(0).toString(), a.streamName);
                    QCOMPARE(find.value(1).toLongLong(), a.position);
                    find.finish();
                }
            }
            QSqlDatabase::removeDatabase(QStringLiteral("check"));
        }
        qInfo("%d kills survived, %lld acknowledged writes all found", rounds, acknowledgedTotal);

        // What the kills left verifies, and the store goes on taking writes.
        QProcess verify;
        verify.start(mdbctl(), {QStringLiteral("--store"), storeDir, QStringLiteral("verify")});
        QVERIFY(verify.waitForFinished(120000));
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardError().constData());
        Result<std::unique_ptr<Store>> store = Store::openNamed(storeDir);
        QVERIFY(store);
        QVERIFY(store.value()->writeMessage(
            QStringLiteral("message_store"),
            {{}, QStringLiteral("after-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
    }

    void lockedByAnotherProcessIsAClearBusyError()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        const QString path = static_cast<SqliteStore*>(t.store.get())->namespaceFile(t.ns);
        // The sqlite3 shell holds the write lock in a process of its own.
        QProcess holder;
        holder.setProcessChannelMode(QProcess::MergedChannels);
        holder.start(QStringLiteral("sqlite3"), {path});
        QVERIFY2(holder.waitForStarted(), "the sqlite3 shell is needed (scripts/setup.sh installs it)");
        holder.write("BEGIN IMMEDIATE;\n");
        // Locked once a write of ours, that would not wait, is refused.
        const auto lockedElsewhere = [&path] {
            bool locked = false;
            {
                QSqlDatabase probe =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
                probe.setDatabaseName(path);
                probe.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
                if (probe.open()) {
                    QSqlQuery q(probe);
                    locked = !q.exec(QStringLiteral("BEGIN IMMEDIATE"));
                    if (!locked)
                        q.exec(QStringLiteral("ROLLBACK"));
                }
            }
            QSqlDatabase::removeDatabase(QStringLiteral("probe"));
            return locked;
        };
        QTRY_VERIFY_WITH_TIMEOUT(lockedElsewhere(), 5000);

        QElapsedTimer timer;
        timer.start();
        const Result<qint64> w = t->writeMessage(
            t.ns, {{}, QStringLiteral("lk-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}});
        const qint64 waited = timer.elapsed();
        QVERIFY(!w);
        QCOMPARE(w.error().kind, ErrorKind::Timeout);
        QVERIFY2(w.error().message.contains(QStringLiteral("locked")), qPrintable(w.error().message));
        qInfo("busy error after %lld ms: %s", waited, qPrintable(w.error().message));
        // It waited out the busy timeout (5 s) before answering, and answered: not a hang.
        QVERIFY2(waited >= 4000 && waited < 120000, qPrintable(QString::number(waited)));

        // mdbctl says the same and exits 1 rather than hanging.
        QProcess cli;
        cli.start(mdbctl(), {QStringLiteral("--store"), t.dir->path(), QStringLiteral("write"),
                             QStringLiteral("lk-2"), QStringLiteral("T"), QStringLiteral("{}")});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(cli.readAllStandardError().contains("locked"));

        holder.write("ROLLBACK;\n.quit\n");
        QVERIFY(holder.waitForFinished(5000));
        QVERIFY(t->writeMessage(
            t.ns, {{}, QStringLiteral("lk-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        QCOMPARE(*t->streamVersion(t.ns, QStringLiteral("lk-2")), std::optional<qint64>());
    }
};

QTEST_GUILESS_MAIN(KilledWritersTest)
#include "tst_killed_writers.moc"
