#pragma once

#include "model/StoreVerifier.h"
#include "model/StressWorkload.h"

#include <QMap>

#include <memory>
#include <mutex>
#include <vector>

namespace mdb {

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

// What one writer has done: counted by its writer thread, sampled by the run's ticker, each
// under the writer's own mutex (held for a few increments only).
class WriterMetrics
{
public:
    // An acknowledged write: kept for the verification if `keep`, measured if `measure`.
    void acknowledged(const AcknowledgedWrite& write, bool keep, bool measure, double latencyMs);
    void conflict(bool measure);
    void error(const QString& message);

private:
    friend class StressMetrics;
    std::mutex m_mutex;
    std::vector<double> m_fresh; // latencies since the last sample
    std::vector<double> m_all;   // every measured latency
    qint64 m_writes = 0, m_conflicts = 0, m_errors = 0;
    qint64 m_sampleWrites = 0, m_sampleConflicts = 0, m_sampleErrors = 0;
    QMap<QString, qint64> m_errorsByKind;
    QList<AcknowledgedWrite> m_acknowledged;
    qint64 m_acknowledgedCount = 0;
};

// Every writer's metrics, the per-second samples taken from them and the run's totals.
class StressMetrics
{
public:
    explicit StressMetrics(int writers);

    WriterMetrics& writer(int index) { return *m_writers.at(size_t(index)); }
    // What every writer did since the last sample, as of `second` of the measured run.
    StressSample takeSample(double second);
    // Fills the summary's totals, per-writer rows and latencies, once the writers have stopped;
    // returns the acknowledged writes kept for the verification.
    QList<AcknowledgedWrite> summarize(StressSummary& summary) const;

private:
    std::vector<std::unique_ptr<WriterMetrics>> m_writers;
};

} // namespace mdb
