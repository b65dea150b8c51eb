// SQLite write benchmark: mdbstudio's writes (SqliteStore::writeMessages, one message and one
// transaction per call) next to the raw C loop of baselines/sqlite_raw_write.c, in one run, on the
// same disk. Prints a Markdown section.
//
//   bench_sqlite_writes [--dir DIR] [--runs N] [--count N] [--normal-count N] [--threads N]
//
// Per run: the raw loop (its own schema), the same loop on a copy of mdbstudio's schema, and
// one mdbstudio writer, each at synchronous=FULL and NORMAL; then N mdbstudio writer threads at
// FULL, each writing its own streams of one namespace. Figures are medians over the runs.
#include "BenchSupport.h"
#include "storage/sqlite/SqliteStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <atomic>
#include <thread>

using namespace mdb;

namespace {

const QString Data = QStringLiteral(R"({"amount": 10})");
const QString Metadata = QStringLiteral(R"({"correlationStreamName": "x-1"})");

// The baseline executable, as built from tests/bench/baselines/sqlite_raw_write.c.
double rawLoop(const QString& file, int count, const char* sync)
{
    QProcess p;
    p.start(QStringLiteral(SQLITE_RAW_WRITE_PATH), {file, QString::number(count), QString::fromLatin1(sync)});
    p.waitForFinished(600000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral(R"(= (\d+) writes/s)")).match(out);
    if (p.exitCode() != 0 || !m.hasMatch()) {
        std::fprintf(stderr, "sqlite_raw_write failed: %s%s\n", qPrintable(out),
                     p.readAllStandardError().constData());
        std::exit(1);
    }
    return m.captured(1).toDouble();
}

// The raw loop's statements, step for step, on a namespace file mdbstudio created: what our
// schema (three indexes, two generated columns, integer time) costs before any mdbstudio code runs.
double rawLoopOnOurSchema(const QString& file, int count, const char* sync)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(QFile::encodeName(file).constData(), &db) != SQLITE_OK)
        std::exit(1);
    const QByteArray pragma = QByteArray("PRAGMA journal_mode=WAL; PRAGMA synchronous=") + sync;
    sqlite3_exec(db, pragma.constData(), nullptr, nullptr, nullptr);
    sqlite3_stmt* ver = nullptr;
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db, "SELECT max(position) FROM messages WHERE stream_name=?1", -1, &ver, nullptr);
    sqlite3_prepare_v2(
        db,
        "INSERT INTO messages(position,time,stream_name,type,data,metadata,id) "
        "VALUES(?1,?4,?2,'Deposited','{\"amount\": 10}','{\"correlationStreamName\": \"x-1\"}',?3)",
        -1, &ins, nullptr);
    QElapsedTimer t;
    t.start();
    const qint64 base = QDateTime::currentMSecsSinceEpoch() % 1000000 * 1000000;
    char stream[64];
    char id[64];
    for (long i = 0; i < count; ++i) {
        std::snprintf(stream, sizeof stream, "benchAccount-%ld", i % 100);
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012lld", static_cast<long long>(i + base));
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        sqlite3_bind_text(ver, 1, stream, -1, SQLITE_STATIC);
        qint64 v = -1;
        if (sqlite3_step(ver) == SQLITE_ROW && sqlite3_column_type(ver, 0) != SQLITE_NULL)
            v = sqlite3_column_int64(ver, 0);
        sqlite3_reset(ver);
        sqlite3_bind_int64(ins, 1, v + 1);
        sqlite3_bind_text(ins, 2, stream, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 4, QDateTime::currentMSecsSinceEpoch() * 1000);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            std::fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
            std::exit(1);
        }
        sqlite3_reset(ins);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    sqlite3_finalize(ver);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return count / seconds;
}

struct Outcome
{
    double writesPerSecond = 0;
    double writesPerCommit = 0;
};

