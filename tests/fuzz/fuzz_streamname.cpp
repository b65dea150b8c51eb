// Stream-name parsers, hash_64 and consumer-group membership on arbitrary names.
#include "FuzzSupport.h"
#include "storage/Hash64.h"
#include "storage/StreamName.h"

#include <QCryptographicHash>
#include <QtEndian>

using namespace mdb;
using mdbfuzz::check;

namespace {

// hash_64 from its definition, with a hasher of its own (hash64 reuses one per thread).
qint64 referenceHash64(const QString& value)
{
    const QByteArray digest = QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Md5);
    return qFromBigEndian<qint64>(digest.constData());
}

void checkParsers(const QString& name)
{
    const QString category = StreamName::category(name);
    const std::optional<QString> id = StreamName::id(name);
    const std::optional<QString> cardinal = StreamName::cardinalId(name);

    check(name.startsWith(category), "category is a prefix of the stream name", name);
    check(!category.contains(u'-'), "category holds no '-'", name);
    check(StreamName::isCategory(name) == !id.has_value(), "isCategory exactly when there is no id", name);
    check(id.has_value() == cardinal.has_value(), "a cardinal id exactly when there is an id", name);
    if (id) {
        check(name == category + u'-' + *id, "category, '-' and id make the stream name", name);
        check(id->startsWith(*cardinal), "cardinal id is a prefix of the id", name);
        check(!cardinal->contains(u'+'), "cardinal id holds no '+'", name);
        check(cardinal->size() == id->size() || id->at(cardinal->size()) == u'+',
              "cardinal id ends at the id's first '+'", name);
    } else {
        check(category == name, "a name without '-' is its own category", name);
    }

    const QString entity = StreamName::categoryEntity(name);
    const QStringList types = StreamName::categoryTypes(name);
    check(category.startsWith(entity) && !entity.contains(u':'), "entity is the category up to its first ':'",
          name);
    if (category.contains(u':'))
        check(entity + u':' + types.join(u'+') == category, "entity, ':' and types make the category", name);
    else
        check(entity == category && types.isEmpty(), "a category without ':' has no types", name);

    const QStringList ids = StreamName::compoundIds(name);
    if (id)
        check(ids.join(u'+') == *id && ids.first() == *cardinal, "compound ids join to the id", name);
    else
        check(ids.isEmpty(), "no compound ids without an id", name);
}

void checkMembership(const QString& name)
{
    const std::optional<QString> cardinal = StreamName::cardinalId(name);
    const qint64 hash = cardinal ? hash64(*cardinal) : 0;
    if (cardinal) {
        check(hash == referenceHash64(*cardinal), "hash_64 is md5's first 8 bytes, big-endian", name);
        check(hash64(*cardinal) == hash, "hash_64 does not depend on what was hashed before", name);
    }
    for (const qint64 size : {qint64(1), qint64(2), qint64(3), qint64(7), qint64(32767)}) {
        const Result<std::optional<qint64>> member = consumerGroupMember(name, size);
        if (!cardinal) {
            check(member && !member->has_value(), "a stream without an id belongs to no member", name);
            continue;
        }
        if (hash == std::numeric_limits<qint64>::min()) {
            check(!member, "abs(INT64_MIN) fails as in PostgreSQL", name);
            continue;
        }
        check(member && member->has_value(), "a stream with an id has a member", name);
        check(**member >= 0 && **member < size, "the member is in [0, size)", name);
        check(**member == (hash < 0 ? -hash : hash) % size, "the member is abs(hash_64) mod size", name);
        // Streams of other categories with the same cardinal id land on the same member.
        const Result<std::optional<qint64>> other = consumerGroupMember(u"other:type-" + *cardinal, size);
        check(other && *other == *member, "the member depends on the cardinal id alone", name);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString name = mdbfuzz::utf8Text(data, size);
    checkParsers(name);
    checkMembership(name);
    checkParsers(mdbfuzz::utf16Text(data, size));
    return 0;
}
