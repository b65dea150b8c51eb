// mdbctl: the command-line twin of mdbstudio.
#include "CommandLine.h"

#include "FeedExporter.h"
#include "Hash64.h"
#include "MessageDbRules.h"
#include "MessageJson.h"
#include "PartitionSimulation.h"
#include "SampleGenerator.h"
#include "Store.h"
#include "StoreVerifier.h"
#include "StreamName.h"
#include "StressRun.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace {

enum ExitCode
{
    Ok = 0,
    Failure = 1,
    Usage = 2,
    WrongVersion = 3
};

const char* const UsageText = R"(Usage: mdbctl [--store URL] [--ns NAME] [--json] COMMAND ...

Commands:
  namespaces                             list namespaces
  namespace create NAME                  create a namespace
  namespace drop NAME --yes              drop a namespace and its messages
  namespace info NAME                    describe a namespace
  namespace upgrade NAME                 bring an mdbstudio namespace's functions up to date, in place
  categories                             list the categories of the namespace
  write STREAM TYPE [DATA_JSON] [--metadata JSON] [--expected-version N] [--id UUID]
  stream STREAM [--position N] [--batch-size N] [--condition SQL]
  category CATEGORY [--position N] [--batch-size N] [--correlation C]
                    [--member M --size N] [--condition SQL]
  last STREAM [--type T]
  version STREAM
  hash VALUE...
  member STREAM_NAME... --size N
  partition CATEGORY --size N [--to M]   streams and messages per consumer-group member;
                                         with --to, the streams that move from N to M members
  stress --writers N --mode distinct|same-stream|same-category|mixed (--duration S | --count N)
         [--payload-bytes B] [--streams N] [--threads T] [--warmup S] [--rate R] [--readers N]
         [--no-verify] [--ack-log FILE]
                                         concurrent writers, then a verification of what they wrote
  verify [CATEGORY...]                   check every stream's positions, ids and order
  export STREAM|CATEGORY [--format jsonl|csv] [--output FILE] [--type T] [--correlation C] [--member M --size N]
                                         every message of a stream or category, in key order
  summary category|type|stream|category-type   message counts, as Message DB's summary views
  sample [--messages N] [--categories K] [--streams N] [--seed S]
                                         write a realistic sample (accounts, transfers, ...)

Options:
  --store URL           postgresql://user@host:port/db, sqlite:PATH or a directory;
                        default $MDBSTUDIO_STORE, else the embedded default store
  --ns NAME             namespace (default: message_store)
  --json                JSON Lines output
  --read-only           open the store read-only (enforced by the database)
  --enable-conditions   allow the raw SQL --condition of stream and category reads

Exit codes: 0 ok, 1 error, 2 usage, 3 wrong expected version.
)";

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

int usage(const QString& problem)
{
    out().flush();
    err() << "mdbctl: " << problem << "\n"
          << "Try 'mdbctl --help'.\n";
    err().flush();
    return Usage;
}

int fail(const mdb::StoreError& e)
{
    out().flush();
    err() << "mdbctl: " << e.message << "\n";
    if (!e.detail.isEmpty())
        err() << "DETAIL: " << e.detail << "\n";
    err().flush();
    return e.kind == mdb::ErrorKind::WrongExpectedVersion ? WrongVersion : Failure;
}

QString jsonOrNull(const std::optional<QString>& s)
{
    return s ? mdb::MessageJson::quote(*s) : QStringLiteral("null");
}

QString numberOrNull(const std::optional<qint64>& v)
{
    return v ? QString::number(*v) : QStringLiteral("null");
}

void printMessages(const mdb::MessageList& messages, bool json)
{
    if (json) {
        for (const mdb::Message& m : messages)
            out() << mdb::MessageJson::line(m) << "\n";
        return;
    }
    for (const mdb::Message& m : messages) {
        out() << m.globalPosition << "\t" << m.position << "\t" << m.timeText() << "\t" << m.streamName
              << "\t" << m.type << "\t" << m.data.value_or(QStringLiteral("null")) << "\t"
              << m.metadata.value_or(QStringLiteral("null")) << "\t" << m.id << "\n";
    }
}

int runHash(const CommandLine& cl, bool json)
{
    if (cl.positional.size() < 2)
        return usage(QStringLiteral("hash needs at least one VALUE"));
    for (const QString& value : cl.positional.mid(1)) {
        const qint64 h = mdb::hash64(value);
        if (json)
            out() << "{\"value\":" << mdb::MessageJson::quote(value) << ",\"hash_64\":" << h << "}\n";
        else
            out() << value << "\t" << h << "\n";
    }
    return Ok;
}

