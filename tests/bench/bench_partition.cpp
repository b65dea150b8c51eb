// Consumer-group benchmark: a category of 100,000 streams and 1,000,000 messages split for a group,
// computed and painted by the panel, next to the same question put to the database shell in the
// same run; then the live map under 2,000 messages/s arriving. Prints a Markdown section;
// scripts/bench.sh collects them.
//
//   bench_partition --store URL [--ns NAME] [--category C] [--streams N] [--messages N]
//                   [--runs N] [--rate R] [--seconds S] [--label TEXT]
#include "BenchSupport.h"
#include "model/ConsumerGroupSession.h"
#include "model/PartitionSimulation.h"
#include "model/WorkerPools.h"
#include "ui/consumergroups/ConsumerGroupPanel.h"
#include "ui/consumergroups/PartitionMap.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSignalSpy>
#include <QTabWidget>
#include <QThreadPool>

#include <atomic>
#include <thread>

using namespace mdb;

namespace {

constexpr int GroupSize = 8;

double elapsedMs(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// Fills the category through the store's own writes (write_message on PostgreSQL), round robin
// over the streams, unless it already holds the messages.
bool populate(Store& store, const QString& ns, const QString& category, int streams, int messages)
{
    Result<CategoryStats> stats = store.categoryStats(ns, category);
    if (!stats)
        return false;
    QElapsedTimer t;
    t.start();
    QList<WriteRequest> batch;
    for (qint64 i = stats->messages; i < messages; ++i) {
        batch << WriteRequest{{},
                              category + u'-' + QString::number(i % streams),
                              QStringLiteral("Deposited"),
                              QStringLiteral(R"({"amount": 10})"),
                              {},
                              {}};
        if (batch.size() == 2000 || i + 1 == messages) {
            if (!store.writeMessages(ns, batch))
                return false;
            batch.clear();
        }
    }
    if (stats->messages < messages)
        std::fprintf(stderr, "populated %s in %.0f s\n", qPrintable(category), elapsedMs(t) / 1000);
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const auto option = [&parser](const char* name, const char* description, const char* fallback = nullptr) {
        parser.addOption({QLatin1String(name), QLatin1String(description), QStringLiteral("value"),
                          fallback ? QLatin1String(fallback) : QString()});
    };
    option("store", "store URL");
    option("ns", "namespace");
    option("category", "category", "bench");
    option("streams", "streams in the category", "100000");
    option("messages", "messages in the category", "1000000");
    option("runs", "repetitions", "5");
    option("rate", "live messages per second", "2000");
    option("seconds", "live seconds", "10");
    option("label", "section title");
    parser.process(app);

    const auto [store, ns] = openBenchStore(parser);
    if (!store)
        return 1;
    const QString category = parser.value(QStringLiteral("category"));
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    const int streams = parser.value(QStringLiteral("streams")).toInt();
    if (!populate(*store, ns, category, streams, parser.value(QStringLiteral("messages")).toInt())) {
        std::fprintf(stderr, "cannot populate %s\n", qPrintable(category));
        return 1;
    }
    const bool pg = store->location().backend == StoreLocation::Backend::Postgres;

    // The steps, each timed on its own.
    QList<double> readMs, hashMs, computeMs, panelMs, shellMs, computedMs, panelReadMs;
    qsizetype streamCount = 0;
    qint64 messageCount = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer t;
        t.start();
        Result<CategoryStreams> read = store->categoryStreams(ns, category, 20000);
        readMs << elapsedMs(t);
        if (!read) {
            std::fprintf(stderr, "%s\n", qPrintable(read.error().message));
            return 1;
        }
        t.restart();
        const PartitionSimulation simulation(category, *read);
        hashMs << elapsedMs(t);
        t.restart();
        const QList<MemberLoad> loads = simulation.members(GroupSize);
        const ResizeImpact impact = simulation.resize(GroupSize, GroupSize + 1);
        const auto moved = simulation.movedBySize(GroupSize, 16);
        Q_UNUSED(moved);
        computeMs << elapsedMs(t);
        streamCount = simulation.streams().size();
        messageCount = simulation.totalMessages();
        Q_UNUSED(loads);
        Q_UNUSED(impact);
    }

    // The whole panel: from asking to the assignment computed and the partition map painted.
    {
        ConsumerGroupPanel panel(store, ns, QString());
        panel.setGroupSizes(GroupSize, GroupSize + 1);
        panel.findChild<QTabWidget*>()->setCurrentIndex(3);
        panel.resize(1200, 800);
        panel.show();
        QSignalSpy loaded(panel.session(), &ConsumerGroupSession::loaded);
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer t;
            t.start();
            panel.setCategory(ns, category);
            waitFor([&] { return loaded.size() == run + 1; });
            QElapsedTimer paint;
            paint.start();
            panel.partitionMap()->repaint();
            panelMs << elapsedMs(t);
            computedMs << double(panel.session()->lastComputeMs()) + elapsedMs(paint);
            panelReadMs << double(panel.session()->lastReadMs());
            // The panel's background reads (shared ids, consumer positions) end before the next run.
            backgroundPool().waitForDone();
            interactivePool().waitForDone();
            QCoreApplication::processEvents();
        }
    }

