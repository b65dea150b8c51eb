#include "storage/StreamName.h"

namespace mdb::StreamName {

QString category(const QString& streamName)
{
    const qsizetype dash = streamName.indexOf(u'-');
    return dash < 0 ? streamName : streamName.left(dash);
}

std::optional<QString> id(const QString& streamName)
{
    const qsizetype dash = streamName.indexOf(u'-');
    if (dash < 0)
        return std::nullopt;
    return streamName.mid(dash + 1);
}

std::optional<QString> cardinalId(const QString& streamName)
{
    const std::optional<QString> whole = id(streamName);
    if (!whole)
        return std::nullopt;
    const qsizetype plus = whole->indexOf(u'+');
    return plus < 0 ? *whole : whole->left(plus);
}

bool isCategory(const QString& streamName)
{
    return !streamName.contains(u'-');
}

QString categoryEntity(const QString& streamName)
{
    const QString cat = category(streamName);
    const qsizetype colon = cat.indexOf(u':');
    return colon < 0 ? cat : cat.left(colon);
}

QStringList categoryTypes(const QString& streamName)
{
    const QString cat = category(streamName);
    const qsizetype colon = cat.indexOf(u':');
    if (colon < 0)
        return {};
    return cat.mid(colon + 1).split(u'+');
}

QStringList compoundIds(const QString& streamName)
{
    const std::optional<QString> whole = id(streamName);
    if (!whole)
        return {};
    return whole->split(u'+');
}

} // namespace mdb::StreamName
