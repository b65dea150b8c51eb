#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace mdb {

// One row of Message DB's `message` type, as both backends return it.
struct Message
{
    QString id; // lowercase uuid text
    QString streamName;
    QString type;
    qint64 position = 0;
    qint64 globalPosition = 0;
    std::optional<QString> data;     // jsonb text rendering, or absent (SQL NULL)
    std::optional<QString> metadata; // jsonb text rendering, or absent (SQL NULL)
    qint64 timeMicros = 0;           // UTC, microseconds since the Unix epoch

    // "2026-01-02T03:04:05.123456", UTC, no zone suffix (Message DB's time is zone-less UTC).
    QString timeText() const;
};

// A time in microseconds as Message::timeText shows it.
QString timeText(qint64 timeMicros);

// Arguments of write_message. A null QString stands for SQL NULL.
struct WriteRequest
{
    std::optional<QString> id; // generated when absent
    QString streamName;
    QString type;
    std::optional<QString> data;
    std::optional<QString> metadata;
    std::optional<qint64> expectedVersion; // -1: the stream must not exist yet
};

// Arguments of get_stream_messages. Absent values take Message DB's defaults.
struct StreamQuery
{
    QString streamName;
    std::optional<qint64> position;
    std::optional<qint64> batchSize;
    std::optional<QString> condition;
};

// Arguments of get_category_messages. Absent values take Message DB's defaults.
struct CategoryQuery
{
    QString category;
    std::optional<qint64> position;
    std::optional<qint64> batchSize;
    std::optional<QString> correlation;
    std::optional<qint64> consumerGroupMember;
    std::optional<qint64> consumerGroupSize;
    std::optional<QString> condition;
};

// Arguments of get_last_stream_message.
struct LastMessageQuery
{
    QString streamName;
    std::optional<QString> type;
};

using MessageList = QList<Message>;

} // namespace mdb

Q_DECLARE_METATYPE(mdb::Message)

namespace mdb {} // namespace mdb
