// PostgreSQL's errors in mdbstudio's terms, without a server: the SQLSTATE table that decides what
// a user is told (a conflict, a timeout, a read-only refusal, ...) and the parsing of the server's
// report into its message and DETAIL.
#include "storage/postgres/PostgresErrors.h"

#include <QTest>

using namespace mdb;
using namespace mdb::postgres;

Q_DECLARE_METATYPE(mdb::ErrorKind)

class PostgresErrorsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kindsBySqlState_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("message");
        QTest::addColumn<ErrorKind>("kind");
        const QString any = QStringLiteral("some text");
        QTest::newRow("wrong version") << "P0001"
                                       << "Wrong expected version: 1 (Stream: a-1, Stream Version: 0)"
                                       << ErrorKind::WrongExpectedVersion;
        QTest::newRow("other raise") << "P0001"
                                     << "Must be a category: a-1" << ErrorKind::InvalidArgument;
        QTest::newRow("duplicate id") << "23505" << any << ErrorKind::Conflict;
        QTest::newRow("read-only transaction") << "25006" << any << ErrorKind::ReadOnly;
        QTest::newRow("no privilege") << "42501" << any << ErrorKind::ReadOnly;
        QTest::newRow("statement timeout") << "57014" << any << ErrorKind::Timeout;
        QTest::newRow("lock timeout") << "55P03" << any << ErrorKind::Timeout;
        QTest::newRow("deadlock") << "40P01" << any << ErrorKind::Timeout;
        QTest::newRow("no schema") << "3F000" << any << ErrorKind::NotFound;
        QTest::newRow("no function") << "42883" << any << ErrorKind::NotFound;
        QTest::newRow("no table") << "42P01" << any << ErrorKind::NotFound;
        QTest::newRow("bad uuid") << "22P02" << any << ErrorKind::InvalidArgument;
        QTest::newRow("not null") << "23502" << any << ErrorKind::InvalidArgument;
        QTest::newRow("stack depth") << "54001" << any << ErrorKind::InvalidArgument;
        QTest::newRow("syntax") << "42601" << any << ErrorKind::InvalidArgument;
        QTest::newRow("negative limit") << "2201W" << any << ErrorKind::InvalidArgument;
        QTest::newRow("internal") << "XX000" << any << ErrorKind::Internal;
        QTest::newRow("no state") << "" << any << ErrorKind::Internal;
    }
    void kindsBySqlState()
    {
        QFETCH(QString, state);
        QFETCH(QString, message);
        QFETCH(ErrorKind, kind);
        QCOMPARE(errorKindOf(state, message, false), kind);
        // A lost connection is that, whatever the state says.
        QCOMPARE(errorKindOf(state, message, true), ErrorKind::Connection);
    }

    void connectionLoss()
    {
        QVERIFY(isConnectionLoss(
            QSqlError(QStringLiteral("x"), QStringLiteral("y"), QSqlError::ConnectionError)));
        QVERIFY(isConnectionLoss(QSqlError(QStringLiteral("x"), QStringLiteral("y"),
                                           QSqlError::StatementError, QStringLiteral("08006"))));
        QVERIFY(isConnectionLoss(
            QSqlError(QStringLiteral("x"),
                      QStringLiteral("FATAL:  terminating connection due to administrator command"),
                      QSqlError::StatementError, QStringLiteral("57P01"))));
        QVERIFY(isConnectionLoss(QSqlError(QStringLiteral("x"),
                                           QStringLiteral("server closed the connection unexpectedly"),
                                           QSqlError::StatementError)));
        QVERIFY(!isConnectionLoss(QSqlError(QStringLiteral("x"), QStringLiteral("y"),
                                            QSqlError::StatementError, QStringLiteral("23505"))));
    }

    // QPSQL's report: "ERROR:  message\nDETAIL:  detail\n(SQLSTATE)".
    void messageAndDetail()
    {
        const StoreError e = toStoreError(QSqlError(
            QStringLiteral("QPSQL: Unable to create query"),
            QStringLiteral(
                "ERROR:  duplicate key value violates unique constraint \"messages_id\"\n"
                "DETAIL:  Key (id)=(0e4c2f1a-8d47-4f0c-9f55-3f6f3f2a1b10) already exists.\n(23505)"),
            QSqlError::StatementError, QStringLiteral("23505")));
        QCOMPARE(e.kind, ErrorKind::Conflict);
        QCOMPARE(e.message, QStringLiteral("duplicate key value violates unique constraint \"messages_id\""));
        QCOMPARE(e.detail, QStringLiteral("Key (id)=(0e4c2f1a-8d47-4f0c-9f55-3f6f3f2a1b10) already exists."));
        QCOMPARE(e.sqlState, QStringLiteral("23505"));
        // What the window shows: the message and its DETAIL on one line.
        QCOMPARE(e.text(),
                 QStringLiteral("duplicate key value violates unique constraint \"messages_id\" (Key "
                                "(id)=(0e4c2f1a-8d47-4f0c-9f55-3f6f3f2a1b10) already exists.)"));

        const StoreError raised = toStoreError(
            QSqlError(QStringLiteral("QPSQL: Unable to create query"),
                      QStringLiteral("ERROR:  Wrong expected version: 5 (Stream: a-1, Stream Version: 0)\n"
                                     "CONTEXT:  PL/pgSQL function write_message line 12 at RAISE\n(P0001)"),
                      QSqlError::StatementError, QStringLiteral("P0001")));
        QCOMPARE(raised.kind, ErrorKind::WrongExpectedVersion);
        QCOMPARE(raised.message,
                 QStringLiteral("Wrong expected version: 5 (Stream: a-1, Stream Version: 0)"));
        QVERIFY(raised.detail.isEmpty());
        QCOMPARE(raised.text(), raised.message);

        // Nothing from the server: the driver's own words.
        const StoreError bare = toStoreError(
            QSqlError(QStringLiteral("QPSQL: Unable to connect"), QString(), QSqlError::ConnectionError));
        QCOMPARE(bare.message, QStringLiteral("QPSQL: Unable to connect"));
        QCOMPARE(bare.kind, ErrorKind::Connection);
    }

    // Every line of libpq's account of a failed connection is kept: the cause may be on any.
    void connectionFailureKeepsEveryLine()
    {
        const StoreError e = connectionFailure(QSqlError(
            QStringLiteral("QPSQL: Unable to connect"),
            QStringLiteral(
                "connection to server at \"localhost\" (::1), port 1 failed: Connection refused\n"
                "\tIs the server running on that host and accepting TCP/IP connections?\n"
                "connection to server at \"localhost\" (127.0.0.1), port 1 failed: Connection refused\n"),
            QSqlError::ConnectionError));
        QCOMPARE(e.kind, ErrorKind::Connection);
        QCOMPARE(e.message.count(u'\n'), 2);
        QVERIFY(e.message.contains(QStringLiteral("(127.0.0.1), port 1 failed")));
        QVERIFY(e.detail.isEmpty());
    }
};

QTEST_GUILESS_MAIN(PostgresErrorsTest)
#include "tst_postgres_errors.moc"
