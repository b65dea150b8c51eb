#include "model/Trace.h"

#include "model/FindScan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>

namespace mdb {

namespace {

QJsonObject metadataOf(const Message& message)
{
    return message.metadata ? QJsonDocument::fromJson(message.metadata->toUtf8()).object() : QJsonObject();
}

QString jsonString(const QString& text)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

// How an effect names this message as its cause: by global position, or by stream and position.
QString namesAsCause(const Message& m)
{
    return QStringLiteral(
               "metadata.causationMessageGlobalPosition = %1 or (metadata.causationMessageStreamName = %2 "
               "and metadata.causationMessagePosition = %3)")
        .arg(QString::number(m.globalPosition), jsonString(m.streamName), QString::number(m.position));
}

// Causes named in one search at most, so that the expression stays well inside its length limit.
constexpr qsizetype CausesPerSearch = 40;

} // namespace

std::optional<qint64> causationGlobalPosition(const Message& message)
{
    const QJsonValue cause = metadataOf(message).value(QStringLiteral("causationMessageGlobalPosition"));
    if (!cause.isDouble())
        return std::nullopt;
    return qint64(cause.toDouble());
}

Result<QList<TraceEntry>> traceMessage(Store& store, const QString& ns, qint64 globalPosition,
                                       const TraceLimits& limits, const std::shared_ptr<QueryCancel>& cancel)
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
    QList<TraceEntry> entries{{**traced, 0}};

    // The message a message names as its cause: by global position where it says one, else by
    // stream and position (Eventide writes both; some writers only the latter).
    const auto causeOf = [&](const Message& m) -> Result<std::optional<Message>> {
        if (const std::optional<qint64> cause = causationGlobalPosition(m))
            return *cause < m.globalPosition ? messageAt(*cause) : std::optional<Message>{};
        const QJsonObject metadata = metadataOf(m);
        const QJsonValue stream = metadata.value(QStringLiteral("causationMessageStreamName"));
        const QJsonValue position = metadata.value(QStringLiteral("causationMessagePosition"));
        if (!stream.isString() || !position.isDouble())
            return std::optional<Message>{};
        Result<MessageList> found =
            store.streamMessages(ns, {stream.toString(), qint64(position.toDouble()), 1, {}});
        if (!found)
            return found.error();
        if (found->isEmpty() || found->constFirst().position != qint64(position.toDouble()) ||
            found->constFirst().globalPosition >= m.globalPosition) // a cause comes before its effect
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
        entries.append({current, depth});
    }

    // Effects, a generation at a time: forward searches for the messages that name one of the
    // generation as their cause.
    MessageList generation{**traced};
    qint64 effects = 0;
    for (int depth = 1; depth <= limits.effectDepth && !generation.isEmpty() && effects < limits.maxEffects;
         ++depth) {
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
            Result<MessageList> found =
                findAll(std::shared_ptr<Store>(&store, [](Store*) {}), ns, request, cancel);
            if (!found)
                return found.error();
            for (const Message& m : *found) {
                entries.append({m, depth});
                next.append(m);
                ++effects;
            }
        }
        generation = next;
    }
    std::sort(entries.begin(), entries.end(), [](const TraceEntry& a, const TraceEntry& b) {
        return a.message.globalPosition < b.message.globalPosition;
    });
    return entries;
}

} // namespace mdb
