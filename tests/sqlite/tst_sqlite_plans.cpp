// SQLite's query plans for the reads that browsing and consumer groups make: each statement the
// store sends (taken from storage/sqlite/SqliteQueries, the one place that builds them) searches
// an index, never the messages table, and never sorts its rows in a temporary b-tree; on
// mdbstudio's files and on EventoDB's, whose category index is built on an expression of its own.
// PostgreSQL's are checked in tst_query_plans.
#include "EventoDbFixture.h"
#include "TestStores.h"
#include "storage/sqlite/SqliteQueries.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;
namespace queries = mdb::sqlite::queries;

class SqlitePlansTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsUseIndexes_data()
    {
        QTest::addColumn<bool>("eventoDb"); // EventoDB's file, with its own category index expression
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QVariantList>("arguments");
        QTest::addColumn<QString>("access"); // how the plan must read messages
        for (const bool eventoDb : {false, true}) {
            const queries::NamespaceSql ns =
                eventoDb ? queries::NamespaceSql::forLayout(StoreLayout::eventoDbSqlite({}, 2))
                         : queries::NamespaceSql::mdbstudio();
            const auto row = [eventoDb](const char* name) {
                return &(QTest::addRow("%s %s", eventoDb ? "eventodb" : "mdbstudio", name) << eventoDb);
            };
            *row("listCategories") << queries::listCategories(ns) << QVariantList{}
                                   << QStringLiteral("SEARCH messages USING INDEX messages_category");
            *row("categoryStats") << queries::categoryStats(ns) << QVariantList{QStringLiteral("plan")}
                                  << QStringLiteral("SEARCH messages USING INDEX messages_category");
            *row("categoryMessagesBefore")
                << queries::categoryMessagesBefore(ns) << QVariantList{QStringLiteral("plan"), 100, 20}
                << QStringLiteral("SEARCH messages USING INDEX messages_category");
            *row("categoryStreamSightings")
                << queries::categoryStreamSightings(ns) << QVariantList{QStringLiteral("plan"), 1, 20}
                << QStringLiteral("SEARCH messages USING INDEX messages_category");
            *row("categoryStreamTotals")
                << queries::categoryStreamTotals()
                << QVariantList{QStringLiteral("plan-"), QStringLiteral("plan."), QStringLiteral("plan")}
                << QStringLiteral("SEARCH messages USING COVERING INDEX messages_stream");
            *row("categoryNewest") << queries::categoryNewest(ns) << QVariantList{QStringLiteral("plan"), 10}
                                   << QStringLiteral("SEARCH messages USING INDEX messages_category");
            *row("countCategoryMessages")
                << queries::countCategoryMessages(ns) << QVariantList{QStringLiteral("plan"), 1}
                << QStringLiteral("SEARCH messages USING INDEX messages_category");
            // Every name is wanted: the whole stream index, never the table.
            *row("streamNames") << queries::streamNames() << QVariantList{}
                                << QStringLiteral("SCAN messages USING COVERING INDEX messages_stream");
        }
    }

    void readsUseIndexes()
    {
        QFETCH(bool, eventoDb);
        QFETCH(QString, sql);
        QFETCH(QVariantList, arguments);
        QFETCH(QString, access);
        QString file;
        QTemporaryDir eventoDbDir;
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        if (eventoDb) {
            // An EventoDB namespace file, filled as EventoDB's server fills it.
            QVERIFY(eventoDbDir.isValid());
            QCOMPARE(mdbtest::makeEventoDbSqliteRegistry(eventoDbDir.path()), QString());
            QCOMPARE(
                mdbtest::registerEventoDbSqliteNamespace(eventoDbDir.path(), QStringLiteral("plans"), {}),
                QString());
            file = QDir(eventoDbDir.path()).absoluteFilePath(QStringLiteral("plans.db"));
            QList<mdbtest::EventoDbSqliteRow> rows;
            for (int i = 0; i < 200; ++i)
                rows << mdbtest::EventoDbSqliteRow{QStringLiteral("plan-%1").arg(i % 7),
                                                   QStringLiteral("T"),
                                                   QByteArray("{}"),
                                                   QByteArray(),
                                                   0,
                                                   {}};
            QCOMPARE(mdbtest::writeEventoDbSqliteRows(file, rows), QString());
        } else {
            QList<WriteRequest> writes;
            for (int i = 0; i < 200; ++i)
                writes << WriteRequest{
                    {}, QStringLiteral("plan-%1").arg(i % 7), QStringLiteral("T"), QStringLiteral("{}"), {},
                    {}};
            QVERIFY(t->writeMessages(t.ns, writes));
            file = QDir(t.dir->path()).absoluteFilePath(t.ns + QStringLiteral(".db"));
        }
        QString plan;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plan"));
            db.setDatabaseName(file);
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