    // The same read in the database's own shell, printing to /dev/null: what the store's query
    // costs with nothing of mdbstudio around it.
    if (pg) {
        const QMap<QString, QString> params = store->location().pgParams;
        const QString sql =
            QStringLiteral("SET work_mem = '64MB'; SET jit = off; SELECT stream_name, count(*) FROM "
                           "%1.messages WHERE %1.category(stream_name) = '%2' GROUP BY stream_name")
                .arg(ns, category);
        for (int run = 0; run < runs; ++run)
            shellMs << timeProcess(QStringLiteral("psql"),
                                   {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-h"),
                                    params.value(QStringLiteral("host")), QStringLiteral("-p"),
                                    params.value(QStringLiteral("port")), QStringLiteral("-U"),
                                    params.value(QStringLiteral("user")), QStringLiteral("-d"),
                                    params.value(QStringLiteral("dbname")), QStringLiteral("-o"),
                                    QStringLiteral("/dev/null"), QStringLiteral("-c"), sql});
    } else {
        const QString file = store->location().sqlitePath + u'/' + ns + QStringLiteral(".db");
        for (int run = 0; run < runs; ++run)
            shellMs << timeProcess(
                QStringLiteral("sqlite3"),
                {file, QStringLiteral("SELECT stream_name, count(*) FROM messages WHERE stream_name "
                                      ">= '%1-' AND stream_name < '%1.' GROUP BY stream_name")
                           .arg(category)},
                {}, QStringLiteral("/dev/null"));
    }

