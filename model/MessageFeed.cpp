#include "model/MessageFeed.h"

#include "storage/Hash64.h"
#include "storage/StreamName.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace mdb {
namespace {

// Reads past non-matching messages this many pages at most per request, so that a rare type
// cannot hold a worker for long; the table asks again when the user scrolls on.
constexpr int MaxPagesPerRead = 20;

std::optional<QString> correlationStreamName(const Message& m)
{
    if (!m.metadata)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(m.metadata->toUtf8());
    const QJsonValue v = doc.object().value(QStringLiteral("correlationStreamName"));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    return v.isString() ? v.toString()
                        : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
                              .mid(1)
                              .chopped(1);
}

} // namespace

bool MessageFeed::matches(const Message& m) const
{
    if (type && m.type != *type)
        return false;
    if (correlation) {
        const std::optional<QString> c = correlationStreamName(m);
        if (!c || StreamName::category(*c) != *correlation)
            return false;
    }
    if (member && groupSize) {
        const Result<std::optional<qint64>> assigned = consumerGroupMember(m.streamName, *groupSize);
        if (!assigned || !*assigned || **assigned != *member)
            return false;
    }
    return true;
}

Result<FeedPage> FeedReader::forward(Store& store, const MessageFeed& feed, qint64 fromKey, qint64 count)
{
    FeedPage page;
    qint64 from = fromKey;
    for (int round = 0; round < MaxPagesPerRead && page.messages.size() < count; ++round) {
        Result<MessageList> rows =
            feed.isStream()
                ? store.streamMessages(feed.ns, {feed.name, from, count, {}})
                : store.categoryMessages(
                      feed.ns, {feed.name, from, count, feed.correlation, feed.member, feed.groupSize, {}});
        if (!rows)
            return rows.error();
        for (const Message& m : *rows) {
            if (!feed.type || m.type == *feed.type)
                page.messages.append(m);
        }
        if (!rows->isEmpty())
            from = feed.keyOf(rows->last()) + 1;
        if (rows->size() < count) {
            page.reachedEdge = true;
            break;
        }
    }
    page.resumeKey = from;
    return page;
}

Result<FeedPage> FeedReader::backward(Store& store, const MessageFeed& feed, std::optional<qint64> beforeKey,
                                      qint64 count)
{
    FeedPage page;
    qint64 before = beforeKey.value_or(std::numeric_limits<qint64>::max());
    if (feed.isStream() && !beforeKey) {
        Result<std::optional<qint64>> version = store.streamVersion(feed.ns, feed.name);
        if (!version)
            return version.error();
        before = version->value_or(-1) + 1;
    }
    for (int round = 0; round < MaxPagesPerRead && page.messages.size() < count; ++round) {
        Result<MessageList> rows = [&]() -> Result<MessageList> {
            if (!feed.isStream())
                return store.categoryMessagesBefore(feed.ns, feed.name, before, count);
            const qint64 from = std::max<qint64>(0, before - count);
            if (from >= before)
                return MessageList{};
            return store.streamMessages(feed.ns, {feed.name, from, before - from, {}});
        }();
        if (!rows)
            return rows.error();
        if (!page.forwardKey)
            page.forwardKey = rows->isEmpty() ? feed.startPosition.value_or(feed.isStream() ? 0 : 1)
                                              : feed.keyOf(rows->last()) + 1;
        MessageList matching;
        for (const Message& m : *rows) {
            if (feed.matches(m))
                matching.append(m);
        }
        page.messages = matching + page.messages;
        if (!rows->isEmpty())
            before = feed.keyOf(rows->first());
        if (rows->size() < count || rows->isEmpty()) {
            page.reachedEdge = true;
            break;
        }
    }
    page.resumeKey = before;
    if (page.messages.size() > count) {
        page.messages = page.messages.mid(page.messages.size() - count); // the rest comes with the next read
        page.reachedEdge = false;
        page.resumeKey = feed.keyOf(page.messages.first());
    }
    return page;
}

} // namespace mdb
