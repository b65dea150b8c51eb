// SQLite's query plans for reads that must not scan the messages table (PostgreSQL's are checked in
// tst_query_plans).
#include "TestStores.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace mdb;

class SqlitePlansTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // On SQLite the simulator's reads search the category index and the stream index, never the table.
    void sqliteReadsUseIndexes()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        QVERIFY(t->writeMessage(
            t.ns, {{}, QStringLiteral("plan-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plan"));
            db.setDatabaseName(QDir(t.dir->path()).absoluteFilePath(t.ns + QStringLiteral(".db")));
            QVERIFY(db.open());
            const auto plan = [&db](const QString& sql) {
                QSqlQuery q(db);
                q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql);
                QString text;
                while (q.next())
                    text += q.value(3).toString() + u'\n';
                return text;
            };
            const QString totals =
                plan(QStringLiteral("SELECT stream_name, count(*), max(global_position), max(time) "
                                    "FROM messages WHERE category = 'plan' GROUP BY stream_name"));
            QVERIFY2(totals.contains(QStringLiteral("USING INDEX messages_category")), qPrintable(totals));
            const QString names =
                plan(QStringLiteral("SELECT DISTINCT stream_name FROM messages ORDER BY stream_name"));
            QVERIFY2(names.contains(QStringLiteral("COVERING INDEX messages_stream")), qPrintable(names));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("plan"));
    }
};

QTEST_GUILESS_MAIN(SqlitePlansTest)
#include "tst_sqlite_plans.moc"
