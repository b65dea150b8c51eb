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

// EventoDB's SQLite store in `dir`, laid out from tests/data/eventodb/sqlite-*.sql: the metadata DB
// `metadataFile` (EventoDB's default, metadata.db) with its registry. Empty on success, else the problem.
QString makeEventoDbSqliteRegistry(const QString& dir,
                                   const QString& metadataFile = QStringLiteral("metadata.db"));
// Registers `id` in that registry with db_path `dbPath` (EventoDB's own <dir>/<id>.db when empty)
// and, when `makeFile`, lays out the namespace's file there, in WAL mode as EventoDB opens it.
QString registerEventoDbSqliteNamespace(const QString& dir, const QString& id, const QString& description,
                                        QString dbPath = {}, bool makeFile = true,
                                        const QString& metadataFile = QStringLiteral("metadata.db"));

// Lays out an EventoDB namespace file at `file` without registering it.
QString layOutEventoDbSqliteFile(const QString& file);

// A message as EventoDB's server writes it to its SQLite file: JSON as the BLOB of Go's text,
// time in unix seconds, the next position read with SELECT MAX first.
struct EventoDbSqliteRow
{
    QString stream;
    QString type;
    QByteArray data;     // stored as a BLOB; null: SQL NULL
    QByteArray metadata; // likewise; an empty, non-null one stands for the empty BLOB
    qint64 timeSeconds = 0;
    QString id; // a new lowercase uuid when empty
};
QString writeEventoDbSqliteRows(const QString& file, const QList<EventoDbSqliteRow>& rows);
// Runs statements on an SQLite file; empty on success, else the first problem.
QString runOnSqliteFile(const QString& file, const QStringList& statements);
// The first column of each row `sql` returns on an SQLite file, as text.
QStringList querySqliteFile(const QString& file, const QString& sql);

} // namespace mdbtest
