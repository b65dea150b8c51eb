#include "model/Trace.h"

#include "model/FindScan.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace mdb {

std::optional<qint64> causationGlobalPosition(const Message& message)
{
    if (!message.metadata)
        return std::nullopt;
    const QJsonValue cause = QJsonDocument::fromJson(message.metadata->toUtf8())
                                 .object()
                                 .value(QStringLiteral("causationMessageGlobalPosition"));
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

    // Causes, back along the chain.
    Message current = **traced;
    for (int depth = -1; depth >= -limits.causes; --depth) {
        const std::optional<qint64> cause = causationGlobalPosition(current);
        if (!cause || *cause >= current.globalPosition) // a cause comes before its effect
            break;
        const Result<std::optional<Message>> found = messageAt(*cause);
        if (!found)
            return found.error();
        if (!*found)
            break;
        current = **found;
        entries.append({current, depth});
    }

    // Effects, a generation at a time: one forward search for all of a generation's effects.
    QList<qint64> generation{globalPosition};
    qint64 effects = 0;
    for (int depth = 1; depth <= limits.effectDepth && !generation.isEmpty() && effects < limits.maxEffects;
         ++depth) {
        QStringList positions;
        for (qint64 p : generation)
            positions << QString::number(p);
        Result<query::Filter> filter = query::Filter::compile(
            QStringLiteral("metadata.causationMessageGlobalPosition in (%1)").arg(positions.join(u',')));
        if (!filter)
            return filter.error();
        FindRequest request;
        request.filter = *filter;
        request.from = *std::min_element(generation.cbegin(), generation.cend()) + 1;
        request.maxMatches = limits.maxEffects - effects;
        request.to = *std::max_element(generation.cbegin(), generation.cend()) + limits.effectWindow;
        FindScan scan(std::shared_ptr<Store>(&store, [](Store*) {}), ns, request, cancel);
        if (Status started = scan.start(); !started)
            return started.error();
        QList<qint64> next;
        while (scan.outcome() == FindScan::Outcome::Running) {
            Result<MessageList> found = scan.next();
            if (!found)
                return found.error();
            for (const Message& m : *found) {
                entries.append({m, depth});
                next.append(m.globalPosition);
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
