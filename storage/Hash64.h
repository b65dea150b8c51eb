#pragma once

#include "storage/Result.h"

#include <QString>

#include <limits>
#include <optional>

namespace mdb {

// Message DB's hash_64: the first 8 bytes of md5(UTF-8 bytes), big-endian, as a signed int64.
qint64 hash64(const QString& value);

// The consumer-group member a stream belongs to: abs(hash_64(cardinal_id)) mod size.
// Absent when the stream has no cardinal id (it belongs to no member, not even with size 1).
// Fails like PostgreSQL's `@` operator when the hash is INT64_MIN ("bigint out of range").
// The size is not validated here; see MessageDbRules for the checks Message DB makes first.
Result<std::optional<qint64>> consumerGroupMember(const QString& streamName, qint64 groupSize);
// The member for a cardinal id's hash: abs(hash) mod size; absent for INT64_MIN, where
// PostgreSQL's `@` fails ("bigint out of range").
inline std::optional<qint64> consumerGroupMemberOfHash(qint64 hash, qint64 groupSize)
{
    if (hash == std::numeric_limits<qint64>::min())
        return std::nullopt;
    return (hash < 0 ? -hash : hash) % groupSize;
}

} // namespace mdb
