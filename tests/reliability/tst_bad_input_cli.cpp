// Bad input to mdbctl: each gets a clear message on stderr and its exit code (2 usage, 1 error,
// 3 wrong expected version), never a crash, never a password echoed, and the store is unchanged.
#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

namespace {

// Runs mdbctl with raw argument bytes; returns exit code and stderr.
struct Outcome
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray err;
    QByteArray out;
};

Outcome runMdbctl(const QList<QByteArray>& args)
{
    // Arguments go through a shell: one that is not UTF-8 cannot travel in a QString, so the
    // shell's printf makes its bytes; the others are passed as they are.
    QByteArray script = "exec \"$0\"";
    QStringList passed;
    for (const QByteArray& a : args) {
        if (QUtf8StringView(a).isValidUtf8()) {
            passed << QString::fromUtf8(a);
            script += " \"${" + QByteArray::number(passed.size()) + "}\"";
            continue;
        }
        QByteArray octal;
        for (const char c : a)
            octal += '\\' + QByteArray::number(uchar(c), 8).rightJustified(3, '0');
        script += " \"$(printf '" + octal + "')\"";
    }
    QProcess p;
    p.start(QStringLiteral("sh"),
            QStringList{QStringLiteral("-c"), QString::fromUtf8(script), QStringLiteral(MDBCTL_PATH)} +
                passed);
    Outcome o;
    if (!p.waitForFinished(60000))
        return o;
    o.exitCode = p.exitCode();
    o.status = p.exitStatus();
    o.err = p.readAllStandardError();
    o.out = p.readAllStandardOutput();
    return o;
}

} // namespace

class BadInputCliTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_store;

