#pragma once

// EventoDB's SQLite stores (docs/eventodb.md): a metadata file whose `namespaces` table is the
// registry, and one file per namespace. Here are finding and reading the registry, and the
// Message DB calls and writes as EventoDB's server makes them on a namespace's file, where no SQL
// function does it for us. SqliteStore uses these for namespaces whose layout is EventoDB's.

#include "storage/Message.h"
#include "storage/Result.h"
#include "storage/sqlite/SqliteQueries.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace mdb::eventodb {

// The file name EventoDB gives its metadata DB unless told otherwise.
inline constexpr const char* DefaultMetadataFile = "metadata.db";

// One namespace of an EventoDB SQLite store, as its registry records it, and where its file is.
struct SqliteNamespace
{
    enum class State
    {
        Ready,      // its file is there
        NotCreated, // EventoDB creates the file on first use, and has not yet
        InMemory,   // it lives in the memory of the server that made it (EventoDB's test mode)
        Refused,    // mdbstudio will not open it (problem says why)
    };
    QString id;
    QString recordedPath; // db_path, as EventoDB recorded it
    QString file;         // the file mdbstudio opens: db_path, else <metadata dir>/<id>.db
    QString description;
    qint64 createdAtSeconds = 0;
    State state = State::Ready;
    std::optional<StoreError> problem; // why it cannot be opened, for every state but Ready
};

// EventoDB's metadata DB at `path`: the file itself, or in the directory, metadata.db or another
// .db file holding a registry. Absent when there is none. Reads only; creates nothing.
std::optional<QString> findSqliteRegistry(const QString& path, bool isFile);

// The registry's namespaces by id, each resolved to its file. Reads the metadata file read-only.
Result<QList<SqliteNamespace>> readSqliteRegistry(const QString& metadataFile);

// The namespace's schema version, from its file's _schema_version; refused when mdbstudio does
// not know it or the file holds no EventoDB messages table.
Result<int> sqliteSchemaVersion(const QSqlDatabase& db, const SqliteNamespace& ns);

// JSON text as EventoDB's server stores it: Go's encoding of the parsed value, compact, object
// keys in byte order, <, > and & escaped, numbers as float64. Fails on text that is not JSON.
Result<QByteArray> goJsonText(const QString& json);

// Message DB's calls on a namespace's file, with EventoDB's rules (StoreLayout::rulesSummary).
namespace sqlite {
using mdb::sqlite::queries::NamespaceSql;
Result<MessageList> streamMessages(const QSqlDatabase& db, const NamespaceSql& ns, const StreamQuery& query);
Result<MessageList> categoryMessages(const QSqlDatabase& db, const NamespaceSql& ns,
                                     const CategoryQuery& query);
Result<std::optional<Message>> lastStreamMessage(const QSqlDatabase& db, const NamespaceSql& ns,
                                                 const LastMessageQuery& query);
// max(position), absent for a stream without messages (EventoDB answers -1).
Result<std::optional<qint64>> streamVersion(const QSqlDatabase& db, const QString& streamName);
// Every message, or none, in one BEGIN IMMEDIATE transaction, in EventoDB's row format: time in
// unix seconds, data and metadata as Go's JSON in BLOBs, the global position from AUTOINCREMENT.
Result<QList<qint64>> writeMessages(const QSqlDatabase& db, const QList<WriteRequest>& requests);
} // namespace sqlite

} // namespace mdb::eventodb
