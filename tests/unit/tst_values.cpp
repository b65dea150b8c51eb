// Value rules: uuids, namespace names and store locations.
#include "storage/NamespaceName.h"
#include "storage/StoreLocation.h"
#include "storage/Uuid.h"

#include <QTest>

using namespace mdb;

class ValuesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void uuidsFollowPostgres_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        const QString c = QStringLiteral("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        QTest::newRow("canonical") << c << c;
        QTest::newRow("upper") << c.toUpper() << c;
        QTest::newRow("braces") << u'{' + c + u'}' << c;
        QTest::newRow("no dashes") << QStringLiteral("a0eebc999c0b4ef8bb6d6bb9bd380a11") << c;
        QTest::newRow("dash every 4") << QStringLiteral("a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11") << c;
        QTest::newRow("not a uuid") << "not-a-uuid"
                                    << "";
        QTest::newRow("short") << "a0eebc99"
                               << "";
        QTest::newRow("trailing dash") << c + u'-' << "";
        QTest::newRow("unbalanced brace") << u'{' + c << "";
        QTest::newRow("empty") << ""
                               << "";
    }

    void uuidsFollowPostgres()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        const Result<QString> out = canonicalUuid(input);
        if (canonical.isEmpty()) {
            QVERIFY(!out);
            QCOMPARE(out.error().message,
                     QStringLiteral("invalid input syntax for type uuid: \"%1\"").arg(input));
        } else {
            QCOMPARE(*out, canonical);
        }
    }

    void namespaceNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("default") << "message_store" << true;
        QTest::newRow("underscore first") << "_x1" << true;
        QTest::newRow("63 chars") << QString(63, u'a') << true;
        QTest::newRow("64 chars") << QString(64, u'a') << false;
        QTest::newRow("path") << "../x" << false;
        QTest::newRow("injection") << "a;drop schema public" << false;
        QTest::newRow("upper case") << "Upper" << false;
        QTest::newRow("digit first") << "1abc" << false;
        QTest::newRow("dash") << "tenant-a" << false;
        QTest::newRow("quote") << "a\"b" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("non-ascii") << QString::fromUtf8("äbc") << false;
    }

    void namespaceNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const Status s = validateNamespaceName(name);
        QCOMPARE(s.ok(), valid);
        if (!valid) {
            QCOMPARE(s.error().kind, ErrorKind::InvalidArgument);
            QVERIFY(s.error().message.contains(name));
        }
    }

    void postgresUrls()
    {
        Result<StoreLocation> loc = StoreLocation::parse(
            QStringLiteral("postgresql://bob:s%40cret@db.example:6543/events?sslmode=require&readonly=1"));
        QVERIFY(loc);
        QCOMPARE(loc->backend, StoreLocation::Backend::Postgres);
        QCOMPARE(loc->pgParams.value(QStringLiteral("user")), QStringLiteral("bob"));
        QCOMPARE(loc->pgParams.value(QStringLiteral("password")), QStringLiteral("s@cret"));
        QCOMPARE(loc->pgParams.value(QStringLiteral("host")), QStringLiteral("db.example"));
        QCOMPARE(loc->pgParams.value(QStringLiteral("port")), QStringLiteral("6543"));
        QCOMPARE(loc->pgParams.value(QStringLiteral("dbname")), QStringLiteral("events"));
        QCOMPARE(loc->pgParams.value(QStringLiteral("sslmode")), QStringLiteral("require"));
        QVERIFY(loc->readOnly);
        QVERIFY(!loc->displayName().contains(QStringLiteral("s@cret")));
        // Nothing named: libpq's environment and ~/.pgpass decide.
        Result<StoreLocation> bare = StoreLocation::parse(QStringLiteral("postgresql://"));
        QVERIFY(bare);
        QVERIFY(bare->pgParams.isEmpty());
    }

    void sqliteLocations()
    {
        Result<StoreLocation> dir =
            StoreLocation::parse(QStringLiteral("sqlite:///tmp/somewhere?synchronous=normal"));
        QVERIFY(dir);
        QCOMPARE(dir->backend, StoreLocation::Backend::Sqlite);
        QCOMPARE(dir->sqlitePath, QStringLiteral("/tmp/somewhere"));
        QVERIFY(dir->sqliteSynchronousNormal);
        Result<StoreLocation> file = StoreLocation::parse(QStringLiteral("/tmp/one.db"));
        QVERIFY(file);
        QVERIFY(file->sqliteSingleFile);
        QVERIFY(!StoreLocation::parse(QStringLiteral("mysql://x")));
        QVERIFY(!StoreLocation::parse(QStringLiteral("sqlite:/tmp/x?synchronous=off")));
    }
};

QTEST_APPLESS_MAIN(ValuesTest)
#include "tst_values.moc"
