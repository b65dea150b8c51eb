#pragma once

#include "storage/Result.h"

#include <QMap>
#include <QString>

#include <optional>

namespace mdb {

// Where a store lives, parsed from what a user types: a postgresql:// URL, an sqlite: URL,
// a directory (SQLite store) or a single .db file (one-namespace SQLite store).
struct StoreLocation
{
    enum class Backend
    {
        Postgres,
        Sqlite
    };
    Backend backend = Backend::Sqlite;

    // SQLite: the directory holding <namespace>.db files, or one .db file.
    QString sqlitePath;
    bool sqliteSingleFile = false;
    bool sqliteSynchronousNormal = false; // ?synchronous=normal; FULL by default

    // PostgreSQL: libpq keywords (host, port, dbname, user, password, sslmode, ...). Keywords left
    // out fall back to libpq's environment variables and ~/.pgpass.
    QMap<QString, QString> pgParams;
    // ?statement_timeout=MS: the server cancels any statement of this store that runs longer.
    // Absent: the server's own setting applies.
    std::optional<int> statementTimeoutMs;

    bool readOnly = false;          // enforced by the database session, not only by the UI
    bool conditionsEnabled = false; // allow the raw-SQL `condition` parameter

    // A display form without the password.
    QString displayName() const;

    static Result<StoreLocation> parse(const QString& text);
    // The embedded default: an SQLite store in the user's data directory.
    static StoreLocation embeddedDefault();
};

} // namespace mdb
