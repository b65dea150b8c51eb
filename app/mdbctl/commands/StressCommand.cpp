// stress: concurrent writers, then a verification of what they wrote.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/MessageJson.h"
#include "model/StressRun.h"
#include "storage/Store.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace mdbctl::commands {

namespace {

// The run's settings from the command line, or the usage problem with them.
std::variant<mdb::StressConfig, QString> stressConfig(const Context& c)
{
    const CommandLine& cl = c.commandLine;
    QString problem;
    const auto number = [&cl, &problem](const char* name) {
        return cl.number(QLatin1String(name), problem);
    };
    const std::optional<qint64> writers = number("writers");
    const std::optional<qint64> duration = number("duration");
    const std::optional<qint64> count = number("count");
    const std::optional<qint64> payload = number("payload-bytes");
    const std::optional<qint64> warmup = number("warmup");
    const std::optional<qint64> rate = number("rate");
    const std::optional<qint64> readers = number("readers");
    const std::optional<qint64> streams = number("streams");
    const std::optional<qint64> threads = number("threads");
    if (!problem.isEmpty())
        return problem;
    const std::optional<mdb::StressMode> mode = mdb::stressModeFromName(cl.value(QStringLiteral("mode")));
    if (!writers || *writers < 1 || *writers > 256)
        return QStringLiteral("stress needs --writers N (1 to 256)");
    if (!mode)
        return QStringLiteral("stress needs --mode distinct, same-stream, same-category or mixed");
    if (duration.has_value() == count.has_value() || (duration && *duration < 1) || (count && *count < 1))
        return QStringLiteral("stress needs either --duration SECONDS or --count N");
    if (streams && (*streams < 1 || *streams > 1000000))
        return QStringLiteral("stress --streams takes 1 to 1000000 streams per writer");
    if (threads && (*threads < 1 || *threads > 256))
        return QStringLiteral("stress --threads takes 1 to 256 threads");
    mdb::StressConfig config;
    config.ns = c.ns;
    config.mode = *mode;
    config.writers = int(*writers);
    config.durationMs = duration.value_or(0) * 1000;
    config.count = count.value_or(0);
    config.payloadBytes = int(std::clamp<qint64>(payload.value_or(100), 0, 10 * 1024 * 1024));
    config.warmupMs = warmup.value_or(0) * 1000;
    config.targetRate = double(rate.value_or(0));
    config.readers = int(readers.value_or(2));
    if (streams)
        config.streamsPerWriter = int(*streams);
    config.threads = int(threads.value_or(0));
    config.verify = !cl.flag(QStringLiteral("no-verify"));
    return config;
}

// One line per acknowledged write, each written by a single append before the writer goes on, so
// that the log holds every acknowledged write even if the process is killed.
std::optional<mdb::StoreError> openAckLog(const QString& fileName, mdb::StressConfig& config)
{
    const QByteArray path = QFile::encodeName(fileName);
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return mdb::StoreError::make(mdb::ErrorKind::InvalidArgument,
                                     QStringLiteral("Cannot open the acknowledgement log %1: %2")
                                         .arg(fileName, QString::fromLocal8Bit(std::strerror(errno))));
    auto ackLog = std::shared_ptr<int>(new int(fd), [](int* f) {
        ::close(*f);
        delete f;
    });
    config.onAcknowledged = [ackLog](const mdb::AcknowledgedWrite& w) {
        const QByteArray line = QStringLiteral("{\"id\":\"%1\",\"stream_name\":%2,\"position\":%3}\n")
                                    .arg(w.id, mdb::MessageJson::quote(w.streamName))
                                    .arg(w.position)
                                    .toUtf8();
        if (::write(*ackLog, line.constData(), size_t(line.size())) != line.size())
            std::abort(); // a log that misses an acknowledged write would prove nothing
    };
    return std::nullopt;
}

void printSummary(const mdb::StressSummary& summary, bool json)
{
    if (json) {
        out() << summary.jsonLine() << "\n";
        return;
    }
    out() << "writes " << summary.writes << " in " << QString::number(summary.seconds, 'f', 1) << " s ("
          << QString::number(summary.writesPerSecond, 'f', 0) << "/s), conflicts " << summary.conflicts
          << ", errors " << summary.errors << "\n"
          << "latency ms: p50 " << QString::number(summary.latency.p50, 'f', 2) << ", p95 "
          << QString::number(summary.latency.p95, 'f', 2) << ", p99 "
          << QString::number(summary.latency.p99, 'f', 2) << ", max "
          << QString::number(summary.latency.max, 'f', 2) << "\n";
    for (auto it = summary.errorsByKind.cbegin(); it != summary.errorsByKind.cend(); ++it)
        out() << "error x" << it.value() << ": " << it.key() << "\n";
    if (summary.verification)
        out() << (summary.verified() ? "verified: " : "NOT verified: ") << summary.verification->messages
              << " messages, " << summary.acknowledged << " acknowledged writes checked, "
              << summary.verification->violationCount << " violations\n";
}

int runStress(Context& c)
{
    std::variant<mdb::StressConfig, QString> parsed = stressConfig(c);
    if (const QString* problem = std::get_if<QString>(&parsed))
        return usage(*problem);
    mdb::StressConfig config = std::get<mdb::StressConfig>(std::move(parsed));
    if (c.commandLine.has(QStringLiteral("ack-log"))) {
        if (std::optional<mdb::StoreError> e =
                openAckLog(c.commandLine.value(QStringLiteral("ack-log")), config))
            return fail(*e);
    }
    mdb::StressRun run;
    const mdb::StressSummary summary = run.runToEnd(c.store, config);
    printSummary(summary, c.json);
    if (summary.verification) {
        for (const mdb::Violation& v : summary.verification->violations)
            err() << "violation: " << mdb::violationKindName(v.kind) << ": " << v.streamName << ": "
                  << v.detail << "\n";
    }
    if (!summary.verifyError.isEmpty())
        err() << "mdbctl: verification failed: " << summary.verifyError << "\n";
    // A run in which the store took no write at all failed, whatever the verification says.
    const bool nothingWritten = summary.acknowledged == 0 && summary.errors > 0;
    if (nothingWritten)
        err() << "mdbctl: no write succeeded: " << summary.errorsByKind.firstKey() << "\n";
    err().flush();
    return nothingWritten || (config.verify && !summary.verified()) ? Failure : Ok;
}

} // namespace

