#include "model/StressMetrics.h"

namespace mdb {

void WriterMetrics::acknowledged(const AcknowledgedWrite& write, bool keep, bool measure, double latencyMs)
{
    std::lock_guard lock(m_mutex);
    ++m_acknowledgedCount;
    if (keep)
        m_acknowledged.append(write);
    if (measure) {
        ++m_writes;
        ++m_sampleWrites;
        m_fresh.push_back(latencyMs);
        m_all.push_back(latencyMs);
    }
}

void WriterMetrics::conflict(bool measure)
{
    if (!measure)
        return;
    std::lock_guard lock(m_mutex);
    ++m_conflicts;
    ++m_sampleConflicts;
}

void WriterMetrics::error(const QString& message)
{
    std::lock_guard lock(m_mutex);
    ++m_errors;
    ++m_sampleErrors;
    ++m_errorsByKind[message];
}

StressMetrics::StressMetrics(int writers)
{
    for (int w = 0; w < writers; ++w)
        m_writers.push_back(std::make_unique<WriterMetrics>());
}

StressSample StressMetrics::takeSample(double second)
{
    StressSample sample;
    sample.second = second;
    std::vector<double> latencies;
    for (const auto& w : m_writers) {
        std::lock_guard lock(w->m_mutex);
        sample.writes += w->m_sampleWrites;
        sample.conflicts += w->m_sampleConflicts;
        sample.errors += w->m_sampleErrors;
        w->m_sampleWrites = w->m_sampleConflicts = w->m_sampleErrors = 0;
        latencies.insert(latencies.end(), w->m_fresh.begin(), w->m_fresh.end());
        w->m_fresh.clear();
    }
    sample.latency = LatencySummary::of(std::move(latencies));
    return sample;
}

QList<AcknowledgedWrite> StressMetrics::summarize(StressSummary& summary) const
{
    std::vector<double> all;
    QList<AcknowledgedWrite> acknowledged;
    for (const auto& w : m_writers) {
        WriterResult r;
        r.writes = w->m_writes;
        r.conflicts = w->m_conflicts;
        r.errors = w->m_errors;
        r.errorsByKind = w->m_errorsByKind;
        r.latency = LatencySummary::of(w->m_all);
        summary.writes += r.writes;
        summary.conflicts += r.conflicts;
        summary.errors += r.errors;
        for (auto it = r.errorsByKind.cbegin(); it != r.errorsByKind.cend(); ++it)
            summary.errorsByKind[it.key()] += it.value();
        all.insert(all.end(), w->m_all.begin(), w->m_all.end());
        acknowledged += w->m_acknowledged;
        summary.acknowledged += w->m_acknowledgedCount;
        summary.writers.append(r);
    }
    summary.latency = LatencySummary::of(std::move(all));
    return acknowledged;
}

} // namespace mdb
