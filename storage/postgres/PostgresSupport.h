#pragma once

// What the PostgreSQL backend's files share; not for use outside storage/postgres/.

#include "storage/Message.h"
#include "storage/StoreError.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QVarLengthArray>
#include <QVariantList>

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace mdb::postgres {

Q_DECLARE_LOGGING_CATEGORY(lcPostgres)

// One connection per thread serves every namespace (schema) of the database.
inline const QString ConnectionKey = QStringLiteral("pg");

// Columns every read selects from Message DB's `message` rows; time as UTC microseconds.
inline const QString MessageColumns =
    QStringLiteral("id, stream_name, type, position, global_position, data, metadata, "
                   "(extract(epoch from time) * 1000000)::bigint");

// The same columns read straight from a namespace's messages table (jsonb and uuid as text).
inline const QString TableMessageColumns = QStringLiteral(
    "id::varchar, stream_name, type, position, global_position, data::varchar, metadata::varchar, "
    "(extract(epoch from time) * 1000000)::bigint");

inline QString quoteIdentifier(const QString& name)
{
    // Names reaching here passed validateNamespaceName, so they hold no quotes; quoting keeps
    // keywords such as "user" usable as namespace names.
    return u'"' + name + u'"';
}

using LibpqResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Values as bound to QPSQL, as libpq's text parameters (NULL stays NULL). Not copyable: the
// pointers point into the texts.
struct TextParameters
{
    explicit TextParameters(const QVariantList& values)
    {
        texts.reserve(size_t(values.size()));
        for (const QVariant& v : values) {
            texts.push_back(v.isNull() ? QByteArray() : v.toString().toUtf8());
            pointers.append(v.isNull() ? nullptr : texts.back().constData());
        }
    }
    TextParameters(const TextParameters&) = delete;
    TextParameters& operator=(const TextParameters&) = delete;
    int count() const { return int(pointers.size()); }

    std::vector<QByteArray> texts;
    QVarLengthArray<const char*, 8> pointers;
};

// The write statement: its name for a namespace, named after the namespace's hash so that any
// namespace name makes an identifier (remembered per thread); write_message's six arguments in
// its order, an id generated when absent.
QString writeStatementName(const QString& ns);
QVariantList writeValues(const WriteRequest& r);
// Forgets the write statements this thread's connection of that name had prepared: it is made
// again, and a new server session has none.
void forgetWriteStatements(const QString& connectionName);
// The server ran nothing because the namespace's write statement is gone from its session (a
// connection made again under the same name, a transaction pooler's other session): the write may
// be prepared again and sent once more. The statement is forgotten for the connection.
bool writeStatementLost(const StoreError& e, const QString& ns, const QString& connectionName);

} // namespace mdb::postgres
