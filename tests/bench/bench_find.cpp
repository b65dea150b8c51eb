// Find benchmark: a namespace-wide search through the real FindScan next to the same statement run
// by the psql / sqlite3 shell in the same run, the first match on screen through FindSession,
// go to time, cancel, the GUI thread during a search, and memory with the cap and find more.
// Prints a Markdown section; scripts/bench.sh collects them.
//
//   bench_find --store URL [--ns NAME] [--category C] [--runs N] [--label TEXT]
#include "BenchSupport.h"
#include "model/FindScan.h"
#include "model/FindSession.h"
#include "model/WorkerPools.h"
#include "storage/query/FilterSql.h"
#include "ui/find/FindResultsView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <limits>

using namespace mdb;

namespace {

// The namespace-wide scan's filter (about 0.1% of the sample's messages), the first-match
// filter (about 1%), one that matches nothing (the longest search) and one that matches nearly all.
const QString RareFilter = QStringLiteral("data.amount >= 4995");
const QString OnePercentFilter = QStringLiteral("data.amount >= 4950");
const QString NothingFilter = QStringLiteral("data.amount < 0");
const QString NearlyAllFilter = QStringLiteral("data.amount > 1");

// The columns the backends' search chunks select (PostgresFind.cpp, SqliteStore.cpp).
const QString PostgresColumns = QStringLiteral(
    "id::varchar, stream_name, type, position, global_position, data::varchar, metadata::varchar, "
    "(extract(epoch from time) * 1000000)::bigint");
const QString SqliteColumns =
    QStringLiteral("id, stream_name, type, position, global_position, data, metadata, time");

double msSince(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

double maxOf(const QList<double>& v)
{
    return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

FindRequest request(const QString& filter, qint64 cap)
{
    FindRequest r;
    r.filter = *query::Filter::compile(filter);
    r.maxMatches = cap;
    return r;
}

// A value as an SQL literal, for a statement a shell runs: what the driver binds, written out.
QString sqlLiteral(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double: {
        QString text = QString::number(value.toDouble(), 'g', 17);
        if (!text.contains(u'.') && !text.contains(u'e'))
            text += QStringLiteral(".0"); // stays REAL on SQLite, as the bound double is
        return text;
    }
    default:
        return u'\'' + value.toString().replace(u'\'', QStringLiteral("''")) + u'\'';
    }
}

// The statement a namespace-wide search's chunks amount to, over positions first..last at once:
// the chunk's SELECT as the backend builds it, the filter rendered by the same renderer, with its
// values inlined and no cap.
QString wholeRangeStatement(bool postgres, const QString& ns, const query::Filter& filter, qint64 first,
                            qint64 last)
{
    query::SqlColumns columns;
    if (postgres) {
        columns.category = QStringLiteral("\"%1\".category(stream_name)").arg(ns);
        columns.id = QStringLiteral("id::text");
    }
    const QString condition = *query::renderSql(
        filter, postgres ? query::Dialect::Postgres : query::Dialect::Sqlite, columns, sqlLiteral);
    const QString limit = QString::number(std::numeric_limits<qint64>::max());
    if (postgres)
        return QStringLiteral("SELECT %1 FROM \"%2\".messages WHERE global_position BETWEEN %3 AND %4 AND %5 "
                              "ORDER BY global_position LIMIT %6")
            .arg(PostgresColumns, ns, QString::number(first), QString::number(last), condition, limit);
    return QStringLiteral("SELECT %1 FROM messages WHERE global_position BETWEEN %2 AND %3 AND %4 "
                          "ORDER BY global_position LIMIT %5")
        .arg(SqliteColumns, QString::number(first), QString::number(last), condition, limit);
}

// Runs one statement through the store's shell, output to /dev/null; the process included.
class Shell
{
public:
    Shell(const Store& store, const QString& ns)
    {
        const StoreLocation& loc = store.location();
        m_postgres = loc.backend == StoreLocation::Backend::Postgres;
        if (m_postgres) {
            for (const auto& [key, variable] : {std::pair{QStringLiteral("host"), QStringLiteral("PGHOST")},
                                                {QStringLiteral("port"), QStringLiteral("PGPORT")},
                                                {QStringLiteral("user"), QStringLiteral("PGUSER")},
                                                {QStringLiteral("dbname"), QStringLiteral("PGDATABASE")},
                                                {QStringLiteral("sslmode"), QStringLiteral("PGSSLMODE")}}) {
                if (loc.pgParams.contains(key))
                    m_env.insert(variable, loc.pgParams.value(key));
            }
        } else {
            m_sqliteFile =
                loc.sqliteSingleFile ? loc.sqlitePath : loc.sqlitePath + u'/' + ns + QStringLiteral(".db");
        }
    }
    bool postgres() const { return m_postgres; }
    QString name() const { return m_postgres ? QStringLiteral("psql") : QStringLiteral("sqlite3"); }
    double run(const QString& sql) const
    {
        if (m_postgres)
            return timeProcess(QStringLiteral("psql"),
                               {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                                QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-c"), sql},
                               m_env, QStringLiteral("/dev/null"));
        return timeProcess(QStringLiteral("sqlite3"), {m_sqliteFile, sql}, {}, QStringLiteral("/dev/null"));
    }

private:
    bool m_postgres = false;
    QMap<QString, QString> m_env;
    QString m_sqliteFile;
};

// A table that notes when it first paints a row.
class TimedTable : public FindResultsView
{
public:
    void arm()
    {
        m_clock.start();
        m_firstRowMs = -1;
    }
    double firstRowMs() const { return m_firstRowMs; }

protected:
    void paintEvent(QPaintEvent* event) override
    {
        FindResultsView::paintEvent(event);
        if (m_firstRowMs < 0 && model() && model()->rowCount() > 0)
            m_firstRowMs = msSince(m_clock);
    }

private:
    QElapsedTimer m_clock;
    double m_firstRowMs = -1;
};

bool settled(const FindSession& session)
{
    return session.state() != FindSession::State::Running;
}

// A search's chunk still under way after a cancel is left to end on its worker; the next
// measurement starts once it has.
void waitForWorkers()
{
    interactivePool().waitForDone(60000);
    QCoreApplication::processEvents();
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
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const QString category = parser.isSet(QStringLiteral("category"))
                                 ? parser.value(QStringLiteral("category"))
                                 : store->listCategories(ns)->value(0);
    const Shell shell(*store, ns);

    // Scan rate: the whole namespace through FindScan, alternating with the shell's run of the
    // same statement, after one unmeasured pass of each so both read a warm cache.
    QList<double> scanMs, shellMs, shellStartMs;
    qint64 scannedPositions = 0, rareMatches = 0, first = 0, last = 0;
    for (int i = 0; i <= runs; ++i) {
        FindScan scan(store, ns, request(RareFilter, 0));
        QElapsedTimer t;
        t.start();
        if (Status started = scan.start(); !started) {
            std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
            return 1;
        }
        qint64 matches = 0;
        while (scan.outcome() == FindScan::Outcome::Running) {
            Result<MessageList> found = scan.next();
            if (!found) {
                std::fprintf(stderr, "%s\n", qPrintable(found.error().message));
                return 1;
            }
            matches += found->size();
        }
        const double ms = msSince(t);
        scannedPositions = scan.total();
        rareMatches = matches;
        first = scan.first();
        last = scan.last();
        const double shellRun =
            shell.run(wholeRangeStatement(shell.postgres(), ns, scan.request().filter, first, last));
        if (i == 0)
            continue;
        scanMs << ms;
        shellMs << shellRun;
        shellStartMs << shell.run(QStringLiteral("SELECT 1"));
    }
    const double ourRate = double(scannedPositions) * 1000.0 / median(scanMs);
    const double shellRate = double(scannedPositions) * 1000.0 / median(shellMs);

    // Go to time: times spread evenly from the oldest message to the newest.
    const Message oldest = **store->messageNear(ns, std::nullopt, 0, false);
    const Message newest = **store->messageNear(ns, std::nullopt, std::numeric_limits<qint64>::max(), true);
    constexpr int SeekPoints = 25;
    QList<double> seekNsMs, seekCategoryMs;
    for (int i = 0; i < SeekPoints; ++i) {
        const qint64 at = oldest.timeMicros + (newest.timeMicros - oldest.timeMicros) * i / (SeekPoints - 1);
        QElapsedTimer t;
        t.start();
        if (!seekTime(*store, ns, std::nullopt, at))
            return 1;
        seekNsMs << msSince(t);
        t.restart();
        if (!seekTime(*store, ns, category, at))
            return 1;
        seekCategoryMs << msSince(t);
    }

    TimedTable view;
    FindSession session;
    view.setModel(session.results());
    // The dock's own view, with the dock's column widths (ui/find/FindPanel.cpp).
    view.setColumnWidth(FindResultsModel::Time, 210);
    view.setColumnWidth(FindResultsModel::Stream, 220);
    view.resize(1200, 800);
    view.show();
    runEventsFor(200); // the first show loads fonts and styles: Qt's start-up, not the search's work

    // First match on screen: from start() to the paint that shows the first row.
    QList<double> firstRowMs, firstArrivalMs;
    QElapsedTimer arrivalClock;
    double arrivalMs = -1;
    const QMetaObject::Connection arrival =
        QObject::connect(session.results(), &QAbstractItemModel::rowsInserted, [&] {
            if (arrivalMs < 0)
                arrivalMs = msSince(arrivalClock);
        });
    for (int i = 0; i < std::max(runs, 10); ++i) {
        view.arm();
        arrivalClock.start();
        arrivalMs = -1;
        session.start(store, ns, request(OnePercentFilter, FindSession::DefaultCap));
        runEventsUntil([&] { return view.firstRowMs() >= 0 || settled(session); });
        firstRowMs << view.firstRowMs();
        firstArrivalMs << arrivalMs;
        session.cancel();
        waitForWorkers();
    }
    QObject::disconnect(arrival);

    // Cancel: a search that matches nothing walks the whole namespace; cancel() lands 150 to
    // 210 ms in, at a random point of a ~60 ms chunk. "Stopped" is when the worker's statement
    // has returned, which is when the server has stopped working on it.
    QList<double> cancelStateMs, cancelStoppedMs;
    QRandomGenerator random(42);
    for (int i = 0; i < std::max(runs, 10); ++i) {
        session.start(store, ns, request(NothingFilter, FindSession::DefaultCap));
        runEventsFor(150 + int(random.bounded(60)));
        if (settled(session))
            continue; // a store this small is searched through before the cancel
        QElapsedTimer t;
        t.start();
        session.cancel();
        if (session.state() == FindSession::State::Cancelled)
            cancelStateMs << msSince(t);
        interactivePool().waitForDone(60000);
        cancelStoppedMs << msSince(t);
        QCoreApplication::processEvents();
    }

    // Memory: a search that matches nearly everything stops at the cap; find more adds a cap's
    // worth each time.
    constexpr int FindMoreTimes = 5;
    session.start(store, ns, request(NothingFilter, FindSession::DefaultCap)); // empties the view
    session.cancel();
    waitForWorkers();
    const qint64 rssBefore = residentKb();
    session.start(store, ns, request(NearlyAllFilter, FindSession::DefaultCap));
    runEventsUntil([&] { return settled(session); });
    const qint64 rssAtCap = residentKb();
    const qint64 rowsAtCap = session.results()->rowCount();
    for (int i = 0; i < FindMoreTimes; ++i) {
        session.findMore();
        runEventsUntil([&] { return settled(session); });
    }
    const qint64 rssAfterMore = residentKb();
    const qint64 rowsAfterMore = session.results()->rowCount();
    session.cancel();
    waitForWorkers();

    // The GUI thread while a whole-namespace search puts all its matches (about 1%) into the view.
    LatencyProbe probe;
    probe.start();
    QElapsedTimer fullTimer;
    fullTimer.start();
    session.start(store, ns, request(OnePercentFilter, 0));
    runEventsUntil([&] { return settled(session); });
    const double fullMs = msSince(fullTimer);
    probe.stop();
    const qint64 fullMatches = session.matches();
    const double fullWorst = probe.worst();
    const int fullOverFrame = probe.overFrame();
    const double fullBusiest = probe.busiest();

    const StoreLocation& loc = store->location();
    const QString label =
        parser.isSet(QStringLiteral("label")) ? parser.value(QStringLiteral("label")) : loc.displayName();
    std::printf("### %s\n\n", qPrintable(label));
    // Go to time scans the messages written within TimeSkewMicros before the time sought.
    const double perSecond = double(newest.globalPosition - oldest.globalPosition) * 1e6 /
                             double(std::max<qint64>(1, newest.timeMicros - oldest.timeMicros));
    std::printf("Namespace `%s`: positions %lld to %lld, written at %.0f messages/s on average (so about "
                "%.0f messages in go to time's %lld s window); go to time in category `%s`; median of %d "
                "runs.\n\n",
                qPrintable(ns), first, last, perSecond, perSecond * double(TimeSkewMicros) / 1e6,
                TimeSkewMicros / 1000000, qPrintable(category), runs);
    std::printf("| what | measured | target |\n|---|---|---|\n");
    std::printf("| scan `%s` over the namespace (%lld matches) | %.0f ms, %.0f messages/s | |\n",
                qPrintable(RareFilter), rareMatches, median(scanMs), ourRate);
    std::printf("| the same statement in one run of the %s shell | %.0f ms, %.0f messages/s | |\n",
                qPrintable(shell.name()), median(shellMs), shellRate);
    std::printf("| scan rate, ours / the shell's | %.2fx | >= 0.8x |\n", ourRate / shellRate);
    std::printf("| first match of `%s` on screen (median / p95 of %lld) | %.1f / %.1f ms | <= 100 ms |\n",
                qPrintable(OnePercentFilter), qint64(firstRowMs.size()), median(firstRowMs),
                percentile(firstRowMs, 0.95));
    std::printf(
        "| of which the first chunk's matches reach the results model (median / p95) | %.1f / %.1f ms | "
        "|\n",
        median(firstArrivalMs), percentile(firstArrivalMs, 0.95));
    std::printf("| go to time, namespace (median / p95 / max of %d) | %.1f / %.1f / %.1f ms | <= 50 ms |\n",
                SeekPoints, median(seekNsMs), percentile(seekNsMs, 0.95), maxOf(seekNsMs));
    std::printf("| go to time, category (median / p95 / max of %d) | %.1f / %.1f / %.1f ms | <= 50 ms |\n",
                SeekPoints, median(seekCategoryMs), percentile(seekCategoryMs, 0.95), maxOf(seekCategoryMs));
    std::printf("| cancel to Cancelled (median / max of %lld) | %.2f / %.2f ms | <= 200 ms |\n",
                qint64(cancelStateMs.size()), median(cancelStateMs), maxOf(cancelStateMs));
    std::printf("| cancel to the statement stopped (median / max of %lld) | %.1f / %.1f ms | <= 200 ms |\n",
                qint64(cancelStoppedMs.size()), median(cancelStoppedMs), maxOf(cancelStoppedMs));
    std::printf("| GUI thread during a whole search into the view (%lld matches, %.0f ms): longest gap / "
                "gaps over 16 ms | %.1f ms / %d | <= 16 ms / 0 |\n",
                fullMatches, fullMs, fullWorst, fullOverFrame);
    std::printf("| the GUI thread's own CPU time in its busiest gap | %.1f ms | <= 16 ms |\n", fullBusiest);
    std::printf("| resident memory before `%s` / at the cap (%lld rows) / after find more x%d (%lld rows) | "
                "%.1f / %.1f / %.1f MB | bounded by the rows shown |\n",
                qPrintable(NearlyAllFilter), rowsAtCap, FindMoreTimes, rowsAfterMore,
                double(rssBefore) / 1024.0, double(rssAtCap) / 1024.0, double(rssAfterMore) / 1024.0);
    std::printf("\nThe %s shell's start alone (`SELECT 1`, process and connection): %.1f ms.\n\n",
                qPrintable(shell.name()), median(shellStartMs));
    finishWorkers();
    return 0;
}
