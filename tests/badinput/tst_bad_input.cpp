// Bad input on each backend (MDBSTUDIO_TEST_TARGET): a clear error in Message DB's words where it
// has them, nothing changed, no crash.
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
        for (const Status& s : {t->createNamespace(name), t->dropNamespace(name)}) {
            QVERIFY(!s);
            QCOMPARE(s.error().kind, ErrorKind::InvalidArgument);
            QVERIFY2(s.error().message.startsWith(QStringLiteral("Invalid namespace name")),
                     qPrintable(s.error().message));
        }
        const Result<qint64> w =
            t->writeMessage(name, {{}, QStringLiteral("a-1"), QStringLiteral("T"), {}, {}, {}});
        QCOMPARE(w.error().kind, ErrorKind::InvalidArgument);
        // The error is ours, raised before any SQL or path (a server or file-system error would read
        // otherwise), and the store goes on working. Other suites create namespaces in the same
        // database meanwhile, so the namespace list as a whole is not compared.
        QVERIFY(t->listNamespaces()->contains(t.ns));
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
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_bad_input.moc"
