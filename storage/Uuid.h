#pragma once

#include "storage/Result.h"

#include <QString>

namespace mdb {

// PostgreSQL's uuid input rules: 32 hex digits, optionally in braces, a '-' allowed after any
// group of four digits; prints lowercase with the canonical dashes. The error text is PostgreSQL's.
Result<QString> canonicalUuid(const QString& text);

// A new random (version 4) uuid, lowercase.
QString newUuid();

} // namespace mdb
