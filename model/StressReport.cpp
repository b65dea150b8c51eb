// What a stress run says of itself: the modes by name, latency percentiles, and the summary as
// one JSON line, a JSON report and a CSV table. The run itself is in StressRun.cpp and StressDriver.cpp.
#include "model/StressMetrics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace mdb {

namespace {

QString number(double value)
{
    return QString::number(value, 'f', 3);
}

} // namespace

QString stressModeName(StressMode mode)
{
    switch (mode) {
    case StressMode::Distinct:
        return QStringLiteral("distinct");
    case StressMode::SameStream:
        return QStringLiteral("same-stream");
    case StressMode::SameCategory:
        return QStringLiteral("same-category");
    case StressMode::Mixed:
        return QStringLiteral("mixed");
    }
    return {};
}

std::optional<StressMode> stressModeFromName(const QString& name)
{
    for (StressMode mode :
         {StressMode::Distinct, StressMode::SameStream, StressMode::SameCategory, StressMode::Mixed}) {
        if (stressModeName(mode) == name)
            return mode;
    }
    return std::nullopt;
}

LatencySummary LatencySummary::of(std::vector<double> latencies)
{
    LatencySummary s;
    s.count = qint64(latencies.size());
    if (latencies.empty())
        return s;
    std::sort(latencies.begin(), latencies.end());
    const auto at = [&latencies](double p) {
        return latencies.at(std::min(latencies.size() - 1, size_t(p * double(latencies.size()))));
    };
    s.p50 = at(0.50);
    s.p95 = at(0.95);
    s.p99 = at(0.99);
    s.max = latencies.back();
    return s;
}

QString StressSummary::jsonLine() const
{
    return QStringLiteral(
               "{\"writes\":%1,\"conflicts\":%2,\"errors\":%3,\"seconds\":%4,\"writes_per_second\":%5,"
               "\"p50_ms\":%6,\"p95_ms\":%7,\"p99_ms\":%8,\"max_ms\":%9,\"verified\":%10,\"violations\":%11}")
        .arg(writes)
        .arg(conflicts)
        .arg(errors)
        .arg(number(seconds), number(writesPerSecond), number(latency.p50), number(latency.p95),
             number(latency.p99), number(latency.max))
        .arg(verified() ? QStringLiteral("true") : QStringLiteral("false"))
        .arg(verification ? verification->violationCount : 0);
}

QByteArray StressSummary::reportJson() const
{
    QJsonObject o = QJsonDocument::fromJson(jsonLine().toUtf8()).object();
    o.insert(u"mode", stressModeName(config.mode));
    o.insert(u"namespace", config.ns);
    o.insert(u"writers_count", config.writers);
    o.insert(u"payload_bytes", config.payloadBytes);
    o.insert(u"streams_per_writer", config.mode == StressMode::SameStream ? 1 : config.streamsPerWriter);
    o.insert(u"client_threads", clientThreads);
    o.insert(u"run_id", runId);
    o.insert(u"cancelled", cancelled);
    o.insert(u"reads", reads);
    QJsonObject errorKinds;
    for (auto it = errorsByKind.cbegin(); it != errorsByKind.cend(); ++it)
        errorKinds.insert(it.key(), it.value());
    o.insert(u"errors_by_kind", errorKinds);
    QJsonArray writerRows;
    for (const WriterResult& w : writers)
        writerRows.append(QJsonObject{{QStringLiteral("writes"), w.writes},
                                      {QStringLiteral("conflicts"), w.conflicts},
                                      {QStringLiteral("errors"), w.errors},
                                      {QStringLiteral("p50_ms"), w.latency.p50},
                                      {QStringLiteral("p99_ms"), w.latency.p99},
                                      {QStringLiteral("max_ms"), w.latency.max}});
    o.insert(u"writers", writerRows);
    QJsonArray sampleRows;
    for (const StressSample& s : samples)
        sampleRows.append(QJsonObject{{QStringLiteral("second"), s.second},
                                      {QStringLiteral("writes"), s.writes},
                                      {QStringLiteral("conflicts"), s.conflicts},
                                      {QStringLiteral("errors"), s.errors},
                                      {QStringLiteral("p50_ms"), s.latency.p50},
                                      {QStringLiteral("p99_ms"), s.latency.p99}});
    o.insert(u"per_second", sampleRows);
    QJsonArray violations;
    if (verification) {
        for (const Violation& v : verification->violations)
            violations.append(QJsonObject{{QStringLiteral("kind"), violationKindName(v.kind)},
                                          {QStringLiteral("stream_name"), v.streamName},
                                          {QStringLiteral("detail"), v.detail}});
        o.insert(u"messages_verified", verification->messages);
    }
    if (!verifyError.isEmpty())
        o.insert(u"verify_error", verifyError);
    o.insert(u"violation_list", violations);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QByteArray StressSummary::reportCsv() const
{
    QString csv = QStringLiteral("writer,writes,conflicts,errors,p50_ms,p95_ms,p99_ms,max_ms\n");
    for (qsizetype i = 0; i < writers.size(); ++i) {
        const WriterResult& w = writers.at(i);
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                   .arg(i)
                   .arg(w.writes)
                   .arg(w.conflicts)
                   .arg(w.errors)
                   .arg(number(w.latency.p50), number(w.latency.p95), number(w.latency.p99),
                        number(w.latency.max));
    }
    csv += QStringLiteral("total,%1,%2,%3,%4,%5,%6,%7\n")
               .arg(writes)
               .arg(conflicts)
               .arg(errors)
               .arg(number(latency.p50), number(latency.p95), number(latency.p99), number(latency.max));
    return csv.toUtf8();
}

} // namespace mdb