    // Live: a writer thread at the target rate, first with no panel open (how late the GUI thread
    // runs from the machine's load alone), then while the panel shows the map.
    const int rate = parser.value(QStringLiteral("rate")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    std::atomic<bool> writing{false};
    std::atomic<qint64> count{0};
    QElapsedTimer writerClock;
    const auto startWriter = [&] {
        writing = true;
        count = 0;
        writerClock.start();
        return std::thread([&] {
            // Batches every 50 ms, each carrying its share of the rate.
            const int perBatch = std::max(1, rate / 20);
            int tick = 0;
            while (writerClock.elapsed() < seconds * 1000) {
                QList<WriteRequest> batch;
                for (int i = 0; i < perBatch; ++i)
                    batch << WriteRequest{{},
                                          category + u'-' +
                                              QString::number((tick * perBatch + i) * 7919 % streams),
                                          QStringLiteral("Deposited"),
                                          QStringLiteral("{}"),
                                          {},
                                          {}};
                if (store->writeMessages(ns, batch))
                    count += perBatch;
                ++tick;
                const qint64 due = qint64(tick) * 50;
                const qint64 now = writerClock.elapsed();
                if (due > now)
                    std::this_thread::sleep_for(std::chrono::milliseconds(due - now));
            }
            writing = false;
        });
    };
    LatencyProbe idleProbe;
    {
        std::thread writer = startWriter();
        idleProbe.start();
        waitFor([&] { return !writing.load(); });
        idleProbe.stop();
        writer.join();
    }
    qint64 written = 0;
    double caughtUpMs = 0;
    double achievedRate = 0;
    LatencyProbe probe;
    qint64 arrivals = 0;
    {
        ConsumerGroupPanel panel(store, ns, category);
        panel.setGroupSizes(GroupSize, GroupSize + 1);
        panel.findChild<QTabWidget*>()->setCurrentIndex(3);
        panel.resize(1200, 800);
        QSignalSpy loaded(panel.session(), &ConsumerGroupSession::loaded);
        panel.show();
        waitFor([&] { return loaded.size() >= 1 && panel.session()->tail().isRunning(); });
        std::thread writer = startWriter();
        probe.start();
        const auto seen = [&panel] {
            qint64 n = 0;
            for (qint64 a : panel.partitionMap()->arrivals())
                n += a;
            return n;
        };
        waitFor([&] { return !writing.load(); });
        const double writerSeconds = double(writerClock.elapsed()) / 1000.0;
        QElapsedTimer catchUp;
        catchUp.start();
        waitFor([&] { return seen() >= count.load(); });
        caughtUpMs = elapsedMs(catchUp);
        probe.stop();
        writer.join();
        written = count.load();
        achievedRate = double(written) / writerSeconds;
        arrivals = seen();
    }
    finishWorkers();

    const QString label = parser.value(QStringLiteral("label"));
    std::printf("#### %s\n\n", qPrintable(label));
    std::printf("Category `%s`: %lld messages in %lld streams; group size %d; median of %d runs.\n\n",
                qPrintable(category), messageCount, qint64(streamCount), GroupSize, runs);
    std::printf("| step | measured |\n|---|---|\n");
    std::printf("| read every stream's message count and the 20,000 newest messages (one snapshot, through "
                "indexes) | %.0f ms |\n",
                median(readMs));
    std::printf("| hash every cardinal id (off the GUI thread) | %.0f ms |\n", median(hashMs));
    std::printf("| members for n=%d, the moves to n=%d and to 1..16 | %.1f ms |\n", GroupSize, GroupSize + 1,
                median(computeMs));
    std::printf("| **panel: assignment computed and painted once the rows are read** (hashing, tables, map "
                "on screen; target <= 500 ms) | **%.0f ms** |\n",
                median(computedMs));
    std::printf("| panel: the store's read | %.0f ms |\n", median(panelReadMs));
    std::printf("| panel, end to end (ask → map on screen) | %.0f ms |\n", median(panelMs));
    std::printf("| baseline, same run: %s | %.0f ms |\n",
                pg ? "psql running the same per-stream count" : "sqlite3 running the same per-stream count",
                median(shellMs));
    std::printf("| ratio end to end / baseline | %.2f |\n\n",
                median(panelMs) / std::max(0.001, median(shellMs)));
    std::printf("Live map, %d s of writes at a target of %d messages/s from another thread:\n\n", seconds,
                rate);
    std::printf("| what | measured |\n|---|---|\n");
    std::printf("| messages written (achieved rate) | %lld (%.0f/s) |\n", written, achievedRate);
    std::printf("| messages the map lit up | %lld |\n", arrivals);
    std::printf("| behind when the writes stopped, caught up in | %.0f ms |\n", caughtUpMs);
    std::printf("| GUI thread with the map live: longest gap, gaps over 16 ms | %.1f ms, %d |\n",
                probe.worst(), probe.overFrame());
    std::printf("| baseline, same writes, no panel open: longest gap, gaps over 16 ms | %.1f ms, %d |\n\n",
                idleProbe.worst(), idleProbe.overFrame());
    return 0;
}
