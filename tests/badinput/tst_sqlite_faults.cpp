// SQLite files and directories that fail: a clear error, nothing changed, no crash.
#include "TestStores.h"
#include "storage/sqlite/SqliteStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

class SqliteFaultsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteUnwritableDirectory()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("plain-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        // A store directory below a regular file can never be created, not even by root.
        Result<std::unique_ptr<Store>> store = Store::openNamed(file + QStringLiteral("/store"));
        QVERIFY(!store);
        QVERIFY2(store.error().message.contains(QStringLiteral("Cannot create the store directory")),
                 qPrintable(store.error().message));
        // A store on a regular file that is not SQLite: clear errors, no crash, file untouched.
        Result<std::unique_ptr<Store>> notDb =
            Store::openNamed(QStringLiteral("sqlite:") + file + QStringLiteral("?x=1"));
        if (notDb) {
            QVERIFY(!notDb.value()->streamVersion(notDb.value()->defaultNamespace(), QStringLiteral("a-1")));
        }
        QCOMPARE(QFileInfo(file).size(), 0);
    }

    void sqliteReadOnlyStore()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        QVERIFY(t->writeMessage(
            t.ns, {{}, QStringLiteral("ro-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        mdbtest::TestStore ro = mdbtest::reopen(t, {false, true});
        QVERIFY2(ro.store, qPrintable(ro.problem));
        const Result<qint64> w = ro->writeMessage(
            t.ns, {{}, QStringLiteral("ro-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}});
        QCOMPARE(w.error().kind, ErrorKind::ReadOnly);
        QCOMPARE(ro->createNamespace(QStringLiteral("other")).error().kind, ErrorKind::ReadOnly);
        QCOMPARE(ro->streamMessages(t.ns, {QStringLiteral("ro-1"), {}, {}, {}})->size(), 1);
        QCOMPARE(*t->streamVersion(t.ns, QStringLiteral("ro-1")), std::optional<qint64>(0));
    }

    void sqliteLockedFileTimesOut()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        // Another program holds the write lock.
        const QString path = static_cast<SqliteStore*>(t.store.get())->namespaceFile(t.ns);
        {
            QSqlDatabase other =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
            const Result<qint64> w = t->writeMessage(
                t.ns, {{}, QStringLiteral("lk-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}});
            QVERIFY(!w);
            QCOMPARE(w.error().kind, ErrorKind::Timeout);
            QVERIFY2(w.error().message.contains(QStringLiteral("locked")), qPrintable(w.error().message));
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
        QVERIFY(t->writeMessage(
            t.ns, {{}, QStringLiteral("lk-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
    }
};

QTEST_GUILESS_MAIN(SqliteFaultsTest)
#include "tst_sqlite_faults.moc"