// `threads` writers, each `count` single-message calls to its own streams of one fresh namespace.
Outcome mdbWrites(const QString& dir, const QString& ns, int threads, int count, bool normal)
{
    const QString url =
        QStringLiteral("sqlite:%1%2").arg(dir, normal ? QStringLiteral("?synchronous=normal") : QString());
    Result<std::unique_ptr<Store>> opened = Store::openNamed(url);
    if (!opened || !opened.value()->createNamespace(ns)) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(url));
        std::exit(1);
    }
    auto* store = static_cast<SqliteStore*>(opened->get());
    std::atomic<int> failures{0};
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    // Ids rise in the order the writes are made, across all writers, as the raw loop's do.
    std::atomic<qint64> nextId{QDateTime::currentMSecsSinceEpoch() % 1000000 * 1000000};
    const auto writer = [&](int thread) {
        const QString prefix =
            threads == 1 ? QStringLiteral("benchAccount-") : QStringLiteral("benchAccount-t%1s").arg(thread);
        // Opens this thread's connection before the clock starts, as the raw loop opens its own.
        (void)store->streamVersion(ns, prefix + u'0');
        ++ready;
        while (!go)
            std::this_thread::yield();
        for (int i = 0; i < count; ++i) {
            const QString id =
                QStringLiteral("00000000-0000-4000-8000-%1").arg(nextId++, 12, 10, QLatin1Char('0'));
            if (!store->writeMessage(
                    ns,
                    {id, prefix + QString::number(i % 100), QStringLiteral("Deposited"), Data, Metadata, {}}))
                ++failures;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(writer, t);
    while (ready < threads)
        std::this_thread::yield();
    QElapsedTimer clock;
    clock.start();
    go = true;
    for (std::thread& t : pool)
        t.join();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    if (failures) {
        std::fprintf(stderr, "%d writes failed\n", int(failures));
        std::exit(1);
    }
    const SqliteWriteStats stats = store->writeStats(ns);
    return {threads * count / seconds, stats.commits ? double(stats.writes) / double(stats.commits) : 0};
}

QString number(double v)
{
    return QLocale(QLocale::English).toString(v, 'f', 0);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("dir"),
                      QStringLiteral("Directory for the files (default: a temporary one)."),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs (default 9)."), QStringLiteral("N"),
                      QStringLiteral("9")});
    parser.addOption({QStringLiteral("count"), QStringLiteral("Writes per writer at FULL (default 1000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("normal-count"),
                      QStringLiteral("Writes per writer at NORMAL (default 10000)."), QStringLiteral("N"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Concurrent writers (default 8)."),
                      QStringLiteral("N"), QStringLiteral("8")});
    parser.process(app);
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    const int count = parser.value(QStringLiteral("count")).toInt();
    const int normalCount = parser.value(QStringLiteral("normal-count")).toInt();
    const int threads = parser.value(QStringLiteral("threads")).toInt();
    QTemporaryDir temporary(parser.isSet(QStringLiteral("dir"))
                                ? parser.value(QStringLiteral("dir")) + QStringLiteral("/bench-XXXXXX")
                                : QDir::tempPath() + QStringLiteral("/bench-sqlite-writes-XXXXXX"));
    if (!temporary.isValid()) {
        std::fprintf(stderr, "cannot create a directory for the files\n");
        return 1;
    }
    const QString dir = temporary.path();

    QList<double> rawFull, rawNormal, oursFull, oursNormal, schemaFull, schemaNormal, many, perCommit;
    QList<double> ratioFull, ratioNormal, ratioMany, perCommitFull, perCommitNormal;
    for (int run = 0; run < runs; ++run) {
        // The disk's fsync time drifts, so the cases a ratio compares run back to back, and every
        // other run in the opposite order.
        const QString tag = QString::number(run);
        const bool reversed = run % 2 == 1;
        const auto rawFullCase = [&] {
            rawFull << rawLoop(dir + QStringLiteral("/raw-full-") + tag + QStringLiteral(".sqlite"), count,
                               "FULL");
        };
        const auto mdbFullCases = [&] {
            const Outcome full = mdbWrites(dir, QStringLiteral("one_full_") + tag, 1, count, false);
            oursFull << full.writesPerSecond;
            perCommitFull << full.writesPerCommit;
            const Outcome m = mdbWrites(dir, QStringLiteral("many_full_") + tag, threads, count, false);
            many << m.writesPerSecond;
            perCommit << m.writesPerCommit;
        };
        const auto rawNormalCase = [&] {
            rawNormal << rawLoop(dir + QStringLiteral("/raw-normal-") + tag + QStringLiteral(".sqlite"),
                                 normalCount, "NORMAL");
        };
        const auto mdbNormalCase = [&] {
            const Outcome normal = mdbWrites(dir, QStringLiteral("one_normal_") + tag, 1, normalCount, true);
            oursNormal << normal.writesPerSecond;
            perCommitNormal << normal.writesPerCommit;
        };
        if (reversed) {
            mdbFullCases();
            rawFullCase();
            mdbNormalCase();
            rawNormalCase();
        } else {
            rawFullCase();
            mdbFullCases();
            rawNormalCase();
            mdbNormalCase();
        }
        mdbWrites(dir, QStringLiteral("schema_full_") + tag, 1, 1, false); // creates the file only
        schemaFull << rawLoopOnOurSchema(dir + QStringLiteral("/schema_full_") + tag + QStringLiteral(".db"),
                                         count, "FULL");
        mdbWrites(dir, QStringLiteral("schema_normal_") + tag, 1, 1, true);
        schemaNormal << rawLoopOnOurSchema(
            dir + QStringLiteral("/schema_normal_") + tag + QStringLiteral(".db"), normalCount, "NORMAL");
        ratioFull << oursFull.last() / rawFull.last();
        ratioNormal << oursNormal.last() / rawNormal.last();
        ratioMany << many.last() / rawFull.last();
        std::fprintf(
            stderr,
            "run %d: raw FULL %.0f, our schema FULL %.0f, mdbstudio FULL %.0f (%.3f); raw NORMAL %.0f, "
            "our schema NORMAL %.0f, mdbstudio NORMAL %.0f (%.3f); %d writers FULL %.0f (%.2fx, %.1f "
            "writes/commit)\n",
            run + 1, rawFull.last(), schemaFull.last(), oursFull.last(), ratioFull.last(), rawNormal.last(),
            schemaNormal.last(), oursNormal.last(), ratioNormal.last(), threads, many.last(),
            ratioMany.last(), perCommit.last());
        // Keep the disk from filling over many runs.
        for (const QString& f : QDir(dir).entryList(QDir::Files))
            QFile::remove(dir + u'/' + f);
    }

    std::printf("## SQLite writes\n\n");
    std::printf("SQLite %s, %d runs, medians; one message and one transaction per write; the raw loop is "
                "tests/bench/baselines/sqlite_raw_write.c, run in the same runs on the same disk. Ratios are "
                "medians of each run's ratio.\n\n",
                sqlite3_libversion(), runs);
    std::printf("| writers | synchronous | writes per writer | raw loop, writes/s | raw loop on mdbstudio's "
                "schema, writes/s | mdbstudio, writes/s | mdbstudio / raw loop | writes per commit |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    std::printf("| 1 | FULL | %d | %s | %s | %s | %.2f | %.1f |\n", count,
                qPrintable(number(median(rawFull))), qPrintable(number(median(schemaFull))),
                qPrintable(number(median(oursFull))), median(ratioFull), median(perCommitFull));
    std::printf("| 1 | NORMAL | %d | %s | %s | %s | %.2f | %.1f |\n", normalCount,
                qPrintable(number(median(rawNormal))), qPrintable(number(median(schemaNormal))),
                qPrintable(number(median(oursNormal))), median(ratioNormal), median(perCommitNormal));
    std::printf("| %d | FULL | %d | %s (1 writer) | | %s | %.2f | %.1f |\n\n", threads, count,
                qPrintable(number(median(rawFull))), qPrintable(number(median(many))), median(ratioMany),
                median(perCommit));
    return 0;
}
