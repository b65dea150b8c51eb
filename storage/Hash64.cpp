#include "storage/Hash64.h"

#include "storage/StreamName.h"

#include <QCryptographicHash>

#include <limits>

namespace mdb {

qint64 hash64(const QString& value)
{
    // One hasher per thread, reused: a consumer-group simulation hashes 100,000 ids at a time.
    thread_local QCryptographicHash md5(QCryptographicHash::Md5);
    md5.reset();
    md5.addData(value.toUtf8());
    const QByteArrayView digest = md5.resultView();
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
    const std::optional<qint64> member = consumerGroupMemberOfHash(hash64(*cardinal), groupSize);
    if (!member)
        return StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("bigint out of range"),
                                QStringLiteral("22003"));
    return member;
}

} // namespace mdb
