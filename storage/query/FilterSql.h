#pragma once

#include "storage/query/Filter.h"

#include <functional>

namespace mdb::query {

enum class Dialect
{
    Postgres, // jsonb, text compared COLLATE "C"
    Sqlite,   // JSON1 on the jsonb text rendering, text compared BINARY
};

// Where a dialect's statement finds a message's fields (column names or expressions).
struct SqlColumns
{
    QString type = QStringLiteral("type");
    QString streamName = QStringLiteral("stream_name");
    QString category = QStringLiteral("category");
    QString position = QStringLiteral("position");
    QString globalPosition = QStringLiteral("global_position");
    QString time = QStringLiteral("time");
    QString id = QStringLiteral("id");
    QString data = QStringLiteral("data");
    QString metadata = QStringLiteral("metadata");
};

// Gives the SQL that stands for one value: a placeholder it binds, or the driver's escaped
// literal. No value of a filter reaches the SQL any other way.
using Binder = std::function<QString(const QVariant& value)>;

// The filter as one SQL condition, true or false for every row and never NULL (each test is
// two-valued, as docs/find.md says). Fails only for what a dialect cannot express: SQLite's JSON
// paths cannot name a key holding a double quote.
Result<QString> renderSql(const Filter& filter, Dialect dialect, const SqlColumns& columns,
                          const Binder& bind);

} // namespace mdb::query