Command stress()
{
    return {
        QStringLiteral("stress"),
        {{QStringLiteral(
              "stress --writers N --mode distinct|same-stream|same-category|mixed (--duration S | --count "
              "N)\n"
              "       [--payload-bytes B] [--streams N] [--threads T] [--warmup S] [--rate R] [--readers N]\n"
              "       [--no-verify] [--ack-log FILE]"),
          QStringLiteral("concurrent writers, then a verification of what they wrote"),
          QStringLiteral(
              "Run N concurrent writers against the namespace, each on its own connection. The mode is one "
              "of: "
              "each writer in its own category (`distinct`), all racing for one stream with expected "
              "versions, "
              "conflicts counted and retried (`same-stream`), distinct streams in one category "
              "(`same-category`), or the latter with readers paging through the category (`mixed`). Then "
              "read "
              "back and verify everything written. `--streams` sets how many streams each writer writes to "
              "in "
              "turn (default 10). On PostgreSQL, `--threads` drives the writers' connections from T threads, "
              "each "
              "waiting on several connections at once, as pgbench's `-j` does; by default each writer has a "
              "thread of its own. With `--json`, print one line with writes, conflicts, errors, seconds, "
              "writes "
              "per second, latency percentiles and the verification's verdict. With `--ack-log`, append one "
              "JSON "
              "line (id, stream_name, position) to FILE for each write as it is acknowledged, before the "
              "writer "
              "goes on. Exits 1 when the verification finds a violation.")}},
        {{QStringLiteral("writers"), QStringLiteral("N"), QStringLiteral("how many writers")},
         {QStringLiteral("mode"), QStringLiteral("MODE"),
          QStringLiteral("distinct, same-stream, same-category or mixed")},
         {QStringLiteral("duration"), QStringLiteral("S"), QStringLiteral("how long to write, in seconds")},
         {QStringLiteral("count"), QStringLiteral("N"), QStringLiteral("how many writes in all")},
         {QStringLiteral("payload-bytes"), QStringLiteral("B"),
          QStringLiteral("the size of each message's data")},
         {QStringLiteral("streams"), QStringLiteral("N"), QStringLiteral("streams per writer")},
         {QStringLiteral("threads"), QStringLiteral("T"),
          QStringLiteral("client threads driving the writers")},
         {QStringLiteral("warmup"), QStringLiteral("S"), QStringLiteral("seconds written before measuring")},
         {QStringLiteral("rate"), QStringLiteral("R"), QStringLiteral("writes per second to aim at")},
         {QStringLiteral("readers"), QStringLiteral("N"), QStringLiteral("readers in mixed mode")},
         {QStringLiteral("no-verify"), {}, QStringLiteral("skip the verification")},
         {QStringLiteral("ack-log"), QStringLiteral("FILE"), QStringLiteral("log each acknowledged write")}},
        {},
        true,
        runStress};
}

} // namespace mdbctl::commands
