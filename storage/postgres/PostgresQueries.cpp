#include "storage/postgres/PostgresQueries.h"

#include "storage/postgres/PostgresSupport.h"

namespace mdb::postgres::queries {

namespace {

QString sightingColumns()
{
    return QStringLiteral("stream_name, global_position, (extract(epoch from time) * 1000000)::bigint");
}

} // namespace

NamespaceSql NamespaceSql::forLayout(const StoreLayout& layout)
{
    const QString schema = quoteIdentifier(layout.physicalName);
    if (layout.categoryIndexedByFunction)
        return withCategoryFunction(schema);
    return {schema, QStringLiteral("split_part(stream_name, '-', 1)")};
}

QString listCategories(const NamespaceSql& ns)
{
    return QStringLiteral("WITH RECURSIVE c(name) AS ("
                          " (SELECT %1 FROM %2.messages ORDER BY %1 LIMIT 1)"
                          " UNION ALL"
                          " SELECT (SELECT %1 FROM %2.messages WHERE %1 > c.name ORDER BY %1 LIMIT 1)"
                          " FROM c WHERE c.name IS NOT NULL)"
                          " SELECT name FROM c WHERE name IS NOT NULL")
        .arg(ns.categoryOf, ns.schema);
}

QString categoryStats(const NamespaceSql& ns, const QString& category)
{
    return QStringLiteral(
               "SELECT count(*), count(DISTINCT stream_name), max(global_position) FROM %1.messages "
               "WHERE %2 = %3")
        .arg(ns.schema, ns.categoryOf, category);
}

QString categoryMessagesBefore(const NamespaceSql& ns, const QString& category, qint64 before, qint64 count)
{
    return QStringLiteral("SELECT %1 FROM %2.messages WHERE %3 = %4 AND global_position < %5 "
                          "ORDER BY global_position DESC LIMIT %6")
        .arg(TableMessageColumns, ns.schema, ns.categoryOf, category, QString::number(before),
             QString::number(std::max<qint64>(count, 0)));
}

QString categoryStreamSightings(const NamespaceSql& ns, const QString& category, qint64 from, qint64 count)
{
    return QStringLiteral("SELECT %1 FROM %2.messages WHERE %3 = %4 AND global_position >= %5 "
                          "ORDER BY global_position LIMIT %6")
        .arg(sightingColumns(), ns.schema, ns.categoryOf, category, QString::number(from),
             QString::number(std::max<qint64>(count, 0)));
}

QString categoryStreamTotals(const NamespaceSql& ns, const QString& category)
{
    return QStringLiteral("SELECT stream_name, count(*) FROM %1.messages WHERE %2 = %3 GROUP BY stream_name")
        .arg(ns.schema, ns.categoryOf, category);
}

QString categoryNewest(const NamespaceSql& ns, const QString& category, qint64 count)
{
    return QStringLiteral("SELECT %1 FROM %2.messages WHERE %3 = %4 ORDER BY global_position DESC LIMIT %5")
        .arg(sightingColumns(), ns.schema, ns.categoryOf, category, QString::number(count));
}

QString countCategoryMessages(const NamespaceSql& ns, const QString& category, qint64 from)
{
    return QStringLiteral("SELECT count(*) FROM %1.messages WHERE %2 = %3 AND global_position >= %4")
        .arg(ns.schema, ns.categoryOf, category, QString::number(from));
}

QString streamNames(const NamespaceSql& ns)
{
    return QStringLiteral("WITH RECURSIVE names(name) AS ("
                          "(SELECT stream_name FROM %1.messages ORDER BY stream_name LIMIT 1) UNION ALL "
                          "SELECT (SELECT m.stream_name FROM %1.messages m WHERE m.stream_name > names.name "
                          "ORDER BY m.stream_name LIMIT 1) FROM names WHERE names.name IS NOT NULL) "
                          "SELECT name FROM names WHERE name IS NOT NULL")
        .arg(ns.schema);
}

} // namespace mdb::postgres::queries
