#pragma once

#include "storage/Store.h"

namespace mdb {

// How a namespace is laid out, and so how the backend reads and writes it: one value that the
// backends ask, rather than branching on who made the namespace. Decided once per namespace from
// the catalogue (PostgreSQL: the schema's comment and functions; SQLite: the file's application id
// and user_version). The layouts of today are Message DB's own install, mdbstudio's PostgreSQL
// namespace (layouts 1 and 2) and mdbstudio's SQLite file (layout 1); EventoDB's PostgreSQL,
// TimescaleDB and SQLite layouts are to join them, with what they need to say (how times and JSON
// are stored, which rules apply) added here as they come (docs/storage.md, "Layouts and upgrades").
struct StoreLayout
{
    enum class Family
    {
        MessageDb, // Message DB's install script made it; used as it is, never altered
        Mdbstudio, // mdbstudio made it
        Unknown,   // a messages table of unknown making, read as Message DB's
    };
    Family family = Family::Unknown;
    int version = 0; // mdbstudio's layout number; 0 for the others
    // The namespace's functions name their tables and each other unqualified, so every call runs
    // with the namespace on the search_path (Message DB's own install, and unknown schemas).
    bool functionsNeedSearchPath = false;

    NamespaceKind kind() const;
    // mdbstudio drops and upgrades the namespaces it made, and alters no other.
    bool madeByMdbstudio() const { return family == Family::Mdbstudio; }

    static StoreLayout messageDbInstall();
    static StoreLayout mdbstudioPostgres(int version);
    static StoreLayout unknownPostgres();
    static StoreLayout mdbstudioSqlite(int version);
    static StoreLayout unknownSqlite();
};

} // namespace mdb
