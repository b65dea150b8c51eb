#include "storage/MessageDbRules.h"

#include "storage/StreamName.h"

#include <algorithm>

namespace mdb::MessageDbRules {
namespace {

// plpgsql's RAISE prints SQL NULL as <NULL>.
QString raiseText(const std::optional<qint64>& v)
{
    return v ? QString::number(*v) : QStringLiteral("<NULL>");
}

Status checkCondition(const std::optional<QString>& condition, bool conditionsEnabled)
{
    if (condition && !conditionsEnabled)
        return StoreError::raised(QStringLiteral("Retrieval with SQL condition is not activated"));
    return Done{};
}

Status checkOptionalText(const std::optional<QString>& text)
{
    return text ? checkText(*text) : Status(Done{});
}

} // namespace

Status checkText(const QString& text)
{
    const auto invalid = [](const QString& bytes) -> Status {
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("invalid byte sequence for encoding \"UTF8\": %1").arg(bytes),
                                QStringLiteral("22021"));
    };
    // Most text holds neither NUL nor any surrogate: one cheap pass says so.
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return c.isNull() || c.isSurrogate(); }))
        return Done{};
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isNull())
            return invalid(QStringLiteral("0x00"));
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate()) { // its three bytes, as a UTF-8 encoder without checks would write them
            const char16_t u = c.unicode();
            return invalid(QStringLiteral("0x%1 0x%2 0x%3")
                               .arg(0xe0 | (u >> 12), 2, 16)
                               .arg(0x80 | ((u >> 6) & 0x3f), 2, 16)
                               .arg(0x80 | (u & 0x3f), 2, 16));
        }
    }
    return Done{};
}

Status checkWriteRequest(const WriteRequest& r)
{
    // In order, stopping at the first: this runs on every write.
    if (Status s = checkOptionalText(r.id); !s)
        return s;
    if (Status s = checkText(r.streamName); !s)
        return s;
    if (Status s = checkText(r.type); !s)
        return s;
    if (Status s = checkOptionalText(r.data); !s)
        return s;
    return checkOptionalText(r.metadata);
}

Status checkStreamQuery(const StreamQuery& query, bool conditionsEnabled)
{
    if (Status s = checkText(query.streamName); !s)
        return s;
    if (StreamName::isCategory(query.streamName))
        return StoreError::raised(QStringLiteral("Must be a stream name: %1").arg(query.streamName));
    if (Status s = checkCondition(query.condition, conditionsEnabled); !s)
        return s;
    return checkBatchSize(query.batchSize.value_or(DefaultBatchSize));
}

Status checkCategoryQuery(const CategoryQuery& q, bool conditionsEnabled)
{
    for (const Status& s : {checkText(q.category), checkOptionalText(q.correlation)}) {
        if (!s)
            return s;
    }
    if (!StreamName::isCategory(q.category))
        return StoreError::raised(QStringLiteral("Must be a category: %1").arg(q.category));
    if (q.correlation && q.correlation->contains(u'-'))
        return StoreError::raised(
            QStringLiteral("Correlation must be a category (Correlation: %1)").arg(*q.correlation));
    const auto group = [&q](const char* what) {
        return StoreError::raised(
            QStringLiteral("%1 (Consumer Group Member: %2, Consumer Group Size: %3)")
                .arg(QLatin1String(what), raiseText(q.consumerGroupMember), raiseText(q.consumerGroupSize)));
    };
    if (q.consumerGroupMember.has_value() != q.consumerGroupSize.has_value())
        return group("Consumer group member and size must be specified");
    if (q.consumerGroupMember) {
        if (*q.consumerGroupSize < 1)
            return group("Consumer group size must not be less than 1");
        if (*q.consumerGroupMember < 0)
            return group("Consumer group member must not be less than 0");
        if (*q.consumerGroupMember >= *q.consumerGroupSize)
            return group("Consumer group member must be less than the group size");
    }
    if (Status s = checkCondition(q.condition, conditionsEnabled); !s)
        return s;
    // Message DB passes the size to its query as smallint.
    if (q.consumerGroupSize && *q.consumerGroupSize > 32767)
        return StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("smallint out of range"),
                                QStringLiteral("22003"));
    return checkBatchSize(q.batchSize.value_or(DefaultBatchSize));
}

Status checkBatchSize(qint64 batchSize)
{
    if (batchSize < UnlimitedBatchSize)
        return StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("LIMIT must not be negative"),
                                QStringLiteral("2201W"));
    return Done{};
}

StoreError wrongExpectedVersion(qint64 expected, const QString& streamName, qint64 streamVersion)
{
    return StoreError::make(ErrorKind::WrongExpectedVersion,
                            QStringLiteral("Wrong expected version: %1 (Stream: %2, Stream Version: %3)")
                                .arg(QString::number(expected),
                                     streamName.isNull() ? QStringLiteral("<NULL>") : streamName,
                                     QString::number(streamVersion)),
                            QStringLiteral("P0001"));
}

StoreError notNullViolation(const QString& column)
{
    StoreError e = StoreError::make(
        ErrorKind::InvalidArgument,
        QStringLiteral("null value in column \"%1\" of relation \"messages\" violates not-null constraint")
            .arg(column),
        QStringLiteral("23502"));
    return e;
}

StoreError duplicateMessageId(const QString& id)
{
    StoreError e = StoreError::make(
        ErrorKind::Conflict, QStringLiteral("duplicate key value violates unique constraint \"messages_id\""),
        QStringLiteral("23505"));
    e.detail = QStringLiteral("Key (id)=(%1) already exists.").arg(id);
    return e;
}

} // namespace mdb::MessageDbRules
