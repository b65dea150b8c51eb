#include "storage/sqlite/SqliteQueries.h"

namespace mdb::sqlite::queries {

QString messageColumns()
{
    return QStringLiteral("id, stream_name, type, position, global_position, data, metadata, time");
}

QString listCategories()
{
    return QStringLiteral("WITH RECURSIVE c(name) AS ("
                          " SELECT (SELECT min(category) FROM messages)"
                          " UNION ALL"
                          " SELECT (SELECT min(category) FROM messages WHERE category > c.name)"
                          " FROM c WHERE c.name IS NOT NULL)"
                          " SELECT name FROM c WHERE name IS NOT NULL");
}

QString categoryStats()
{
    return QStringLiteral("SELECT count(*), count(DISTINCT stream_name), max(global_position) FROM messages "
                          "WHERE category = ?");
}

QString categoryMessagesBefore()
{
    return QStringLiteral("SELECT %1 FROM messages WHERE category = ? AND global_position < ? "
                          "ORDER BY global_position DESC LIMIT ?")
        .arg(messageColumns());
}

QString categoryStreamSightings()
{
    return QStringLiteral("SELECT stream_name, global_position, time FROM messages WHERE category = ? "
                          "AND global_position >= ? ORDER BY global_position LIMIT ?");
}

QString categoryStreamTotals()
{
    // '.' follows '-' in byte order, so the range holds exactly the names that start "<category>-".
    return QStringLiteral(
        "SELECT stream_name, count(*) FROM messages WHERE stream_name >= ? AND stream_name < ? "
        "GROUP BY stream_name UNION ALL "
        "SELECT stream_name, count(*) FROM messages WHERE stream_name = ? GROUP BY stream_name");
}

QString categoryNewest()
{
    return QStringLiteral("SELECT stream_name, global_position, time FROM messages WHERE category = ? "
                          "ORDER BY global_position DESC LIMIT ?");
}

QString countCategoryMessages()
{
    return QStringLiteral("SELECT count(*) FROM messages WHERE category = ? AND global_position >= ?");
}

QString streamNames()
{
    return QStringLiteral("SELECT DISTINCT stream_name FROM messages ORDER BY stream_name");
}

} // namespace mdb::sqlite::queries
