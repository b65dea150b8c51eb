// Browser benchmark: what a user waits for on a large store, next to the obvious alternatives
// measured in the same run (the psql / sqlite3 shell, OFFSET paging and a COUNT first, as
// DB Browser for SQLite pages). Prints a Markdown section; scripts/bench.sh collects them.
//
//   bench_browser --store URL [--ns NAME] [--category C] [--runs N] [--label TEXT]
#include "BenchSupport.h"
#include "model/MessageTableModel.h"
#include "model/StoreTreeModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace mdb;

namespace {

// Runs `action` and the event loop until the table's page has arrived and been painted; no
// polling, so the figure is the latency a user sees.
double timeUntilIdle(MessageTableModel& model, QTableView& view, const std::function<void()>& action)
{
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QObject::connect(&model, &MessageTableModel::loadingChanged, &loop, [&loop](bool loading) {
        if (!loading)
            loop.quit();
    });
    QTimer::singleShot(120000, &loop, [] {
        std::fprintf(stderr, "timed out waiting for the store\n");
        std::exit(1);
    });
    action();
    if (model.isLoading())
        loop.exec();
    view.viewport()->update();
    QCoreApplication::processEvents(); // the paint that puts the rows on screen
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    addStoreBenchOptions(parser);
    parser.process(app);

    const auto [store, ns] = openBenchStore(parser);
    if (!store)
        return 1;
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    LatencyProbe probe;

    // The category list.
    QList<double> listMs;
    QStringList categories;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        categories = *store->listCategories(ns);
        listMs << double(t.nsecsElapsed()) / 1e6;
    }
    const QString category = parser.isSet(QStringLiteral("category"))
                                 ? parser.value(QStringLiteral("category"))
                                 : categories.value(0);
    const CategoryStats stats = *store->categoryStats(ns, category);

    QTableView view;
    MessageTableModel model;
    model.setStore(store);
    view.setModel(&model);
    view.resize(1200, 800);
    view.show();
    QTest::qWait(200); // the first show loads fonts and styles: Qt's start-up, not the browser's work
    probe.start();
    const MessageFeed feed{MessageFeed::Kind::Category, ns, category, {}, {}, {}, {}, {}};

    QList<double> firstPage, endPage;
    for (int i = 0; i < runs; ++i) {
        firstPage << timeUntilIdle(model, view, [&] { model.open(feed); });
        endPage << timeUntilIdle(model, view, [&] { model.jumpToEnd(); });
    }

    // Scroll the whole category, page by page, as a view's fetchMore does.
    QList<double> pageMs;
    model.open(feed);
    waitFor([&model] { return !model.isLoading(); });
    QElapsedTimer whole;
    whole.start();
    while (!model.atEnd()) {
        if (!model.canFetchMore({})) { // the view asked for the page already
            timeUntilIdle(model, view, [] {});
            continue;
        }
        pageMs << timeUntilIdle(model, view, [&] { model.fetchMore({}); });
        view.scrollToBottom(); // as a user reading on would; outside the timing
    }
    const double wholeMs = double(whole.nsecsElapsed()) / 1e6;
    const qint64 rssAfterScroll = residentKb();

    // The first page of the category's streams.
    QList<double> streamsMs;
    for (int i = 0; i < runs; ++i) {
        StoreTreeModel tree;
        tree.setStore(store);
        waitFor([&] { return tree.namespaceIndex(ns).isValid(); });
        const QModelIndex nsIndex = tree.namespaceIndex(ns);
        if (tree.canFetchMore(nsIndex))
            tree.fetchMore(nsIndex);
        waitFor([&] { return tree.categoryIndex(ns, category).isValid(); });
        const QModelIndex cat = tree.categoryIndex(ns, category);
        QElapsedTimer t;
        t.start();
        QEventLoop loop;
        QObject::connect(&tree, &QAbstractItemModel::rowsInserted, &loop, [&](const QModelIndex& parent) {
            if (parent == cat)
                loop.quit();
        });
        if (tree.canFetchMore(cat))
            tree.fetchMore(cat);
        if (tree.rowCount(cat) == 0)
            loop.exec();
        streamsMs << double(t.nsecsElapsed()) / 1e6;
    }
    probe.stop();

