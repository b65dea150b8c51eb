#pragma once

#include "storage/Store.h"

namespace mdb {

// How a namespace is laid out, and so how the backend reads and writes it: one value that the
// backends ask, rather than branching on who made the namespace. Decided once per namespace from
// the catalogue (PostgreSQL: the schema's comment and functions; SQLite: the file's application id
// and user_version; EventoDB: its registry). The layouts are Message DB's own install, mdbstudio's
// PostgreSQL namespace (layouts 1 and 2), mdbstudio's SQLite file (layout 1) and EventoDB's
// PostgreSQL schema and SQLite file (docs/storage.md, "Layouts and upgrades"; docs/eventodb.md).
struct StoreLayout
{
    enum class Family
    {
        MessageDb, // Message DB's install script made it; used as it is, never altered
        Mdbstudio, // mdbstudio made it
        EventoDb,  // an EventoDB namespace, found in EventoDB's registry; used as it is
        Unknown,   // a messages table of unknown making, read as Message DB's
    };
    Family family = Family::Unknown;
    enum class Engine
    {
        Postgres,
        Sqlite,
    };
    Engine engine = Engine::Postgres;
    int version = 0; // mdbstudio's layout number, EventoDB's schema version; 0 for the others
    // Where the namespace's messages live: the schema on PostgreSQL, the file on SQLite. The
    // namespace's name (its file's stem) for all but EventoDB's, whose ids map to schemas of their
    // own naming and to the files its registry records.
    QString physicalName;
    // How the category index is built: on the schema's category() function (Message DB and
    // mdbstudio) or on the bare split_part expression (EventoDB), which queries must repeat to use it.
    bool categoryIndexedByFunction = true;
    // EventoDB's TimescaleDB namespaces (schemas tsdb_...): read, never written, since no
    // TimescaleDB server was at hand to hold mdbstudio's writes to EventoDB's (docs/eventodb.md).
    bool writesRefused = false;
    // The namespace's functions name their tables and each other unqualified, so every call runs
    // with the namespace on the search_path (Message DB's own install, and unknown schemas).
    bool functionsNeedSearchPath = false;

    NamespaceKind kind() const;
    // Whose rules the namespace's reads and writes follow, with EventoDB's departures from Message
    // DB's named, for the GUI and mdbctl to show.
    QString rulesSummary() const;
    // mdbstudio drops and upgrades the namespaces it made, and alters no other.
    bool madeByMdbstudio() const { return family == Family::Mdbstudio; }

    static StoreLayout messageDbInstall();
    static StoreLayout mdbstudioPostgres(int version);
    static StoreLayout eventoDbPostgres(const QString& schema, int schemaVersion);
    static StoreLayout unknownPostgres();
    static StoreLayout mdbstudioSqlite(int version);
    static StoreLayout unknownSqlite();
    // EventoDB's SQLite file: times in unix seconds, JSON as BLOBs, its own category index
    // expression, and no SQL functions: its rules are applied by mdbstudio as EventoDB's server
    // applies them.
    static StoreLayout eventoDbSqlite(const QString& file, int schemaVersion);
};

} // namespace mdb
