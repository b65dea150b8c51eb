#include "storage/StoreLayout.h"

namespace mdb {

NamespaceKind StoreLayout::kind() const
{
    switch (family) {
    case Family::MessageDb:
        return NamespaceKind::OfficialMessageDb;
    case Family::Mdbstudio:
        return NamespaceKind::Mdbstudio;
    case Family::EventoDb:
        return NamespaceKind::EventoDb;
    case Family::Unknown:
        break;
    }
    return NamespaceKind::Other;
}

QString StoreLayout::rulesSummary() const
{
    if (family != Family::EventoDb)
        return QStringLiteral("Message DB's");
    if (engine == Engine::Sqlite)
        return QStringLiteral(
            "EventoDB's on SQLite: no argument is checked (a stream read of a category name reads the "
            "stream of that name, a category read of a stream name reads nothing); an empty category "
            "reads the whole namespace; a batch size of 0 or below reads everything; correlation "
            "matches correlationStreamName LIKE '<correlation>-%', so ASCII case is ignored and _ and % "
            "are wildcards; a consumer group member at or above the size reads nothing, and a stream "
            "without an id is hashed as the empty cardinal id; an empty type asks for the last message "
            "of any type; an empty stream's version is -1; times are whole seconds");
    return QStringLiteral(
        "EventoDB's on PostgreSQL: its functions check no arguments (a stream read of a category name "
        "reads the stream of that name, a category read of a stream name reads nothing, a consumer "
        "group member at or above the size reads nothing, a size of 0 fails with division by zero, "
        "a member without a size is ignored); an empty or missing category reads the whole namespace; "
        "batch size 0 reads nothing; an empty stream's version is -1; a wrong expected version is "
        "SQLSTATE P0003; category reads do not use the category index");
}

StoreLayout StoreLayout::messageDbInstall()
{
    StoreLayout l;
    l.family = Family::MessageDb;
    l.functionsNeedSearchPath = true;
    return l;
}

StoreLayout StoreLayout::mdbstudioPostgres(int version)
{
    StoreLayout l;
    l.family = Family::Mdbstudio;
    l.version = version;
    return l;
}

StoreLayout StoreLayout::eventoDbPostgres(const QString& schema, int schemaVersion)
{
    StoreLayout l;
    l.family = Family::EventoDb;
    l.version = schemaVersion;
    l.physicalName = schema;
    l.categoryIndexedByFunction = false;
    l.writesRefused = schema.startsWith(QStringLiteral("tsdb_"));
    return l;
}

StoreLayout StoreLayout::unknownPostgres()
{
    StoreLayout l;
    l.functionsNeedSearchPath = true;
    return l;
}

StoreLayout StoreLayout::mdbstudioSqlite(int version)
{
    StoreLayout l;
    l.family = Family::Mdbstudio;
    l.engine = Engine::Sqlite;
    l.version = version;
    return l;
}

StoreLayout StoreLayout::unknownSqlite()
{
    StoreLayout l;
    l.engine = Engine::Sqlite;
    return l;
}

StoreLayout StoreLayout::eventoDbSqlite(const QString& file, int schemaVersion)
{
    StoreLayout l;
    l.family = Family::EventoDb;
    l.engine = Engine::Sqlite;
    l.version = schemaVersion;
    l.physicalName = file;
    l.categoryIndexedByFunction = false;
    return l;
}

} // namespace mdb
