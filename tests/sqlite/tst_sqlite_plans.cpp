// SQLite's query plans for the reads that browsing and consumer groups make: each statement the
// store sends (taken from storage/sqlite/SqliteQueries, the one place that builds them) searches
// an index, never the messages table, and never sorts its rows in a temporary b-tree. PostgreSQL's are
// checked in tst_query_plans.
#include "TestStores.h"
#include "storage/sqlite/SqliteQueries.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace mdb;
namespace queries = mdb::sqlite::queries;

class SqlitePlansTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsUseIndexes_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QVariantList>("arguments");
        QTest::addColumn<QString>("access"); // how the plan must read messages
        QTest::newRow("listCategories") << queries::listCategories() << QVariantList{}
                                        << QStringLiteral("SEARCH messages USING INDEX messages_category");
        QTest::newRow("categoryStats") << queries::categoryStats() << QVariantList{QStringLiteral("plan")}
                                       << QStringLiteral("SEARCH messages USING INDEX messages_category");
        QTest::newRow("categoryMessagesBefore")
            << queries::categoryMessagesBefore() << QVariantList{QStringLiteral("plan"), 100, 20}
            << QStringLiteral("SEARCH messages USING INDEX messages_category");
        QTest::newRow("categoryStreamSightings")
            << queries::categoryStreamSightings() << QVariantList{QStringLiteral("plan"), 1, 20}
            << QStringLiteral("SEARCH messages USING INDEX messages_category");
        QTest::newRow("categoryStreamTotals")
            << queries::categoryStreamTotals()
            << QVariantList{QStringLiteral("plan-"), QStringLiteral("plan."), QStringLiteral("plan")}
            << QStringLiteral("SEARCH messages USING COVERING INDEX messages_stream");
        QTest::newRow("categoryNewest")
            << queries::categoryNewest() << QVariantList{QStringLiteral("plan"), 10}
            << QStringLiteral("SEARCH messages USING INDEX messages_category");
        QTest::newRow("countCategoryMessages")
            << queries::countCategoryMessages() << QVariantList{QStringLiteral("plan"), 1}
            << QStringLiteral("SEARCH messages USING INDEX messages_category");
        // Every name is wanted: the whole stream index, never the table.
        QTest::newRow("streamNames") << queries::streamNames() << QVariantList{}
                                     << QStringLiteral("SCAN messages USING COVERING INDEX messages_stream");
    }

    void readsUseIndexes()
    {
        QFETCH(QString, sql);
        QFETCH(QVariantList, arguments);
        QFETCH(QString, access);
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        QList<WriteRequest> writes;
        for (int i = 0; i < 200; ++i)
            writes << WriteRequest{
                {}, QStringLiteral("plan-%1").arg(i % 7), QStringLiteral("T"), QStringLiteral("{}"), {}, {}};
        QVERIFY(t->writeMessages(t.ns, writes));
        QString plan;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plan"));
            db.setDatabaseName(QDir(t.dir->path()).absoluteFilePath(t.ns + QStringLiteral(".db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql),
                     qPrintable(q.lastError().text()));
            for (const QVariant& a : std::as_const(arguments))
                q.addBindValue(a);
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            while (q.next())
                plan += q.value(3).toString() + u'\n';
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("plan"));
        QVERIFY2(plan.contains(access), qPrintable(plan));
        // A search reads a range of an index and nothing else: no step scans messages or a
        // whole index.
        if (access.startsWith(QStringLiteral("SEARCH")))
            QVERIFY2(!plan.contains(QStringLiteral("SCAN messages")), qPrintable(plan));
        // Rows come in index order: no sort of the result (a count of distinct names needs a
        // b-tree of its own, which is not a sort).
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE FOR ORDER BY")), qPrintable(plan));
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE FOR GROUP BY")), qPrintable(plan));
    }
};

QTEST_GUILESS_MAIN(SqlitePlansTest)
#include "tst_sqlite_plans.moc"