// The checks Message DB makes of a group size for a category read (member 0
// always exists when the size is valid).
mdb::Status checkGroup(const QString& category, qint64 size)
{
    return mdb::MessageDbRules::checkCategoryQuery({category, {}, {}, {}, 0, size, {}}, false);
}

int runMember(const CommandLine& cl, bool json)
{
    QString problem;
    const std::optional<qint64> size = cl.number(QStringLiteral("size"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    if (!size)
        return usage(QStringLiteral("member needs --size N"));
    if (cl.positional.size() < 2)
        return usage(QStringLiteral("member needs at least one STREAM_NAME"));
    if (mdb::Status ok = checkGroup(QStringLiteral("x"), *size); !ok)
        return fail(ok.error());
    for (const QString& stream : cl.positional.mid(1)) {
        const std::optional<QString> cardinal = mdb::StreamName::cardinalId(stream);
        const std::optional<qint64> hash =
            cardinal ? std::optional<qint64>(mdb::hash64(*cardinal)) : std::nullopt;
        mdb::Result<std::optional<qint64>> member = mdb::consumerGroupMember(stream, *size);
        if (!member)
            return fail(member.error());
        if (json) {
            out() << "{\"stream_name\":" << mdb::MessageJson::quote(stream)
                  << ",\"category\":" << mdb::MessageJson::quote(mdb::StreamName::category(stream))
                  << ",\"cardinal_id\":" << jsonOrNull(cardinal) << ",\"hash_64\":" << numberOrNull(hash)
                  << ",\"member\":" << numberOrNull(*member) << "}\n";
        } else {
            out() << stream << "\t" << mdb::StreamName::category(stream) << "\t"
                  << cardinal.value_or(QStringLiteral("null")) << "\t" << numberOrNull(hash) << "\t"
                  << numberOrNull(*member) << "\n";
        }
    }
    return Ok;
}

int runPartition(mdb::Store& store, const QString& ns, const CommandLine& cl, bool json)
{
    QString problem;
    const std::optional<qint64> size = cl.number(QStringLiteral("size"), problem);
    const std::optional<qint64> resized = cl.number(QStringLiteral("to"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    if (cl.positional.size() != 2 || !size)
        return usage(QStringLiteral("partition needs CATEGORY and --size N"));
    const QString category = cl.positional.at(1);
    for (const std::optional<qint64>& n : {size, resized}) {
        if (n) {
            if (mdb::Status ok = checkGroup(category, *n); !ok)
                return fail(ok.error());
        }
    }
    mdb::Result<mdb::CategoryStreams> read = store.categoryStreams(ns, category, 0);
    if (!read)
        return fail(read.error());
    const mdb::PartitionSimulation simulation(category, *read);

    if (resized) {
        QList<mdb::StreamMove> moves = simulation.resize(int(*size), int(*resized)).moves;
        std::sort(moves.begin(), moves.end(),
                  [&simulation](const mdb::StreamMove& a, const mdb::StreamMove& b) {
                      return simulation.streams().at(a.stream).streamName <
                             simulation.streams().at(b.stream).streamName;
                  });
        for (const mdb::StreamMove& move : moves) {
            const QString& name = simulation.streams().at(move.stream).streamName;
            if (json)
                out() << "{\"stream_name\":" << mdb::MessageJson::quote(name) << ",\"from\":" << move.from
                      << ",\"to\":" << move.to << "}\n";
            else
                out() << name << "\t" << move.from << "\t" << move.to << "\n";
        }
        return Ok;
    }
    const QList<mdb::MemberLoad> members = simulation.members(int(*size));
    for (qsizetype m = 0; m < members.size(); ++m) {
        const mdb::MemberLoad& load = members.at(m);
        if (json)
            out() << "{\"member\":" << m << ",\"streams\":" << load.streams
                  << ",\"messages\":" << load.messages << "}\n";
        else
            out() << m << "\t" << load.streams << "\t" << load.messages << "\t"
                  << QString::number(load.share * 100.0, 'f', 2) << "\n";
    }
    if (!json) {
        // Streams without an id: in the category, read by no member.
        qint64 messages = 0;
        const QList<qsizetype> noId = simulation.noIdStreams();
        for (qsizetype i : noId)
            messages += simulation.streams().at(i).messages;
        if (!noId.isEmpty())
            out() << "none\t" << noId.size() << "\t" << messages << "\n";
    }
    return Ok;
}

int runStress(std::shared_ptr<mdb::Store> shared, const QString& ns, const CommandLine& cl, bool json)
{
    QString problem;
    const std::optional<qint64> writers = cl.number(QStringLiteral("writers"), problem);
    const std::optional<qint64> duration = cl.number(QStringLiteral("duration"), problem);
    const std::optional<qint64> count = cl.number(QStringLiteral("count"), problem);
    const std::optional<qint64> payload = cl.number(QStringLiteral("payload-bytes"), problem);
    const std::optional<qint64> warmup = cl.number(QStringLiteral("warmup"), problem);
    const std::optional<qint64> rate = cl.number(QStringLiteral("rate"), problem);
    const std::optional<qint64> readers = cl.number(QStringLiteral("readers"), problem);
    const std::optional<qint64> streams = cl.number(QStringLiteral("streams"), problem);
    const std::optional<qint64> threads = cl.number(QStringLiteral("threads"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    const std::optional<mdb::StressMode> mode = mdb::stressModeFromName(cl.value(QStringLiteral("mode")));
    if (!writers || *writers < 1 || *writers > 256)
        return usage(QStringLiteral("stress needs --writers N (1 to 256)"));
    if (!mode)
        return usage(QStringLiteral("stress needs --mode distinct, same-stream, same-category or mixed"));
    if (duration.has_value() == count.has_value() || (duration && *duration < 1) || (count && *count < 1))
        return usage(QStringLiteral("stress needs either --duration SECONDS or --count N"));
    if (streams && (*streams < 1 || *streams > 1000000))
        return usage(QStringLiteral("stress --streams takes 1 to 1000000 streams per writer"));
    if (threads && (*threads < 1 || *threads > 256))
        return usage(QStringLiteral("stress --threads takes 1 to 256 threads"));
    mdb::StressConfig config;
    config.ns = ns;
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
    // One line per acknowledged write, each written by a single append before the writer goes on,
    // so that the log holds every acknowledged write even if the process is killed.
    std::shared_ptr<int> ackLog;
    if (cl.has(QStringLiteral("ack-log"))) {
        const QByteArray path = QFile::encodeName(cl.value(QStringLiteral("ack-log")));
        const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            return fail(mdb::StoreError::make(
                mdb::ErrorKind::InvalidArgument,
                QStringLiteral("Cannot open the acknowledgement log %1: %2")
                    .arg(cl.value(QStringLiteral("ack-log")), QString::fromLocal8Bit(std::strerror(errno)))));
        ackLog = std::shared_ptr<int>(new int(fd), [](int* f) {
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
    }
    mdb::StressRun run;
    const mdb::StressSummary summary = run.runToEnd(std::move(shared), config);
    if (json) {
        out() << summary.jsonLine() << "\n";
    } else {
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

int runVerify(mdb::Store& store, const QString& ns, const CommandLine& cl, bool json)
{
    mdb::StoreVerifier verifier(store, ns);
    verifier.setCategories(cl.positional.mid(1));
    const mdb::Result<mdb::VerifyReport> report = verifier.run();
    if (!report)
        return fail(report.error());
    for (const mdb::Violation& v : report->violations) {
        if (json)
            out() << "{\"violation\":" << mdb::MessageJson::quote(mdb::violationKindName(v.kind))
                  << ",\"stream_name\":" << mdb::MessageJson::quote(v.streamName)
                  << ",\"detail\":" << mdb::MessageJson::quote(v.detail) << "}\n";
        else
            out() << mdb::violationLine(v) << "\n";
    }
    if (json)
        out() << "{\"categories\":" << report->categories << ",\"streams\":" << report->streams
              << ",\"messages\":" << report->messages << ",\"violations\":" << report->violationCount
              << ",\"verified\":" << (report->ok() ? "true" : "false") << "}\n";
    else
        out() << (report->ok() ? "verified: " : "NOT verified: ") << report->categories << " categories, "
              << report->streams << " streams, " << report->messages << " messages, "
              << report->violationCount << " violations\n";
    return report->ok() ? Ok : Failure;
}

int runNamespaceCommand(mdb::Store& store, const CommandLine& cl, bool json)
{
    const QString action = cl.positional.value(1);
    const QString name = cl.positional.value(2);
    if (name.isEmpty() || cl.positional.size() != 3)
        return usage(QStringLiteral("namespace needs an action (create, drop, info, upgrade) and a NAME"));
    if (action == u"create") {
        if (mdb::Status s = store.createNamespace(name); !s)
            return fail(s.error());
        out() << (json ? QStringLiteral("{\"created\":%1}").arg(mdb::MessageJson::quote(name))
                       : QStringLiteral("created ") + name)
              << "\n";
        return Ok;
    }
    if (action == u"drop") {
        if (!cl.flag(QStringLiteral("yes")))
            return usage(
                QStringLiteral("dropping namespace \"%1\" deletes all its messages; add --yes to confirm")
                    .arg(name));
        if (mdb::Status s = store.dropNamespace(name); !s)
            return fail(s.error());
        out() << (json ? QStringLiteral("{\"dropped\":%1}").arg(mdb::MessageJson::quote(name))
                       : QStringLiteral("dropped ") + name)
              << "\n";
        return Ok;
    }
    if (action == u"info") {
        mdb::Result<mdb::NamespaceInfo> info = store.describeNamespace(name);
        if (!info)
            return fail(info.error());
        if (json) {
            out() << mdb::MessageJson::line(*info) << "\n";
        } else {
            out() << "name:      " << info->name << "\n"
                  << "kind:      " << mdb::namespaceKindName(info->kind) << "\n"
                  << "layout:    " << mdb::namespaceLayoutName(*info) << "\n"
                  << "version:   " << info->messageStoreVersion << "\n"
                  << "location:  " << info->location << "\n"
                  << "indexes:   " << info->indexes.join(QStringLiteral(", ")) << "\n"
                  << "messages:  ~" << info->approximateMessageCount << "\n"
                  << "last global position: " << numberOrNull(info->lastGlobalPosition) << "\n";
        }
        return Ok;
    }
    if (action == u"upgrade") {
        mdb::Result<mdb::LayoutUpgrade> upgrade = store.upgradeNamespace(name);
        if (!upgrade)
            return fail(upgrade.error());
        if (json)
            out() << QStringLiteral("{\"upgraded\":%1,\"from\":%2,\"to\":%3,\"changed\":%4}")
                         .arg(mdb::MessageJson::quote(name))
                         .arg(upgrade->from)
                         .arg(upgrade->to)
                         .arg(upgrade->changed() ? QStringLiteral("true") : QStringLiteral("false"));
        else if (upgrade->changed())
            out() << QStringLiteral("upgraded %1 from layout %2 to layout %3; its messages are kept")
                         .arg(name)
                         .arg(upgrade->from)
                         .arg(upgrade->to);
        else
            out() << QStringLiteral("%1 already has layout %2; nothing changed").arg(name).arg(upgrade->to);
        out() << "\n";
        return Ok;
    }
    return usage(QStringLiteral("unknown namespace action \"%1\"").arg(action));
}

int runStoreCommand(mdb::Store& store, const QString& ns, const CommandLine& cl, bool json)
{
    const QString command = cl.positional.first();
    const QStringList args = cl.positional.mid(1);
    QString problem;
    const auto number = [&cl, &problem](const char* name) {
        return cl.number(QLatin1String(name), problem);
    };
    const auto optionalText = [&cl](const char* name) -> std::optional<QString> {
        if (!cl.has(QLatin1String(name)))
            return std::nullopt;
        return cl.value(QLatin1String(name));
    };

    if (command == u"namespaces") {
        mdb::Result<QStringList> names = store.listNamespaces();
        if (!names)
            return fail(names.error());
        for (const QString& name : *names) {
            mdb::Result<mdb::NamespaceInfo> info = store.describeNamespace(name);
            if (!info)
                return fail(info.error());
            if (json)
                out() << mdb::MessageJson::line(*info) << "\n";
            else
                out() << name << "\t" << mdb::namespaceKindName(info->kind) << "\t"
                      << info->messageStoreVersion << "\n";
        }
        return Ok;
    }
    if (command == u"namespace")
        return runNamespaceCommand(store, cl, json);
    if (command == u"categories") {
        mdb::Result<QStringList> names = store.listCategories(ns);
        if (!names)
            return fail(names.error());
        for (const QString& name : *names)
            out() << (json ? QStringLiteral("{\"category\":%1}").arg(mdb::MessageJson::quote(name)) : name)
                  << "\n";
        return Ok;
    }
    if (command == u"write") {
        if (args.size() < 2 || args.size() > 3)
            return usage(QStringLiteral("write needs STREAM TYPE [DATA_JSON]"));
        mdb::WriteRequest request;
        request.streamName = args.at(0);
        request.type = args.at(1);
        request.data = args.size() == 3 ? args.at(2) : QStringLiteral("{}");
        request.metadata = optionalText("metadata");
        request.id = optionalText("id");
        request.expectedVersion = number("expected-version");
        if (!problem.isEmpty())
            return usage(problem);
        mdb::Result<qint64> position = store.writeMessage(ns, request);
        if (!position)
            return fail(position.error());
        if (json)
            out() << "{\"stream_name\":" << mdb::MessageJson::quote(request.streamName)
                  << ",\"position\":" << *position << "}\n";
        else
            out() << *position << "\n";
        return Ok;
    }
    if (command == u"stream") {
        if (args.size() != 1)
            return usage(QStringLiteral("stream needs STREAM"));
        mdb::StreamQuery q{args.at(0), number("position"), number("batch-size"), optionalText("condition")};
        if (!problem.isEmpty())
            return usage(problem);
        mdb::Result<mdb::MessageList> messages = store.streamMessages(ns, q);
        if (!messages)
            return fail(messages.error());
        printMessages(*messages, json);
        return Ok;
    }
    if (command == u"category") {
        if (args.size() != 1)
            return usage(QStringLiteral("category needs CATEGORY"));
        mdb::CategoryQuery q{
            args.at(0),       number("position"), number("batch-size"),     optionalText("correlation"),
            number("member"), number("size"),     optionalText("condition")};
        if (!problem.isEmpty())
            return usage(problem);
        mdb::Result<mdb::MessageList> messages = store.categoryMessages(ns, q);
        if (!messages)
            return fail(messages.error());
        printMessages(*messages, json);
        return Ok;
    }
    if (command == u"last") {
        if (args.size() != 1)
            return usage(QStringLiteral("last needs STREAM"));
        mdb::Result<std::optional<mdb::Message>> message =
            store.lastStreamMessage(ns, {args.at(0), optionalText("type")});
        if (!message)
            return fail(message.error());
        if (*message)
            printMessages({**message}, json);
        return Ok;
    }
    if (command == u"export") {
        if (args.size() != 1)
            return usage(QStringLiteral("export needs a STREAM or a CATEGORY"));
        const QString formatName = cl.value(QStringLiteral("format")).isEmpty()
                                       ? QStringLiteral("jsonl")
                                       : cl.value(QStringLiteral("format"));
        if (formatName != u"jsonl" && formatName != u"csv")
            return usage(QStringLiteral("--format is jsonl or csv"));
        mdb::MessageFeed feed;
        feed.ns = ns;
        feed.name = args.at(0);
        feed.kind = mdb::StreamName::isCategory(feed.name) ? mdb::MessageFeed::Kind::Category
                                                           : mdb::MessageFeed::Kind::Stream;
        feed.type = optionalText("type");
        feed.correlation = optionalText("correlation");
        feed.member = number("member");
        feed.groupSize = number("size");
        if (!problem.isEmpty())
            return usage(problem);
        QFile file;
        if (cl.has(QStringLiteral("output"))) {
            file.setFileName(cl.value(QStringLiteral("output")));
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return fail(mdb::StoreError::make(
                    mdb::ErrorKind::Internal,
                    QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString())));
        } else if (!file.open(stdout, QIODevice::WriteOnly)) {
            return fail(mdb::StoreError::make(mdb::ErrorKind::Internal,
                                              QStringLiteral("Cannot write to standard output")));
        }
        out().flush();
        mdb::Result<qint64> written = mdb::exportFeed(
            store, feed, formatName == u"csv" ? mdb::ExportFormat::Csv : mdb::ExportFormat::JsonLines, file);
        file.close();
        if (!written)
            return fail(written.error());
        if (cl.has(QStringLiteral("output")))
            err() << *written << " messages written to " << file.fileName() << "\n" << Qt::flush;
        return Ok;
    }
    if (command == u"partition")
        return runPartition(store, ns, cl, json);
    if (command == u"summary") {
        static const QMap<QString, mdb::SummaryKind> kinds{
            {QStringLiteral("category"), mdb::SummaryKind::Category},
            {QStringLiteral("type"), mdb::SummaryKind::Type},
            {QStringLiteral("stream"), mdb::SummaryKind::Stream},
            {QStringLiteral("category-type"), mdb::SummaryKind::CategoryType}};
        if (args.size() != 1 || !kinds.contains(args.at(0)))
            return usage(QStringLiteral("summary needs category, type, stream or category-type"));
        const mdb::SummaryKind kind = kinds.value(args.at(0));
        mdb::Result<QList<mdb::SummaryRow>> rows = store.summary(ns, kind);
        if (!rows)
            return fail(rows.error());
        for (const mdb::SummaryRow& r : *rows) {
            if (json) {
                out() << "{\"key\":" << mdb::MessageJson::quote(r.key);
                if (kind == mdb::SummaryKind::CategoryType)
                    out() << ",\"type\":" << mdb::MessageJson::quote(r.secondKey);
                out() << ",\"message_count\":" << r.messages
                      << ",\"percent\":" << QString::number(r.percent, 'f', 2) << "}\n";
            } else {
                out() << r.key << (kind == mdb::SummaryKind::CategoryType ? u'\t' + r.secondKey : QString())
                      << "\t" << r.messages << "\t" << QString::number(r.percent, 'f', 2) << "\n";
            }
        }
        return Ok;
    }
    if (command == u"sample") {
        mdb::SampleSpec spec;
        spec.messages = number("messages").value_or(spec.messages);
        spec.categories = int(number("categories").value_or(spec.categories));
        spec.streams = number("streams").value_or(spec.streams);
        spec.seed = quint32(number("seed").value_or(0));
        if (!problem.isEmpty())
            return usage(problem);
        if (spec.messages < 1 || spec.categories < 1 || spec.streams < 1)
            return usage(QStringLiteral("sample needs --messages, --categories and --streams of at least 1"));
        const qint64 step = std::max<qint64>(spec.messages / 20, 1);
        qint64 nextReport = step;
        mdb::Result<mdb::SampleProgress> done =
            mdb::writeSample(store, ns, spec, [&nextReport, step](const mdb::SampleProgress& p) {
                if (p.written >= nextReport || p.written == p.total) {
                    err() << "\r" << p.written << " / " << p.total << " messages" << Qt::flush;
                    nextReport = p.written + step;
                }
            });
        err() << "\n" << Qt::flush;
        if (!done)
            return fail(done.error());
        out() << (json ? QStringLiteral("{\"messages\":%1}").arg(done->written)
                       : QString::number(done->written))
              << "\n";
        return Ok;
    }
    if (command == u"version") {
        if (args.size() != 1)
            return usage(QStringLiteral("version needs STREAM"));
        mdb::Result<std::optional<qint64>> version = store.streamVersion(ns, args.at(0));
        if (!version)
            return fail(version.error());
        if (json)
            out() << "{\"stream_name\":" << mdb::MessageJson::quote(args.at(0))
                  << ",\"version\":" << numberOrNull(*version) << "}\n";
        else
            out() << numberOrNull(*version) << "\n";
        return Ok;
    }
    return usage(QStringLiteral("unknown command \"%1\"").arg(command));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mdbstudio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MDBSTUDIO_VERSION));

    // Arguments that are not UTF-8 would reach the store changed (each bad byte a U+FFFD).
    for (int i = 1; i < argc; ++i) {
        if (!QUtf8StringView(argv[i]).isValidUtf8())
            return usage(QStringLiteral("argument %1 is not valid UTF-8").arg(i));
    }
    CommandLine cl;
    if (std::optional<QString> problem = cl.parse(QCoreApplication::arguments().mid(1)))
        return usage(*problem);
    if (cl.flag(QStringLiteral("help"))) {
        out() << UsageText;
        return Ok;
    }
    if (cl.flag(QStringLiteral("version"))) {
        out() << "mdbctl " << MDBSTUDIO_VERSION << "\n";
        return Ok;
    }
    if (cl.positional.isEmpty())
        return usage(QStringLiteral("no command given"));
    const bool json = cl.flag(QStringLiteral("json"));
    const QString command = cl.positional.first();
    if (command == u"hash")
        return runHash(cl, json);
    if (command == u"member")
        return runMember(cl, json);

    mdb::Result<std::unique_ptr<mdb::Store>> store = mdb::Store::openNamed(
        cl.value(QStringLiteral("store")),
        {cl.flag(QStringLiteral("read-only")), cl.flag(QStringLiteral("enable-conditions"))});
    if (!store)
        return fail(store.error());
    std::shared_ptr<mdb::Store> shared(std::move(store).value());
    const QString ns =
        cl.has(QStringLiteral("ns")) ? cl.value(QStringLiteral("ns")) : shared->defaultNamespace();
    int code = Ok;
    if (command == u"stress")
        code = runStress(shared, ns, cl, json);
    else if (command == u"verify")
        code = runVerify(*shared, ns, cl, json);
    else
        code = runStoreCommand(*shared, ns, cl, json);
    out().flush();
    return code;
}
