#pragma once

#include "storage/Message.h"
#include "storage/Result.h"

namespace mdb::MessageDbRules {

// Message DB 1.3's defaults, in one place.
constexpr qint64 DefaultStreamPosition = 0;
constexpr qint64 DefaultCategoryPosition = 1;
constexpr qint64 DefaultBatchSize = 1000;
constexpr qint64 UnlimitedBatchSize = -1;
// get_category_messages passes the consumer group size as smallint.
constexpr qint64 MaxConsumerGroupSize = 32767;
inline constexpr const char* Version = "1.3.0";

// The checks get_stream_messages / get_category_messages make before reading, in their order,
// with their texts. Backends that do not run Message DB's own functions call these.
// `conditionsEnabled` stands for the message_store.sql_condition setting.
Status checkStreamQuery(const StreamQuery& query, bool conditionsEnabled);
Status checkCategoryQuery(const CategoryQuery& query, bool conditionsEnabled);
// LIMIT's own check, which PostgreSQL makes when the query runs.
Status checkBatchSize(qint64 batchSize);

// Text PostgreSQL cannot hold as UTF-8: a NUL character, or half of a UTF-16 surrogate pair.
// Both backends refuse it before any SQL, with PostgreSQL's words, rather than have it cut short
// or changed on its way in.
Status checkText(const QString& text);
// checkText of every text of a write: id, stream name, type, data and metadata.
Status checkWriteRequest(const WriteRequest& request);

// "Wrong expected version: E (Stream: S, Stream Version: V)".
StoreError wrongExpectedVersion(qint64 expected, const QString& streamName, qint64 streamVersion);
// PostgreSQL's NOT NULL violation text for a column of messages.
StoreError notNullViolation(const QString& column);
// PostgreSQL's unique violation of messages_id.
StoreError duplicateMessageId(const QString& id);

} // namespace mdb::MessageDbRules