    // Baselines, in this run, on this machine.
    const StoreLocation& loc = store->location();
    const bool pg = loc.backend == StoreLocation::Backend::Postgres;
    QList<double> shellMs, offsetLastMs, keysetLastMs, countMs;
    QSqlDatabase db = QSqlDatabase::addDatabase(pg ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"),
                                                QStringLiteral("baseline"));
    QString categoryExpr = QStringLiteral("category");
    QString table = QStringLiteral("messages");
    if (pg) {
        db.setHostName(loc.pgParams.value(QStringLiteral("host")));
        db.setPort(loc.pgParams.value(QStringLiteral("port")).toInt());
        db.setUserName(loc.pgParams.value(QStringLiteral("user")));
        db.setDatabaseName(loc.pgParams.value(QStringLiteral("dbname")));
        categoryExpr = QStringLiteral("\"%1\".category(stream_name)").arg(ns);
        table = QStringLiteral("\"%1\".messages").arg(ns);
    } else {
        db.setDatabaseName(loc.sqliteSingleFile ? loc.sqlitePath
                                                : loc.sqlitePath + u'/' + ns + QStringLiteral(".db"));
    }
    if (!db.open()) {
        std::fprintf(stderr, "baseline connection: %s\n", qPrintable(db.lastError().text()));
        return 1;
    }
    const QString quotedCategory = u'\'' + QString(category).replace(u'\'', QStringLiteral("''")) + u'\'';
    const qint64 lastOffset = std::max<qint64>(0, stats.messages - MessageTableModel::PageSize);
    for (int i = 0; i < runs; ++i) {
        QSqlQuery q(db);
        QElapsedTimer t;
        t.start();
        q.exec(QStringLiteral("SELECT * FROM %1 WHERE %2 = %3 ORDER BY global_position LIMIT %4 OFFSET %5")
                   .arg(table, categoryExpr, quotedCategory)
                   .arg(MessageTableModel::PageSize)
                   .arg(lastOffset));
        while (q.next()) {
        }
        offsetLastMs << double(t.nsecsElapsed()) / 1e6;
        t.restart();
        q.exec(QStringLiteral("SELECT * FROM %1 WHERE %2 = %3 AND global_position < %4 ORDER BY "
                              "global_position DESC LIMIT %5")
                   .arg(table, categoryExpr, quotedCategory)
                   .arg(std::numeric_limits<qint64>::max())
                   .arg(MessageTableModel::PageSize));
        while (q.next()) {
        }
        keysetLastMs << double(t.nsecsElapsed()) / 1e6;
        t.restart();
        q.exec(
            QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = %3").arg(table, categoryExpr, quotedCategory));
        q.next();
        countMs << double(t.nsecsElapsed()) / 1e6;
        if (pg) {
            shellMs << timeProcess(
                QStringLiteral("psql"),
                {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-o"),
                 QStringLiteral("/dev/null"), QStringLiteral("-c"),
                 QStringLiteral(
                     "SET search_path TO \"%1\", public; SELECT * FROM get_category_messages(%2, 1, %3)")
                     .arg(ns, quotedCategory)
                     .arg(MessageTableModel::PageSize)},
                {{QStringLiteral("PGHOST"), db.hostName()},
                 {QStringLiteral("PGPORT"), QString::number(db.port())},
                 {QStringLiteral("PGUSER"), db.userName()},
                 {QStringLiteral("PGDATABASE"), db.databaseName()}});
        } else {
            shellMs << timeProcess(
                QStringLiteral("sqlite3"),
                {db.databaseName(),
                 QStringLiteral("SELECT * FROM messages WHERE category = %1 AND global_position >= 1 "
                                "ORDER BY global_position LIMIT %2")
                     .arg(quotedCategory)
                     .arg(MessageTableModel::PageSize)});
        }
    }

    const QString label =
        parser.isSet(QStringLiteral("label")) ? parser.value(QStringLiteral("label")) : loc.displayName();
    std::printf("#### %s\n\n", qPrintable(label));
    std::printf("Category `%s`: %lld messages, %lld streams; namespace `%s`; median of %d runs.\n\n",
                qPrintable(category), stats.messages, stats.streams, qPrintable(ns), runs);
    std::printf("| what | measured | target |\n|---|---|---|\n");
    std::printf("| category list | %.1f ms | <= 50 ms |\n", median(listMs));
    std::printf("| first page of the category on screen | %.1f ms | <= 50 ms |\n", median(firstPage));
    std::printf("| jump to the end of the category | %.1f ms | <= 50 ms |\n", median(endPage));
    std::printf(
        "| each page while scrolling (median / p95 / max of %lld) | %.1f / %.1f / %.1f ms | <= 20 ms |\n",
        qint64(pageMs.size()), median(pageMs), percentile(pageMs, 0.95),
        pageMs.isEmpty() ? 0.0 : *std::max_element(pageMs.begin(), pageMs.end()));
    std::printf("| whole category scrolled end to end | %.0f ms | |\n", wholeMs);
    std::printf("| first page of the category's streams | %.1f ms | <= 50 ms |\n", median(streamsMs));
    std::printf("| GUI thread: longest gap / gaps over 16 ms | %.1f ms / %d | <= 50 ms / 0 |\n",
                probe.worst(), probe.overFrame());
    std::printf("| resident memory after scrolling the category | %.1f MB | <= 150 MB |\n",
                double(rssAfterScroll) / 1024.0);
    std::printf("\nThe same pages by other means, same run:\n\n| alternative | measured | ours | ratio "
                "|\n|---|---|---|---|\n");
    std::printf("| first page through the %s shell (process included) | %.1f ms | %.1f ms | %.1fx |\n",
                pg ? "psql" : "sqlite3", median(shellMs), median(firstPage),
                median(shellMs) / std::max(0.001, median(firstPage)));
    std::printf("| last page by OFFSET %lld (DB Browser's paging) | %.1f ms | %.1f ms (keyset) | %.1fx |\n",
                lastOffset, median(offsetLastMs), median(keysetLastMs),
                median(offsetLastMs) / std::max(0.001, median(keysetLastMs)));
    std::printf("| COUNT(*) before the first page | %.1f ms | none | |\n\n", median(countMs));
    return 0;
}
