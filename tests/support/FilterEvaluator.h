#pragma once

#include "storage/Message.h"
#include "storage/query/Filter.h"

namespace mdbtest {

// docs/find.md's meaning of a filter, evaluated on the client from the written definition alone
// (QJsonDocument, code-point comparisons), with no SQL in sight: the independent answer the
// databases' results are checked against.
bool matches(const mdb::query::Filter& filter, const mdb::Message& message);

} // namespace mdbtest
