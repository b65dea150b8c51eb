#pragma once

// EventoDB's namespace ids and the physical names it derives from them (docs/eventodb.md). EventoDB
// accepts any non-empty id; mdbstudio opens only those whose physical name is the namespace's own:
// not truncated by PostgreSQL into a schema that another id may share, not a path out of the
// store directory.

#include "storage/Result.h"

#include <QString>

namespace mdb::eventodb {

// The newest schema version of an EventoDB namespace that mdbstudio knows how to read and write.
constexpr int KnownSchemaVersion = 2;

// The schema EventoDB makes for `id` on PostgreSQL: eventodb_ and the id with every character
// outside [A-Za-z0-9_] replaced by '_' ("tenant-a" -> eventodb_tenant_a).
QString postgresSchemaName(const QString& id);

// The schema PostgreSQL actually made for a recorded schema name: its first 63 bytes.
QString postgresPhysicalSchema(const QString& schemaName);

// Refuses an id that mdbstudio cannot open safely on PostgreSQL: empty, holding NUL, or whose schema
// name (as the registry records it) is longer than the 63 bytes PostgreSQL keeps of an identifier.
Status checkPostgresNamespace(const QString& id, const QString& schemaName);

// Refuses an id that, used as EventoDB uses it in a file name (<dir>/<id>.db), would name a file
// outside the store directory or no file at all.
Status checkSqliteNamespaceId(const QString& id);

// Refuses a namespace whose schema version (the highest in its _schema_version) mdbstudio does
// not know.
Status checkSchemaVersion(const QString& id, int schemaVersion);

// Writes into EventoDB's TimescaleDB namespaces are refused with this.
StoreError timescaleWritesRefused(const QString& id);

} // namespace mdb::eventodb
