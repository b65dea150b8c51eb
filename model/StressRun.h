#pragma once

#include "model/StoreVerifier.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace mdb {

enum class StressMode
{
    Distinct,     // each writer its own category and streams: no shared lock
    SameStream,   // every writer races for one stream with expected versions
    SameCategory, // distinct streams in one category: Message DB's category lock serialises them
    Mixed,        // same-category writers plus readers paging through the category
};
QString stressModeName(StressMode mode);
std::optional<StressMode> stressModeFromName(const QString& name);

struct StressConfig
{
    QString ns;
    StressMode mode = StressMode::Distinct;
    int writers = 4;
    int readers = 2;           // Mixed only
    qint64 durationMs = 10000; // used when count is 0
    qint64 count = 0;          // writes to attempt (conflict retries aside); 0: run for durationMs
    int payloadBytes = 100;    // size of each message's data
    qint64 warmupMs = 0;       // writes in the warm-up are verified but not measured
    double targetRate = 0;     // total writes per second; 0 means as fast as the store goes
    int streamsPerWriter = 10; // Distinct and SameCategory
    // PostgreSQL: the writers' connections driven by this many threads, each waiting on several
    // sockets at once, as pgbench's -j; 0 (or as many as writers): a thread per writer. SQLite
    // writes always take a thread each, since they block in the group commit.
    int threads = 0;
    bool verify = true;
    // Called on the writer's thread as each write is acknowledged, before the writer goes on: a
    // log that outlives a killed process (mdbctl stress --ack-log).
    std::function<void(const AcknowledgedWrite&)> onAcknowledged;
};

// Latency figures of acknowledged writes, in milliseconds.
struct LatencySummary
{
    qint64 count = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0;
    static LatencySummary of(std::vector<double> latencies);
};

struct WriterResult
{
    qint64 writes = 0;
    qint64 conflicts = 0;
    qint64 errors = 0;
    QMap<QString, qint64> errorsByKind; // error text → how many
    LatencySummary latency;
};

// One second of a run, for the live chart.
struct StressSample
{
    double second = 0; // since the measured part began
    qint64 writes = 0;
    qint64 conflicts = 0;
    qint64 errors = 0;
    LatencySummary latency;
};

struct StressSummary
{
    StressConfig config;
    QString runId;
    int clientThreads = 0;   // threads that drove the writers
    qint64 writes = 0;       // acknowledged and measured (warm-up excluded)
    qint64 acknowledged = 0; // every acknowledged write, warm-up included
    qint64 conflicts = 0;
    qint64 errors = 0;
    qint64 reads = 0; // Mixed: messages read by readers
    double seconds = 0;
    double writesPerSecond = 0;
    LatencySummary latency;
    QList<WriterResult> writers;
    QMap<QString, qint64> errorsByKind;
    QList<StressSample> samples;
    bool cancelled = false;
    std::optional<VerifyReport> verification;
    QString verifyError;
    bool verified() const { return verification && verification->ok(); }

    // {"writes","conflicts","errors","seconds","writes_per_second","p50_ms","p95_ms","p99_ms","max_ms","verified","violations"}
    QString jsonLine() const;
    // The whole report: summary, per-writer rows, per-second samples, violations.
    QByteArray reportJson() const;
    QByteArray reportCsv() const;
};

// Concurrent writers (and readers, in Mixed mode) against one namespace, each thread on its own
// connection, then a verification of everything written. The same engine drives the stress panel,
// `mdbctl stress` and the benchmarks. Signals arrive on the thread that owns the object.
class StressRun : public QObject
{
    Q_OBJECT
public:
    explicit StressRun(QObject* parent = nullptr);
    ~StressRun() override;

    void start(std::shared_ptr<Store> store, const StressConfig& config);
    // Stops the writers after the write each has in flight; the run then verifies what was
    // acknowledged and finishes. Cancelling again during the verification stops that too.
    void cancel();
    // Stops the writers and any verification at once, e.g. when the window goes.
    void cancelAll();
    bool isRunning() const { return m_running; }
    // Blocks until the run has finished; for command-line use without an event loop.
    StressSummary runToEnd(std::shared_ptr<Store> store, const StressConfig& config);

Q_SIGNALS:
    void sample(const mdb::StressSample& sample);
    void verifying(qint64 messagesRead);
    void finished(const mdb::StressSummary& summary);

private:
    struct Shared;
    void tick();
    void finish();

    std::shared_ptr<Shared> m_shared;
    std::vector<std::thread> m_threads;
    std::thread m_verifier;
    QTimer m_ticker;
    bool m_running = false;
};

} // namespace mdb

Q_DECLARE_METATYPE(mdb::StressSample)
Q_DECLARE_METATYPE(mdb::StressSummary)
