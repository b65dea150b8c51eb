#include "Hash64.h"

#include "StreamName.h"

#include <QCryptographicHash>

#include <limits>

namespace mdb {

qint64 hash64(const QString& value)
{
    const QByteArray digest = QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Md5);
    quint64 bits = 0;
    for (int i = 0; i < 8; ++i)
        bits = (bits << 8) | static_cast<quint8>(digest.at(i));
    return static_cast<qint64>(bits);
}

Result<std::optional<qint64>> consumerGroupMember(const QString& streamName, qint64 groupSize)
{
    const std::optional<QString> cardinal = StreamName::cardinalId(streamName);
    if (!cardinal)
        return std::optional<qint64>{};
    Result<qint64> member = consumerGroupMemberOfHash(hash64(*cardinal), groupSize);
    if (!member)
        return member.error();
    return std::optional<qint64>{*member};
}

Result<qint64> consumerGroupMemberOfHash(qint64 hash, qint64 groupSize)
{
    if (hash == std::numeric_limits<qint64>::min())
        return StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("bigint out of range"),
                                QStringLiteral("22003"));
    const qint64 magnitude = hash < 0 ? -hash : hash;
    return magnitude % groupSize;
}

} // namespace mdb
