#pragma once

// EventoDB stores laid out for the tests as EventoDB lays them out (tests/data/eventodb/,
// docs/eventodb.md), so that mdbstudio is tried on them as a user would find them.

#include <QString>
#include <QStringList>

namespace mdbtest {

// EventoDB's schema name for an id, worked out here independently of the product's own.
QString eventoDbSchemaFor(const QString& id);

// Lays out the EventoDB namespace `id` in the test database: the registry (made if missing), a
// registry row naming `schema` (EventoDB's own name for it when empty), and the namespace's schema
// with EventoDB's table, indexes, functions and schema version. Empty on success, else the problem.
QString makeEventoDbPostgresNamespace(const QString& id, const QString& description, QString schema = {});
// Removes what makeEventoDbPostgresNamespace made for `id` (the registry stays).
void dropEventoDbPostgresNamespace(const QString& id);

// Runs statements on the test database as its owner; empty on success, else the first problem.
QString runOnTestDatabase(const QStringList& statements);
// The first column of each row `sql` returns on the test database, as text.
QStringList queryTestDatabase(const QString& sql);

} // namespace mdbtest