private Q_SLOTS:
    void initTestCase()
    {
        m_store = m_dir.filePath(QStringLiteral("store"));
        QFile notDb(m_dir.filePath(QStringLiteral("notes.db")));
        QVERIFY(notDb.open(QIODevice::WriteOnly));
        notDb.write("these are notes, not a database\n");
        notDb.close();
        {
            QSqlDatabase other =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(m_dir.filePath(QStringLiteral("other.db")));
            QVERIFY(other.open());
            QVERIFY(QSqlQuery(other).exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        QCOMPARE(runMdbctl({"--store", m_store.toUtf8(), "namespace", "create", "message_store"}).exitCode,
                 0);
        const Outcome created =
            runMdbctl({"--store", m_store.toUtf8(), "write", "account-1", "Opened", R"({"a": 1})"});
        QCOMPARE(created.exitCode, 0);
    }

    void catalogue_data()
    {
        QTest::addColumn<QList<QByteArray>>("args"); // after --store STORE, unless it names its own
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("error");
        const auto row = [](const char* name, QList<QByteArray> args, int code, const char* error) {
            QTest::newRow(name) << args << code << QByteArray(error);
        };
        row("no command", {}, 2, "no command given");
        row("unknown command", {"frobnicate"}, 2, "unknown command \"frobnicate\"");
        row("unknown option", {"--wat", "categories"}, 2, "unknown option --wat");
        row("option without value", {"stream", "account-1", "--position"}, 2,
            "option --position needs a value");
        row("argument not UTF-8", {"write", "account-\xff\xfe", "T", "{}"}, 2,
            "argument 4 is not valid UTF-8");
        row("write: invalid JSON", {"write", "account-1", "T", "{"}, 1, "invalid input syntax for type json");
        row("write: invalid metadata", {"write", "account-1", "T", "{}", "--metadata", "[1,"}, 1,
            "invalid input syntax for type json");
        row("write: JSON nested too deep",
            {"write", "account-1", "T", QByteArray(20000, '[') + QByteArray(20000, ']')}, 1,
            "stack depth limit exceeded");
        row("write: expected version not a number",
            {"write", "account-1", "T", "{}", "--expected-version", "abc"}, 2,
            "--expected-version needs a whole number, not \"abc\"");
        row("write: wrong expected version", {"write", "account-1", "T", "{}", "--expected-version", "7"}, 3,
            "Wrong expected version: 7 (Stream: account-1, Stream Version: 0)");
        row("write: id not a uuid", {"write", "account-1", "T", "{}", "--id", "42"}, 1,
            "invalid input syntax for type uuid: \"42\"");
        row("write: too few arguments", {"write", "account-1"}, 2, "write needs STREAM TYPE [DATA_JSON]");
        row("stream: position past 2^63", {"stream", "account-1", "--position", "99999999999999999999"}, 2,
            "--position needs a whole number");
        row("stream: batch size -2", {"stream", "account-1", "--batch-size", "-2"}, 1,
            "LIMIT must not be negative");
        row("stream: a category", {"stream", "account"}, 1, "Must be a stream name: account");
        row("stream: raw condition while disabled",
            {"stream", "account-1", "--condition", "1=1; DROP TABLE messages"}, 1,
            "Retrieval with SQL condition is not activated");
        row("category: a stream", {"category", "account-1"}, 1, "Must be a category: account-1");
        row("category: member = size", {"category", "account", "--member", "2", "--size", "2"}, 1,
            "Consumer group member must be less than the group size");
        row("category: size past smallint", {"category", "account", "--member", "0", "--size", "40000"}, 1,
            "smallint out of range");
        row("namespace: path escape", {"--ns", "../../etc", "categories"}, 1, "Invalid namespace name");
        row("namespace: SQL injection", {"namespace", "create", "a; DROP SCHEMA public"}, 1,
            "Invalid namespace name");
        row("namespace: unknown", {"--ns", "nope_ns", "categories"}, 1,
            "namespace \"nope_ns\" does not exist");
        row("namespace: drop without --yes", {"namespace", "drop", "message_store"}, 2,
            "add --yes to confirm");
        row("stress: no writers", {"stress", "--writers", "0", "--mode", "distinct", "--count", "1"}, 2,
            "stress needs --writers N (1 to 256)");
        row("stress: unknown mode", {"stress", "--writers", "2", "--mode", "chaos", "--count", "1"}, 2,
            "stress needs --mode");
        row("stress: no streams",
            {"stress", "--writers", "2", "--mode", "distinct", "--count", "1", "--streams", "0"}, 2,
            "stress --streams takes 1 to 1000000 streams per writer");
        row("sample: negative size", {"sample", "--messages", "-5"}, 2, "sample needs --messages");
        row("export: unknown format", {"export", "account", "--format", "xml"}, 2,
            "--format is jsonl or csv");
        row("partition: group size 0", {"partition", "account", "--size", "0"}, 1,
            "Consumer group size must not be less than 1");
        row("store: URL with a bad port and a password",
            {"--store", "postgresql://ann:s3cret-pw@127.0.0.1:99999/x", "namespaces"}, 1,
            "Invalid PostgreSQL URL");
        row("store: URL with a port that is not a number",
            {"--store", "postgresql://127.0.0.1:abc/x", "namespaces"}, 1, "Invalid PostgreSQL URL");
        row("store: unknown host", {"--store", "postgresql://no-such-host.invalid/x", "namespaces"}, 1,
            "could not translate host name \"no-such-host.invalid\"");
        row("store: bad sslmode", {"--store", "postgresql://127.0.0.1/x?sslmode=sometimes", "namespaces"}, 1,
            "invalid sslmode value: \"sometimes\"");
        row("store: URL option smuggling a second sslmode",
            {"--store", "postgresql://127.0.0.1/x?sslmode=require&sslmode%3Ddisable%3Bapplication_name=x",
             "namespaces"},
            1, "Invalid connection option \"sslmode=disable;application_name\"");
        row("store: SQLite path with a NUL character", {"--store", "sqlite:/tmp/a%00/b", "namespaces"}, 1,
            "The SQLite path holds a NUL character");
        row("store: unknown scheme", {"--store", "mysql://127.0.0.1/x", "namespaces"}, 1,
            "Unknown store URL");
        row("store: sqlite URL without a path", {"--store", "sqlite:", "namespaces"}, 1,
            "The sqlite: URL names no path");
        row("store: bad synchronous", {"--store", "sqlite:/tmp/x?synchronous=sometimes", "namespaces"}, 1,
            "synchronous must be full or normal");
    }

    void catalogue()
    {
        QFETCH(QList<QByteArray>, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, error);
        if (!args.contains("--store"))
            args = QList<QByteArray>{"--store", m_store.toUtf8()} + args;
        const QByteArray before = runMdbctl({"--store", m_store.toUtf8(), "export", "account"}).out;
        const Outcome o = runMdbctl(args);
        qInfo("CATALOGUE\tmdbctl\t%s\t%s", QTest::currentDataTag(),
              o.err.trimmed().split('\n').first().constData());
        QCOMPARE(o.status, QProcess::NormalExit);
        QVERIFY2(o.err.contains(error), o.err.constData());
        QCOMPARE(o.exitCode, exitCode);
        QVERIFY2(!o.err.contains("s3cret-pw") && !o.out.contains("s3cret-pw"), o.err.constData());
        QCOMPARE(runMdbctl({"--store", m_store.toUtf8(), "export", "account"}).out, before);
        QCOMPARE(QDir(m_store).entryList(QDir::Files | QDir::NoDotAndDotDot).filter(QStringLiteral(".db")),
                 QStringList{QStringLiteral("message_store.db")});
    }

    void filesThatAreNotStores_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("error");
        QTest::newRow("not an SQLite file")
            << QStringLiteral("notes.db") << QByteArray("file is not a database");
        QTest::newRow("SQLite but not a store")
            << QStringLiteral("other.db") << QByteArray("holds no Message DB messages table");
    }

    void filesThatAreNotStores()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, error);
        const QString path = m_dir.filePath(file);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        for (const QList<QByteArray>& command :
             {QList<QByteArray>{"categories"}, QList<QByteArray>{"write", "account-1", "T", "{}"}}) {
            const Outcome o = runMdbctl(QList<QByteArray>{"--store", path.toUtf8()} + command);
            qInfo("CATALOGUE\tmdbctl\t%s: %s\t%s", QTest::currentDataTag(), command.first().constData(),
                  o.err.trimmed().constData());
            QCOMPARE(o.status, QProcess::NormalExit);
            QCOMPARE(o.exitCode, 1);
            QVERIFY2(o.err.contains(error), o.err.constData());
        }
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void postgresDatabasesThatAreNotStores()
    {
        if (mdbtest::postgresUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_URL is not set");
            QSKIP("no test PostgreSQL (run scripts/test.sh)");
        }
        QString base = mdbtest::postgresUrl();
        base.truncate(base.lastIndexOf(u'/'));
        const Outcome plain = runMdbctl(
            {"--store", (base + QStringLiteral("/postgres")).toUtf8(), "write", "account-1", "T", "{}"});
        qInfo("CATALOGUE\tmdbctl\tPostgreSQL database without Message DB\t%s",
              plain.err.trimmed().constData());
        QCOMPARE(plain.exitCode, 1);
        QVERIFY2(plain.err.contains("namespace \"message_store\" does not exist"), plain.err.constData());
        const Outcome missing =
            runMdbctl({"--store", (base + QStringLiteral("/no_such_database")).toUtf8(), "namespaces"});
        qInfo("CATALOGUE\tmdbctl\tPostgreSQL database that does not exist\t%s",
              missing.err.trimmed().constData());
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("database \"no_such_database\" does not exist"),
                 missing.err.constData());
    }
};

QTEST_GUILESS_MAIN(BadInputCliTest)
#include "tst_bad_input_cli.moc"
