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
            // SqliteStore::categoryStreams: a range of the stream index, counted from the index alone,
            // and the category's newest messages from the category index.
            const QString totals =
                plan(QStringLiteral("SELECT stream_name, count(*) FROM messages WHERE stream_name >= "
                                    "'plan-' AND stream_name < 'plan.' GROUP BY stream_name"));
            QVERIFY2(totals.contains(QStringLiteral("COVERING INDEX messages_stream")), qPrintable(totals));
            QVERIFY2(!totals.contains(QStringLiteral("TEMP B-TREE")), qPrintable(totals));
            const QString newest =
                plan(QStringLiteral("SELECT stream_name, global_position, time FROM messages WHERE "
                                    "category = 'plan' ORDER BY global_position DESC LIMIT 10"));
            QVERIFY2(newest.contains(QStringLiteral("USING INDEX messages_category")), qPrintable(newest));
            QVERIFY2(!newest.contains(QStringLiteral("TEMP B-TREE")), qPrintable(newest));
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
