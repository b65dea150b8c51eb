#include "storage/sqlite/SqliteQueries.h"

namespace mdb::sqlite::queries {

namespace {

QString sightingColumns(const NamespaceSql& ns)
{
    return QStringLiteral("stream_name, global_position, %1").arg(ns.timeMicros);
}

} // namespace

NamespaceSql NamespaceSql::mdbstudio()
{
    return {QStringLiteral("category"), QStringLiteral("time"), QStringLiteral("data"),
            QStringLiteral("metadata")};
}

NamespaceSql NamespaceSql::forLayout(const StoreLayout& layout)
{
    if (layout.family != StoreLayout::Family::EventoDb)
        return mdbstudio();
    // Written as EventoDB's messages_category index writes it (docs/eventodb.md).
    return {QStringLiteral("substr(stream_name, 1, CASE WHEN instr(stream_name, '-') > 0 THEN "
                           "instr(stream_name, '-') - 1 ELSE length(stream_name) END)"),
            QStringLiteral("(time * 1000000)"), QStringLiteral("nullif(CAST(data AS TEXT), '')"),
            QStringLiteral("nullif(CAST(metadata AS TEXT), '')")};
}

QString NamespaceSql::messageColumns() const
{
    return QStringLiteral("id, stream_name, type, position, global_position, %1, %2, %3")
        .arg(data, metadata, timeMicros);
}

query::SqlColumns NamespaceSql::filterColumns() const
{
    query::SqlColumns columns;
    columns.category = categoryOf;
    columns.time = timeMicros;
    columns.data = data;
    columns.metadata = metadata;
    return columns;
}

QString listCategories(const NamespaceSql& ns)
{
    // Each step is one probe of the category index: the least category above the last one (the
    // first above the empty text, which every name is at or above).
    return QStringLiteral("WITH RECURSIVE c(name) AS ("
                          " SELECT (SELECT %1 FROM messages WHERE %1 >= '' ORDER BY %1 LIMIT 1)"
                          " UNION ALL"
                          " SELECT (SELECT %1 FROM messages WHERE %1 > c.name ORDER BY %1 LIMIT 1)"
                          " FROM c WHERE c.name IS NOT NULL)"
                          " SELECT name FROM c WHERE name IS NOT NULL")
        .arg(ns.categoryOf);
}

QString categoryStats(const NamespaceSql& ns)
{
    return QStringLiteral("SELECT count(*), count(DISTINCT stream_name), max(global_position) FROM messages "
                          "WHERE %1 = ?")
        .arg(ns.categoryOf);
}

QString categoryMessagesBefore(const NamespaceSql& ns)
{
    return QStringLiteral("SELECT %1 FROM messages WHERE %2 = ? AND global_position < ? "
                          "ORDER BY global_position DESC LIMIT ?")
        .arg(ns.messageColumns(), ns.categoryOf);
}

QString categoryStreamSightings(const NamespaceSql& ns)
{
    return QStringLiteral("SELECT %1 FROM messages WHERE %2 = ? "
                          "AND global_position >= ? ORDER BY global_position LIMIT ?")
        .arg(sightingColumns(ns), ns.categoryOf);
}

QString categoryStreamTotals()
{
    // '.' follows '-' in byte order, so the range holds exactly the names that start "<category>-".
    return QStringLiteral(
        "SELECT stream_name, count(*) FROM messages WHERE stream_name >= ? AND stream_name < ? "
        "GROUP BY stream_name UNION ALL "
        "SELECT stream_name, count(*) FROM messages WHERE stream_name = ? GROUP BY stream_name");
}

QString categoryNewest(const NamespaceSql& ns)
{
    return QStringLiteral("SELECT %1 FROM messages WHERE %2 = ? ORDER BY global_position DESC LIMIT ?")
        .arg(sightingColumns(ns), ns.categoryOf);
}

QString countCategoryMessages(const NamespaceSql& ns)
{
    return QStringLiteral("SELECT count(*) FROM messages WHERE %1 = ? AND global_position >= ?")
        .arg(ns.categoryOf);
}

QString streamNames()
{
    return QStringLiteral("SELECT DISTINCT stream_name FROM messages ORDER BY stream_name");
}

} // namespace mdb::sqlite::queries
