// PostgresStore's search reads: a filter's matches in one range of a scope, and the probes of
// go-to-time. The filter is rendered by storage/query with each value escaped by the driver.
#include "storage/postgres/PostgresSession.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresSupport.h"

#include "storage/SqlSupport.h"
#include "storage/query/FilterSql.h"

#include <libpq-fe.h>

namespace mdb {

using namespace postgres;

namespace {

// Sends PostgreSQL's cancel request for the statement running on `conn` while alive; the request
// goes on a connection of its own, so it may come from any thread.
class CancelRequest
{
public:
    CancelRequest(QueryCancel* cancel, PGconn* conn)
        : m_handle(cancel && conn ? PQgetCancel(conn) : nullptr)
        , m_running(cancel, [handle = m_handle] {
            char error[256];
            if (handle)
                PQcancel(handle, error, sizeof error);
        })
    {}
    ~CancelRequest()
    {
        if (m_handle)
            PQfreeCancel(m_handle);
    }
    CancelRequest(const CancelRequest&) = delete;
    CancelRequest& operator=(const CancelRequest&) = delete;

private:
    PGcancel* m_handle;
    QueryCancel::Running m_running; // disarmed before the handle is freed
};

} // namespace

Result<FindChunk> PostgresStore::findMessages(const QString& ns, const FindQuery& query)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    query::SqlColumns columns;
    columns.category = target->category();
    columns.id = QStringLiteral("id::text");
    const Result<QString> condition =
        query::renderSql(query.filter, query::Dialect::Postgres, columns,
                         [&s](const QVariant& value) { return s.literal(value); });
    if (!condition)
        return condition.error();
    const bool stream = query.scope == FindQuery::Scope::Stream;
    const QString key = stream ? QStringLiteral("position") : QStringLiteral("global_position");
    QString scope;
    if (query.scope == FindQuery::Scope::Category)
        scope = QStringLiteral("%1 = %2 AND ").arg(columns.category, s.literal(query.scopeName));
    else if (stream)
        scope = QStringLiteral("stream_name = %1 AND ").arg(s.literal(query.scopeName));
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2.messages WHERE %3%4 BETWEEN %5 AND %6 AND %7 ORDER BY %4 LIMIT %8")
            .arg(TableMessageColumns, target->schema(), scope, key, QString::number(query.from),
                 QString::number(query.to), *condition, QString::number(std::max<qint64>(query.limit, 0)));
    if (query.cancel && query.cancel->isCancelled())
        return StoreError::make(ErrorKind::Timeout, QStringLiteral("canceling statement due to user request"),
                                QStringLiteral("57014"));
    Result<QSqlQuery> rows = [&] {
        const CancelRequest armed(query.cancel.get(), s.libpqConnection());
        return s.query(sql);
    }();
    if (!rows)
        return rows.error();
    return SqlSupport::readFindChunk(*rows, query);
}

Result<std::optional<Message>> PostgresStore::messageNear(const QString& ns,
                                                          const std::optional<QString>& category,
                                                          qint64 globalPosition, bool backward)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    const QString scope =
        category ? QStringLiteral("%1 = %2 AND ").arg(target->category(), s.literal(*category)) : QString();
    return s
        .query(QStringLiteral("SELECT %1 FROM %2.messages WHERE %3global_position %4 %5 "
                              "ORDER BY global_position %6 LIMIT 1")
                   .arg(TableMessageColumns, target->schema(), scope,
                        backward ? QStringLiteral("<") : QStringLiteral(">="),
                        QString::number(globalPosition),
                        backward ? QStringLiteral("DESC") : QStringLiteral("ASC")))
        .transform(SqlSupport::readFirstMessage);
}

} // namespace mdb
