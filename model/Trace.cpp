#include "model/Trace.h"

#include "model/FindScan.h"
#include "model/MessageJson.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <limits>

namespace mdb {

namespace {

QJsonObject metadataOf(const Message& message)
{
    return message.metadata ? QJsonDocument::fromJson(message.metadata->toUtf8()).object() : QJsonObject();
}

// How an effect names this message as its cause: by global position, or by stream and position.
QString namesAsCause(const Message& m)
{
    return QStringLiteral(
               "metadata.causationMessageGlobalPosition = %1 or (metadata.causationMessageStreamName = %2 "
               "and metadata.causationMessagePosition = %3)")
        .arg(QString::number(m.globalPosition), MessageJson::quote(m.streamName),
             QString::number(m.position));
}

TraceEntry entryOf(const Message& message, int depth)
{
    TraceEntry entry;
    entry.message = message;
    entry.depth = depth;
    return entry;
}

// Causes named in one search at most, so that the expression stays well inside its length limit.
constexpr qsizetype CausesPerSearch = 40;

// Where a message says its cause is: by global position where it gives one, else by stream and
// position (Eventide writes both; some writers only the latter).
struct NamedCause
{
    std::optional<qint64> globalPosition;
    std::optional<QPair<QString, qint64>> streamPosition;
};

NamedCause namedCause(const QJsonObject& metadata)
{
    const QJsonValue global = metadata.value(QStringLiteral("causationMessageGlobalPosition"));
    if (global.isDouble())
        return {qint64(global.toDouble()), std::nullopt};
    const QJsonValue stream = metadata.value(QStringLiteral("causationMessageStreamName"));
    const QJsonValue position = metadata.value(QStringLiteral("causationMessagePosition"));
    if (stream.isString() && position.isDouble())
        return {std::nullopt, QPair<QString, qint64>(stream.toString(), qint64(position.toDouble()))};
    return {};
}

// Points each entry at the entry it names as its cause, where that is in the trace, and notes the
// streams its metadata names.
void annotate(QList<TraceEntry>& entries)
{
    QSet<qint64> present;
    QHash<QPair<QString, qint64>, qint64> byStream; // (stream, position) -> global position
    for (const TraceEntry& e : entries) {
        present.insert(e.message.globalPosition);
        byStream.insert({e.message.streamName, e.message.position}, e.message.globalPosition);
    }
    for (TraceEntry& e : entries) {
        const QJsonObject metadata = metadataOf(e.message);
        e.correlationStreamName = metadata.value(QStringLiteral("correlationStreamName")).toString();
        e.replyStreamName = metadata.value(QStringLiteral("replyStreamName")).toString();
        const NamedCause cause = namedCause(metadata);
        if (cause.globalPosition && present.contains(*cause.globalPosition))
            e.causedBy = cause.globalPosition;
        else if (cause.streamPosition && byStream.contains(*cause.streamPosition))
            e.causedBy = byStream.value(*cause.streamPosition);
    }
}

} // namespace

std::optional<qint64> causationGlobalPosition(const Message& message)
{
    return namedCause(metadataOf(message)).globalPosition;
}

Result<QList<TraceEntry>> traceMessage(Store& store, const QString& ns, qint64 globalPosition,
                                       const TraceLimits& limits, const std::shared_ptr<QueryCancel>& cancel,
                                       TraceProgress* progress)
{
    const auto messageAt = [&](qint64 position) -> Result<std::optional<Message>> {
        Result<std::optional<Message>> found = store.messageNear(ns, std::nullopt, position, false);
        if (found && *found && (*found)->globalPosition != position)
            return std::optional<Message>{};
        return found;
    };
    const Result<std::optional<Message>> traced = messageAt(globalPosition);
    if (!traced)
        return traced.error();
    if (!*traced)
        return StoreError::make(ErrorKind::NotFound,
                                QStringLiteral("No message at global position %1").arg(globalPosition));
    QList<TraceEntry> entries{entryOf(**traced, 0)};

    // The message a message names as its cause; a cause comes before its effect.
    const auto causeOf = [&](const Message& m) -> Result<std::optional<Message>> {
        const NamedCause cause = namedCause(metadataOf(m));
        if (cause.globalPosition)
            return *cause.globalPosition < m.globalPosition ? messageAt(*cause.globalPosition)
                                                            : std::optional<Message>{};
        if (!cause.streamPosition)
            return std::optional<Message>{};
        const auto& [stream, position] = *cause.streamPosition;
        Result<MessageList> found = store.streamMessages(ns, {stream, position, 1, {}});
        if (!found)
            return found.error();
        if (found->isEmpty() || found->constFirst().position != position ||
            found->constFirst().globalPosition >= m.globalPosition)
            return std::optional<Message>{};
        return std::optional<Message>(found->constFirst());
    };

    // Causes, back along the chain.
    Message current = **traced;
    for (int depth = -1; depth >= -limits.causes; --depth) {
        const Result<std::optional<Message>> found = causeOf(current);
        if (!found)
            return found.error();
        if (!*found)
            break;
        current = **found;
        entries.append(entryOf(current, depth));
    }

    // Effects, a generation at a time: forward searches for the messages that name one of the
    // generation as their cause.
    MessageList generation{**traced};
    qint64 effects = 0;
    for (int depth = 1; depth <= limits.effectDepth && !generation.isEmpty() && effects < limits.maxEffects;
         ++depth) {
        if (progress)
            progress->generation = depth;
        MessageList next;
        for (qsizetype start = 0; start < generation.size() && effects < limits.maxEffects;
             start += CausesPerSearch) {
            const MessageList causes = generation.mid(start, CausesPerSearch);
            QStringList named;
            qint64 first = std::numeric_limits<qint64>::max();
            qint64 last = 0;
            for (const Message& m : causes) {
                named << u'(' + namesAsCause(m) + u')';
                first = std::min(first, m.globalPosition);
                last = std::max(last, m.globalPosition);
            }
            Result<query::Filter> filter = query::Filter::compile(named.join(QStringLiteral(" or ")));
            if (!filter)
                return filter.error();
            FindRequest request;
            request.filter = *filter;
            request.from = first + 1;
            request.to = last + limits.effectWindow;
            request.maxMatches = limits.maxEffects - effects;
            const Result<MessageList> found =
                findAll(std::shared_ptr<Store>(&store, [](Store*) {}), ns, request, cancel,
                        [progress, effects](const FindScan& scan) {
                            if (!progress)
                                return;
                            progress->scanned = scan.scanned();
                            progress->searchSize = scan.total();
                            progress->effects = effects + scan.matches();
                        });
            if (!found)
                return found.error();
            for (const Message& m : *found) {
                entries.append(entryOf(m, depth));
                next.append(m);
                ++effects;
            }
        }
        generation = next;
    }
    std::sort(entries.begin(), entries.end(), [](const TraceEntry& a, const TraceEntry& b) {
        return a.message.globalPosition < b.message.globalPosition;
    });
    annotate(entries);
    return entries;
}

} // namespace mdb
