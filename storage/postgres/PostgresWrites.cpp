// Writes on PostgreSQL: write_message through a statement prepared once per connection, or as a
// plain statement; batches in one transaction.
#include "storage/postgres/PostgresSession.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresSupport.h"

#include "storage/Hash64.h"
#include "storage/MessageDbRules.h"
#include "storage/SqlSupport.h"
#include "storage/Uuid.h"
#include "storage/eventodb/EventoDbNames.h"

#include <QHash>
#include <QSet>

namespace mdb {

namespace postgres {

namespace {
// The statement names this thread's connections have prepared, by connection name. A connection
// made again under the same name has none: EXECUTE then fails with 26000 and the name is prepared
// anew.
thread_local QHash<QString, QSet<QString>> t_preparedWrites;
} // namespace

void forgetWriteStatements(const QString& connectionName)
{
    t_preparedWrites.remove(connectionName);
}

// The write statement's name for a namespace: named after the namespace's hash, so that any
// namespace name makes an identifier; remembered, as hashing on each write costs more than the
// rest of the call's own work.
QString writeStatementName(const QString& ns)
{
    thread_local QHash<QString, QString> t_names;
    auto it = t_names.constFind(ns);
    if (it == t_names.cend())
        it = t_names.insert(
            ns, QStringLiteral("mdbstudio_write_%1").arg(quint64(hash64(ns)), 16, 16, QLatin1Char('0')));
    return *it;
}

// The server ran nothing because the namespace's write statement is gone from its session (a
// connection made again under the same name, a transaction pooler's other session): the write may
// be prepared again and sent once more. The statement is forgotten for the connection.
bool writeStatementLost(const StoreError& e, const QString& ns, const QString& connectionName)
{
    const QString name = writeStatementName(ns);
    if (e.sqlState != u"26000" || !e.message.contains(name))
        return false;
    t_preparedWrites[connectionName].remove(name);
    return true;
}

// write_message's six arguments, in its order; an id is generated when absent.
QVariantList writeValues(const WriteRequest& r)
{
    return {r.id ? *r.id : newUuid(),          SqlSupport::bindText(r.streamName),
            SqlSupport::bindText(r.type),      SqlSupport::bindValue(r.data),
            SqlSupport::bindValue(r.metadata), SqlSupport::bindValue(r.expectedVersion)};
}

} // namespace postgres

using namespace postgres;

// write_message's six arguments as literals, cast to pick its signature.
QString PostgresStore::writeArguments(Session& s, const WriteRequest& r)
{
    const QVariantList v = writeValues(r);
    return QStringLiteral("%1::varchar, %2::varchar, %3::varchar, %4::jsonb, %5::jsonb, %6::bigint")
        .arg(s.literal(v[0]), s.literal(v[1]), s.literal(v[2]), s.literal(v[3]), s.literal(v[4]),
             s.literal(v[5]));
}

Status PostgresStore::prepareWrite(Session& s, const QString& ns, const NamespaceHandle& target)
{
    const QString name = writeStatementName(ns);
    QSet<QString>& prepared = t_preparedWrites[s.connectionName()];
    if (prepared.contains(name))
        return Done{};
    const Status made = s.prepare(name, QStringLiteral("SELECT %1.write_message($1::varchar, $2::varchar, "
                                                       "$3::varchar, $4::jsonb, $5::jsonb, $6::bigint)%2")
                                            .arg(target.schema(), s.searchPathFromItem()));
    // 42P05: already there, on a server session this thread did not track (behind a transaction
    // pooler, another client connection's). The name stands for the namespace, so it is the same
    // statement.
    if (!made && made.error().sqlState != u"42P05")
        return made;
    prepared.insert(name);
    return Done{};
}

std::optional<Result<QList<qint64>>> PostgresStore::writePrepared(Session& s, const QString& ns,
                                                                  const NamespaceHandle& target,
                                                                  const WriteRequest& r)
{
    const QString name = writeStatementName(ns);
    const QVariantList values = writeValues(r);
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (const Status made = prepareWrite(s, ns, target); !made) {
            if (made.error().kind == ErrorKind::Connection)
                return Result<QList<qint64>>(made.error());
            return std::nullopt; // the plain statement will say what is wrong
        }
        Result<QString> position = s.executePrepared(name, values);
        if (position)
            return Result<QList<qint64>>(QList<qint64>{position->toLongLong()});
        // Again only when the server refused to run the statement at all, so the write cannot land
        // twice. Any other failure, a lost connection included, is the caller's to see.
        if (!writeStatementLost(position.error(), ns, s.connectionName()))
            return Result<QList<qint64>>(position.error());
    }
    // Prepared twice and gone twice: a transaction pooler hands each statement another server
    // session. Plain statements from now on; nothing has been written yet.
    m_preparedWrites = false;
    return std::nullopt;
}

Result<QList<qint64>> PostgresStore::writeMessages(const QString& ns, const QList<WriteRequest>& requests)
{
    for (const WriteRequest& r : requests) {
        if (Status text = MessageDbRules::checkWriteRequest(r); !text)
            return text.error();
    }
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    if (target->layout.writesRefused)
        return eventodb::timescaleWritesRefused(ns);
    Session s(*this, *target);
    // A single message is one statement and one round trip, its own transaction, through a
    // statement prepared once per connection; a batch needs one transaction around its statements.
    const bool single = requests.size() == 1;
    if (single && m_preparedWrites.load()) {
        if (std::optional<Result<QList<qint64>>> written =
                writePrepared(s, ns, *target, requests.constFirst()))
            return *written;
    }
    if (!single) {
        if (Status b = s.start(true); !b)
            return b.error();
    }
    // Several write_message calls travel in one statement, evaluated left to right: one round trip
    // per chunk instead of one per message. Each call still takes the category lock and sees the
    // calls before it, as separate statements would.
    constexpr qsizetype ChunkSize = 200;
    QList<qint64> positions;
    positions.reserve(requests.size());
    for (qsizetype first = 0; first < requests.size(); first += ChunkSize) {
        QStringList calls;
        for (const WriteRequest& r : requests.mid(first, ChunkSize)) {
            calls << QStringLiteral("%1.write_message(%2)").arg(target->schema(), writeArguments(s, r));
        }
        Result<QSqlQuery> q =
            single ? s.query(QStringLiteral("SELECT %1%2").arg(calls.constFirst(), s.searchPathFromItem()))
                   : s.query(QStringLiteral("SELECT array_to_string(ARRAY[%1], ',')").arg(calls.join(u',')));
        if (!q)
            return q.error();
        if (!q->next())
            return StoreError::make(ErrorKind::Internal, QStringLiteral("write_message returned no row"));
        const QStringList written = q->value(0).toString().split(u',');
        if (written.size() != calls.size())
            return StoreError::make(ErrorKind::Internal,
                                    QStringLiteral("write_message returned %1 positions for %2 messages")
                                        .arg(written.size())
                                        .arg(calls.size()));
        for (const QString& position : written)
            positions << position.toLongLong();
    }
    if (Status c = s.finish(); !c)
        return c.error();
    return positions;
}

} // namespace mdb
