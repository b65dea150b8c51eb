// The browser's reads go through indexes, never a sequential scan of messages: on an mdbstudio
// PostgreSQL namespace (the official install has the same indexes, made by the same DDL), every
// call below is run with sequential scans disabled for the session, so a scan can only appear when
// no index can serve the query; PostgreSQL's own statistics then tell whether one happened.
#include "EventoDbFixture.h"
#include "TestStores.h"
#include "storage/postgres/PostgresQueries.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace mdb;
namespace queries = mdb::postgres::queries;

namespace {

struct ScanCounts
{
    qint64 sequential = -1;
    qint64 index = -1;
};

ScanCounts scanCounts(QSqlDatabase& db, const QString& ns)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT pg_stat_clear_snapshot()"));
    q.exec(QStringLiteral("SELECT coalesce(seq_scan, 0), coalesce(idx_scan, 0) FROM pg_stat_user_tables "
                          "WHERE schemaname = '%1' AND relname = 'messages'")
               .arg(ns));
    ScanCounts c;
    if (q.next()) {
        c.sequential = q.value(0).toLongLong();
        c.index = q.value(1).toLongLong();
    }
    return c;
}

} // namespace

class QueryPlansTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void browsingNeverScansTheTable()
    {
        if (mdbtest::postgresUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_URL is not set");
            QSKIP("no test PostgreSQL (run scripts/test.sh)");
        }
        // The store under test runs with sequential scans off: only a query no index serves scans.
        Result<std::unique_ptr<Store>> setup = Store::openNamed(mdbtest::postgresUrl());
        QVERIFY(setup);
        const QString ns = mdbtest::uniqueName(QStringLiteral("plans_"));
        QVERIFY(setup.value()->createNamespace(ns));
        QList<WriteRequest> batch;
        for (int i = 0; i < 2000; ++i)
            batch << WriteRequest{{},
                                  QStringLiteral("cat%1-%2").arg(i % 10).arg(i % 97),
                                  QStringLiteral("T"),
                                  QStringLiteral("{}"),
                                  QStringLiteral(R"({"correlationStreamName": "corr-1"})"),
                                  {}};
        QVERIFY(setup.value()->writeMessages(ns, batch));
        setup.value().reset(); // its backend reports the writes' statistics as it exits
        QThread::msleep(1500);
        Result<std::unique_ptr<Store>> opened =
            Store::openNamed(mdbtest::postgresUrl() + QStringLiteral("?options=-c%20enable_seqscan%3Doff"));
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        Store& store = *opened.value();

        QSqlDatabase db = mdbtest::directPostgresConnection(QStringLiteral("stats"));
        QVERIFY(db.open());
        const ScanCounts before = scanCounts(db, ns);

        QCOMPARE(store.listCategories(ns)->size(), 10);
        QCOMPARE(store.categoryMessages(ns, {QStringLiteral("cat3"), {}, 50, {}, {}, {}, {}})->size(), 50);
        QCOMPARE(
            store.categoryMessages(ns, {QStringLiteral("cat3"), {}, 50, QStringLiteral("corr"), 1, 3, {}})
                ->size(),
            50);
        QCOMPARE(store.categoryMessagesBefore(ns, QStringLiteral("cat3"), 1000000, 50).value().size(), 50);
        QCOMPARE(store.categoryStreamSightings(ns, QStringLiteral("cat3"), 1, 100)->size(), 100);
        QVERIFY(store.streamMessages(ns, {QStringLiteral("cat3-3"), {}, {}, {}})->size() > 0);
        QVERIFY(store.streamVersion(ns, QStringLiteral("cat3-3"))->has_value());
        QVERIFY(store.categoryStats(ns, QStringLiteral("cat3"))->messages == 200);
        // The consumer-group simulator's reads.
        QCOMPARE(store.categoryStreams(ns, QStringLiteral("cat3"), 100)->streams.size(), 97);
        QCOMPARE(*store.countCategoryMessages(ns, QStringLiteral("cat3"), 1), 200);
        QCOMPARE(store.streamNames(ns)->size(), 970);

        // Each backend reports its statistics within about a second of going idle.
        ScanCounts after;
        QElapsedTimer waited;
        waited.start();
        do {
            QThread::msleep(250);
            after = scanCounts(db, ns);
        } while (after.index < before.index + 12 && waited.elapsed() < 20000);
        QVERIFY2(after.index >= before.index + 12, "the store's index scans were not reported");
        QCOMPARE(after.sequential, before.sequential);

        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("stats"));
        QVERIFY(store.dropNamespace(ns));
    }

    // With the planner's own choices (sequential scans allowed) and fresh statistics, every read
    // the store sends for browsing and consumer groups (taken from storage/postgres/PostgresQueries,
    // the one place that builds them) goes through an index, even a category's streams, where the
    // whole category is wanted. On an mdbstudio namespace, and on an EventoDB namespace, whose
    // category index is on another expression.
    void readsUseIndexes_data()
    {
        QTest::addColumn<bool>("eventoDb");
        QTest::newRow("mdbstudio") << false;
        QTest::newRow("eventodb") << true;
    }

    void readsUseIndexes()
    {
        QFETCH(bool, eventoDb);
        if (mdbtest::postgresUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_URL is not set");
            QSKIP("no test PostgreSQL (run scripts/test.sh)");
        }
        Result<std::unique_ptr<Store>> opened = Store::openNamed(mdbtest::postgresUrl());
        QVERIFY(opened);
        Store& store = *opened.value();
        const QString ns = eventoDb ? mdbtest::uniqueName(QStringLiteral("Plans-"))
                                    : mdbtest::uniqueName(QStringLiteral("plans_"));
        if (eventoDb)
            QCOMPARE(mdbtest::makeEventoDbPostgresNamespace(ns, QString()), QString());
        else
            QVERIFY(store.createNamespace(ns));
        const auto dropNamespace = qScopeGuard([&] {
            if (eventoDb)
                mdbtest::dropEventoDbPostgresNamespace(ns);
            else
                QVERIFY(store.dropNamespace(ns));
        });
        QList<WriteRequest> batch;
        for (int i = 0; i < 20000; ++i)
            batch << WriteRequest{{},
                                  QStringLiteral("cat%1-%2").arg(i % 40).arg(i % 997),
                                  QStringLiteral("T"),
                                  QStringLiteral("{}"),
                                  {},
                                  {}};
        QVERIFY(store.writeMessages(ns, batch));

        const QString schema = QStringLiteral("\"%1\"").arg(eventoDb ? mdbtest::eventoDbSchemaFor(ns) : ns);
        const auto table = eventoDb ? queries::NamespaceSql::forLayout(
                                          StoreLayout::eventoDbPostgres(mdbtest::eventoDbSchemaFor(ns), 2))
                                    : queries::NamespaceSql::withCategoryFunction(schema);
        const QString cat7 = QStringLiteral("'cat7'");
        const QList<std::pair<const char*, QString>> reads{
            {"listCategories", queries::listCategories(table)},
            {"categoryStats", queries::categoryStats(table, cat7)},
            {"categoryMessagesBefore", queries::categoryMessagesBefore(table, cat7, 15000, 100)},
            {"categoryStreamSightings", queries::categoryStreamSightings(table, cat7, 1, 1000)},
            {"categoryStreamTotals", queries::categoryStreamTotals(table, cat7)},
            {"categoryNewest", queries::categoryNewest(table, cat7, 1000)},
            {"countCategoryMessages", queries::countCategoryMessages(table, cat7, 1)},
            {"streamNames", queries::streamNames(table)},
        };
        QSqlDatabase db = mdbtest::directPostgresConnection(QStringLiteral("explain"));
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("ANALYZE %1.messages").arg(schema)));
            for (const auto& [name, sql] : reads) {
                QVERIFY2(q.exec(QStringLiteral("EXPLAIN ") + sql), qPrintable(q.lastError().text()));
                QString plan;
                while (q.next())
                    plan += q.value(0).toString() + u'\n';
                const QString what = QString::fromLatin1(name) + u'\n' + plan;
                QVERIFY2(plan.contains(QStringLiteral("Index")), qPrintable(what));
                QVERIFY2(!plan.contains(QStringLiteral("Seq Scan")), qPrintable(what));
            }
            // And what the store answers from them is right.
            QSet<QString> streams;
            for (int i = 7; i < 20000; i += 40)
                streams.insert(QStringLiteral("cat7-%1").arg(i % 997));
            QCOMPARE(store.categoryStreams(ns, QStringLiteral("cat7"), 0)->streams.size(), streams.size());
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("explain"));
    }
};

QTEST_GUILESS_MAIN(QueryPlansTest)
#include "tst_query_plans.moc"
