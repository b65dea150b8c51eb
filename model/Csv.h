#pragma once

#include <QString>
#include <QStringList>

namespace mdb {

// One CSV record (RFC 4180): a field holding a comma, a quote or a line break is quoted, with its
// quotes doubled; the record has no line end. Used by every CSV the program writes (exports, the
// stress report).
QString csvRecord(const QStringList& fields);

} // namespace mdb
