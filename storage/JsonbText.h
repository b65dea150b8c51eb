#pragma once

#include "Result.h"

#include <QString>

namespace mdb {

// Parses JSON the way PostgreSQL's json input does and renders it the way jsonb prints it:
// keys sorted by byte length then bytes, last duplicate wins, ": " and ", " separators,
// numbers keep their decimal scale with exponents expanded, escapes decoded where jsonb decodes
// them. Errors carry PostgreSQL's words ("invalid input syntax for type json", ...).
// The SQLite backend stores this text so that both backends read back identical data.
Result<QString> toJsonbText(const QString& input);

} // namespace mdb
