#pragma once

#include "storage/Message.h"
#include "storage/Store.h"

#include <QString>

#include <optional>

namespace mdb {

// What the message table shows: one stream or one category of a namespace, with the filters a
// user set. Category feeds pass correlation and consumer group to get_category_messages; the type
// filter, which Message DB has no argument for, is applied here.
struct MessageFeed
{
    enum class Kind
    {
        Stream,
        Category
    };
    Kind kind = Kind::Category;
    QString ns;
    QString name; // stream name or category
    std::optional<QString> type;
    std::optional<QString> correlation;
    std::optional<qint64> member;
    std::optional<qint64> groupSize;
    std::optional<qint64> startPosition;

    bool isStream() const { return kind == Kind::Stream; }
    // The key rows are ordered by: position in a stream, global position in a category.
    qint64 keyOf(const Message& m) const { return isStream() ? m.position : m.globalPosition; }
    // Whether a message passes every filter (used where the store cannot filter for us).
    bool matches(const Message& m) const;
};

// One page read for the table, in key order.
struct FeedPage
{
    MessageList messages;
    bool reachedEdge = false; // nothing more in the direction read (as of the read)
    // Where the next read in the same direction starts: past every message this one looked at,
    // matching or not, so that a rare filter still makes progress.
    std::optional<qint64> resumeKey;
    // Backward reads only: where reading forward goes on, past the newest message looked at
    // (the feed's start when there was none).
    std::optional<qint64> forwardKey;
};

// Reads pages of a feed through a Store; blocking, so run off the GUI thread.
class FeedReader
{
public:
    // Messages with key >= `fromKey`, up to `count` that match the filters.
    static Result<FeedPage> forward(Store& store, const MessageFeed& feed, qint64 fromKey, qint64 count);
    // Messages with key < `beforeKey` (unbounded when absent), the last `count` that match.
    static Result<FeedPage> backward(Store& store, const MessageFeed& feed, std::optional<qint64> beforeKey,
                                     qint64 count);
};

} // namespace mdb
