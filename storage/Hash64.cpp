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
    const qint64 hash = hash64(*cardinal);
    if (hash == std::numeric_limits<qint64>::min())
        return StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("bigint out of range"),
                                QStringLiteral("22003"));
    const qint64 magnitude = hash < 0 ? -hash : hash;
    return std::optional<qint64>{magnitude % groupSize};
}

} // namespace mdb
