#pragma once

#include "storage/Message.h"
#include "storage/Result.h"
#include "storage/Store.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

namespace mdb::SqlSupport {

// Bind values for optional arguments: absent becomes a typed SQL NULL.
QVariant bindValue(const std::optional<qint64>& v);
QVariant bindValue(const std::optional<QString>& v);
QVariant bindText(const QString& v); // a null QString becomes SQL NULL

// Reads a row of the eight message columns in Message DB's order:
// id, stream_name, type, position, global_position, data, metadata, time (microseconds).
Message readMessage(const QSqlQuery& query);

// Readers of the rows both backends' browsing queries return, in the same column order.
// (messages, categoryStats: count, distinct streams, max global position; sightings: stream name,
// global position, time; summaries: key, second key, count)
MessageList readMessages(QSqlQuery& query);
// A search chunk's matches, and where the scan got to: the range's end, or the last match's
// position when the limit cut it short.
FindChunk readFindChunk(QSqlQuery& query, const FindQuery& find);
// The first row's message, or none when there are no rows.
std::optional<Message> readFirstMessage(QSqlQuery& query);
// Rows that come newest first, returned in ascending order.
MessageList readMessagesNewestFirst(QSqlQuery& query);
CategoryStats readCategoryStats(QSqlQuery& query);
// A category read's rows that one consumer-group member reads: `memberOf` gives a stream's member
// (absent: none), asked once per stream; at most `batch` messages when batch > 0.
using StreamMember = std::function<Result<std::optional<qint64>>(const QString& streamName)>;
Result<MessageList> readMemberMessages(QSqlQuery& query, qint64 member, const StreamMember& memberOf,
                                       qint64 batch);
QList<StreamSighting> readSightings(QSqlQuery& query);
QList<SummaryRow> readSummary(QSqlQuery& query);
// stream name, count
QList<StreamTotals> readStreamTotals(QSqlQuery& query);
// the first column of every row
QStringList readTexts(QSqlQuery& query);

// The GROUP BY columns of a summary (key, second key), given the backend's category expression;
// and the percentages of the whole, rounded to two places as Message DB's views do.
QString summaryGroupColumns(SummaryKind kind, const QString& categoryExpression);
QList<SummaryRow> withPercentages(QList<SummaryRow> rows);

// Splits an SQL script into statements at ';' line ends, keeping $$-quoted bodies whole.
QStringList splitScript(const QString& script);
// Reads a DDL resource and substitutes {{schema}}.
QString loadScript(const QString& resourcePath, const QString& schema = {});

} // namespace mdb::SqlSupport
