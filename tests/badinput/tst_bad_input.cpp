// Bad input on each backend (MDBSTUDIO_TEST_TARGET): a clear error in Message DB's words where it
// has them, nothing changed, no crash.
#include "SqliteStore.h"
#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

class BadInputTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void badNamespaceNamesNeverReachSqlOrPaths_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("path") << "../x";
        QTest::newRow("absolute") << "/tmp/x";
        QTest::newRow("injection") << "a;drop schema public";
        QTest::newRow("quote") << "a\"; drop schema public; --";
        QTest::newRow("64 chars") << QString(64, u'a');
        QTest::newRow("upper") << "Upper";
        QTest::newRow("empty") << "";
    }

    void badNamespaceNamesNeverReachSqlOrPaths()
    {
        QFETCH(QString, name);
        MDB_OPEN_TARGET(t, m_target);
        const QStringList before = *t->listNamespaces();
        for (const Status& s : {t->createNamespace(name), t->dropNamespace(name)}) {
            QVERIFY(!s);
            QCOMPARE(s.error().kind, ErrorKind::InvalidArgument);
            QVERIFY2(s.error().message.startsWith(QStringLiteral("Invalid namespace name")),
                     qPrintable(s.error().message));
        }
        const Result<qint64> w =
            t->writeMessage(name, {{}, QStringLiteral("a-1"), QStringLiteral("T"), {}, {}, {}});
        QCOMPARE(w.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(*t->listNamespaces(), before);
        if (t.dir) {
            QCOMPARE(QDir(t.dir->path()).entryList(QDir::Files),
                     QStringList{QStringLiteral("message_store.db")} +
                         QDir(t.dir->path()).entryList({QStringLiteral("*-*")}, QDir::Files));
            QVERIFY(!QFile::exists(QDir(t.dir->path()).absoluteFilePath(QStringLiteral("../x.db"))));
        }
    }

    void unknownNamespace()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString expected = QStringLiteral("namespace \"nope_ns\" does not exist");
        const Result<qint64> w = t->writeMessage(
            QStringLiteral("nope_ns"), {{}, QStringLiteral("a-1"), QStringLiteral("T"), {}, {}, {}});
        QCOMPARE(w.error().kind, ErrorKind::NotFound);
        QCOMPARE(w.error().message, expected);
        QCOMPARE(
            t->streamMessages(QStringLiteral("nope_ns"), {QStringLiteral("a-1"), {}, {}, {}}).error().message,
            expected);
        QCOMPARE(t->describeNamespace(QStringLiteral("nope_ns")).error().message, expected);
        QCOMPARE(t->dropNamespace(QStringLiteral("nope_ns")).error().kind, ErrorKind::NotFound);
        QVERIFY(!t->listNamespaces()->contains(QStringLiteral("nope_ns")));
    }

    void invalidJsonChangesNothing()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString s = mdbtest::uniqueName(QStringLiteral("badjson")) + QStringLiteral("-1");
        for (const char* json : {"{", "{'a':1}", "NaN", "[1,2"}) {
            const Result<qint64> w =
                t->writeMessage(t.ns, {{}, s, QStringLiteral("T"), QString::fromLatin1(json), {}, {}});
            QVERIFY(!w);
            QCOMPARE(w.error().message, QStringLiteral("invalid input syntax for type json"));
            const Result<qint64> m = t->writeMessage(
                t.ns, {{}, s, QStringLiteral("T"), QStringLiteral("{}"), QString::fromLatin1(json), {}});
            QCOMPARE(m.error().message, QStringLiteral("invalid input syntax for type json"));
        }
        const Result<qint64> nul =
            t->writeMessage(t.ns, {{}, s, QStringLiteral("T"), QStringLiteral("\"\\u0000\""), {}, {}});
        QCOMPARE(nul.error().message, QStringLiteral("unsupported Unicode escape sequence"));
        QCOMPARE(*t->streamVersion(t.ns, s), std::optional<qint64>());
    }

    void sqliteUnwritableDirectory()
    {
        if (m_target != mdbtest::Target::Sqlite)
            QSKIP("SQLite only");
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

    void sqliteDirectoryWithoutWritePermission()
    {
        if (m_target != mdbtest::Target::Sqlite)
            QSKIP("SQLite only");
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        Result<std::unique_ptr<Store>> store = Store::openNamed(dir.path());
        QVERIFY(store);
        const Status created = store.value()->createNamespace(QStringLiteral("blocked"));
        QFile::setPermissions(dir.path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (created)
            QSKIP("running as root: permission bits do not stop root");
        QVERIFY2(created.error().message.startsWith(QStringLiteral("Cannot create namespace \"blocked\"")),
                 qPrintable(created.error().message));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("blocked.db"))));
    }

    void sqliteReadOnlyStore()
    {
        if (m_target != mdbtest::Target::Sqlite)
            QSKIP("SQLite only");
        MDB_OPEN_TARGET(t, m_target);
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
        if (m_target != mdbtest::Target::Sqlite)
            QSKIP("SQLite only");
        MDB_OPEN_TARGET(t, m_target);
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

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_bad_input.moc"
