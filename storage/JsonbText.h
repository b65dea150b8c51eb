#pragma once

#include "storage/Result.h"

#include <QString>

namespace mdb {

// Parses JSON the way PostgreSQL's json input does and renders it the way jsonb prints it:
// keys sorted by byte length then bytes, last duplicate wins, ": " and ", " separators,
// numbers keep their decimal scale with exponents expanded, escapes decoded where jsonb decodes
// them. Errors carry PostgreSQL's words ("invalid input syntax for type json", ...).
// The SQLite backend stores this text so that both backends read back identical data.
Result<QString> toJsonbText(const QString& input);

// A JSON string literal as jsonb prints it: quotes, backslashes and control characters escaped,
// everything else (non-ASCII and '/' included) as it is.
QString jsonQuote(const QString& text);

} // namespace mdb
