// PostgresStore: connections, and the reads of the browser and of Message DB's functions.
// Namespaces are in PostgresNamespaces.cpp, writes in PostgresWrites.cpp, the write channel in
// PostgresWriteChannel.cpp, errors in PostgresErrors.cpp.
#include "storage/postgres/PostgresStore.h"

#include "storage/postgres/PostgresQueries.h"

#include "storage/postgres/PostgresErrors.h"
#include "storage/postgres/PostgresSession.h"
#include "storage/postgres/PostgresSupport.h"

#include "storage/MessageDbRules.h"
#include "storage/NamespaceName.h"
#include "storage/SqlSupport.h"

namespace mdb {

namespace postgres {
Q_LOGGING_CATEGORY(lcPostgres, "mdbstudio.storage.postgres", QtWarningMsg)
} // namespace postgres

using namespace postgres;

PostgresStore::PostgresStore(StoreLocation location)
    : m_location(std::move(location))
    , m_connections(QStringLiteral("QPSQL"), QStringLiteral("pg"))
{
    // Set per transaction, never per session: behind a transaction pooler the next transaction may
    // run on another server session, which a session setting would not reach (poolers.md).
    if (m_location.readOnly)
        m_transactionSettings << QStringLiteral("transaction_read_only = on");
    if (m_location.statementTimeoutMs)
        m_transactionSettings << QStringLiteral("statement_timeout = %1").arg(*m_location.statementTimeoutMs);
}

QString PostgresStore::defaultNamespace() const
{
    return defaultNamespaceName();
}

Status PostgresStore::checkConnection()
{
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    return Done{};
}

Result<QSqlDatabase> PostgresStore::connection(const QString& key)
{
    return m_connections.connection(key.isEmpty() ? ConnectionKey : key, [this](QSqlDatabase& db) -> Status {
        const QMap<QString, QString>& p = m_location.pgParams;
        if (p.contains(QStringLiteral("host")))
            db.setHostName(p.value(QStringLiteral("host")));
        if (p.contains(QStringLiteral("port")))
            db.setPort(p.value(QStringLiteral("port")).toInt());
        if (p.contains(QStringLiteral("dbname")))
            db.setDatabaseName(p.value(QStringLiteral("dbname")));
        if (p.contains(QStringLiteral("user")))
            db.setUserName(p.value(QStringLiteral("user")));
        if (p.contains(QStringLiteral("password")))
            db.setPassword(p.value(QStringLiteral("password")));
        // Everything else goes to libpq as keyword=value (QPSQL turns ';' into spaces).
        QStringList options;
        const auto quoted = [](QString v) -> QString {
            v.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
            return u'\'' + v + u'\'';
        };
        for (auto it = p.begin(); it != p.end(); ++it) {
            static const QStringList handled{QStringLiteral("host"),     QStringLiteral("port"),
                                             QStringLiteral("dbname"),   QStringLiteral("user"),
                                             QStringLiteral("password"), QStringLiteral("options")};
            if (!handled.contains(it.key()))
                options << it.key() + u'=' + quoted(it.value());
        }
        if (!p.contains(QStringLiteral("connect_timeout")))
            options << QStringLiteral("connect_timeout=10");
        if (!p.contains(QStringLiteral("application_name")))
            options << QStringLiteral("application_name=mdbstudio");
        // Read-only and the statement timeout are not sent as startup options: a pooler would
        // refuse or drop them (Session::query applies them instead).
        const QString serverOptions = p.value(QStringLiteral("options")).trimmed();
        if (!serverOptions.isEmpty())
            options << QStringLiteral("options=") + quoted(serverOptions);
        db.setConnectOptions(options.join(u';'));
        if (!db.open())
            return connectionFailure(db.lastError());
        return Done{};
    });
}

Result<QStringList> PostgresStore::listCategories(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    Result<QSqlQuery> q = s.query(queries::listCategories(target->sql()));
    if (!q)
        return q.error();
    QStringList names;
    while (q->next())
        names << q->value(0).toString();
    return names;
}

Result<QList<SummaryRow>> PostgresStore::summary(const QString& ns, SummaryKind kind)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    return s
        .query(QStringLiteral("SELECT %1, count(*) FROM %2.messages GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")
                   .arg(SqlSupport::summaryGroupColumns(kind, target->category()), target->schema()))
        .transform(SqlSupport::readSummary);
}

Result<CategoryStats> PostgresStore::categoryStats(const QString& ns, const QString& category)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    return s.query(queries::categoryStats(target->sql(), s.literal(category)))
        .transform(SqlSupport::readCategoryStats);
}

Result<MessageList> PostgresStore::categoryMessagesBefore(const QString& ns, const QString& category,
                                                          qint64 beforeGlobalPosition, qint64 count)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    // Straight from the table, backwards along messages_category (the index is on the same
    // schema-qualified category() call), with the columns Message DB's functions return.
    Session s(*this, *target);
    return s
        .query(
            queries::categoryMessagesBefore(target->sql(), s.literal(category), beforeGlobalPosition, count))
        .transform(SqlSupport::readMessagesNewestFirst);
}

Result<QList<StreamSighting>> PostgresStore::categoryStreamSightings(const QString& ns,
                                                                     const QString& category,
                                                                     qint64 fromGlobalPosition,
                                                                     qint64 scanCount)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    return s
        .query(queries::categoryStreamSightings(target->sql(), s.literal(category), fromGlobalPosition,
                                                scanCount))
        .transform(SqlSupport::readSightings);
}

Result<CategoryStreams> PostgresStore::categoryStreams(const QString& ns, const QString& category,
                                                       qint64 newestCount)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    // One snapshot for both reads. The aggregate of a large category is hashed in memory rather
    // than spilled to disk, and is too short-lived to repay JIT compilation.
    if (Status begun = s.startSnapshot({QStringLiteral("work_mem = '64MB'"), QStringLiteral("jit = off")});
        !begun)
        return begun.error();
    const queries::NamespaceSql sql = target->sql();
    const QString literal = s.literal(category);
    Result<QSqlQuery> totals = s.query(queries::categoryStreamTotals(sql, literal));
    if (!totals)
        return totals.error();
    CategoryStreams result;
    result.streams = SqlSupport::readStreamTotals(*totals);
    if (newestCount > 0) {
        Result<QSqlQuery> newest = s.query(queries::categoryNewest(sql, literal, newestCount));
        if (!newest)
            return newest.error();
        result.newest = SqlSupport::readSightings(*newest);
    }
    if (Status done = s.finish(); !done)
        return done.error();
    return result;
}

Result<qint64> PostgresStore::countCategoryMessages(const QString& ns, const QString& category,
                                                    qint64 fromGlobalPosition)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    Result<QSqlQuery> q =
        s.query(queries::countCategoryMessages(target->sql(), s.literal(category), fromGlobalPosition));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QStringList> PostgresStore::streamNames(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    return s.query(queries::streamNames(target->sql())).transform(SqlSupport::readTexts);
}

Result<MessageList> PostgresStore::readMessages(const QString& ns, const QString& call,
                                                const QVariantList& args,
                                                const std::optional<QString>& condition)
{
    for (const QVariant& arg : args) {
        if (arg.typeId() == QMetaType::QString)
            if (Status text = MessageDbRules::checkText(arg.toString()); !text)
                return text.error();
    }
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    // The condition gate is ours to set: on only when this store allows raw SQL conditions.
    const std::optional<bool> conditions =
        condition ? std::optional<bool>(m_location.conditionsEnabled) : std::nullopt;
    if (Status b = s.start(false, conditions); !b)
        return b.error();
    QStringList literals;
    for (const QVariant& a : args)
        literals << s.literal(a);
    Result<QSqlQuery> q =
        s.query(QStringLiteral("SELECT %1 FROM %2.%3(%4)")
                    .arg(target->layout.family == StoreLayout::Family::EventoDb ? TableMessageColumns
                                                                                : MessageColumns,
                         target->schema(), call, literals.join(QStringLiteral(", "))));
    if (!q)
        return q.error();
    const MessageList messages = SqlSupport::readMessages(*q);
    if (Status c = s.finish(); !c)
        return c.error();
    return messages;
}

Result<MessageList> PostgresStore::streamMessages(const QString& ns, const StreamQuery& q)
{
    // Typed casts pick Message DB's signature; NULLs let the server apply its own defaults.
    return readMessages(ns, QStringLiteral("get_stream_messages"),
                        {SqlSupport::bindText(q.streamName), SqlSupport::bindValue(q.position),
                         SqlSupport::bindValue(q.batchSize), SqlSupport::bindValue(q.condition)},
                        q.condition);
}

Result<MessageList> PostgresStore::categoryMessages(const QString& ns, const CategoryQuery& q)
{
    return readMessages(ns, QStringLiteral("get_category_messages"),
                        {SqlSupport::bindText(q.category), SqlSupport::bindValue(q.position),
                         SqlSupport::bindValue(q.batchSize), SqlSupport::bindValue(q.correlation),
                         SqlSupport::bindValue(q.consumerGroupMember),
                         SqlSupport::bindValue(q.consumerGroupSize), SqlSupport::bindValue(q.condition)},
                        q.condition);
}

Result<std::optional<Message>> PostgresStore::lastStreamMessage(const QString& ns, const LastMessageQuery& q)
{
    Result<MessageList> rows =
        readMessages(ns, QStringLiteral("get_last_stream_message"),
                     {SqlSupport::bindText(q.streamName), SqlSupport::bindValue(q.type)}, std::nullopt);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<Message>{};
    return std::optional<Message>{rows->first()};
}

Result<std::optional<qint64>> PostgresStore::streamVersion(const QString& ns, const QString& streamName)
{
    if (Status text = MessageDbRules::checkText(streamName); !text)
        return text.error();
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    if (Status b = s.start(); !b)
        return b.error();
    Result<QSqlQuery> q = s.query(QStringLiteral("SELECT %1.stream_version(%2::varchar)")
                                      .arg(target->schema(), s.literal(SqlSupport::bindText(streamName))));
    if (!q)
        return q.error();
    std::optional<qint64> version;
    // EventoDB answers -1 for a stream without messages, where Message DB answers NULL.
    if (q->next() && !q->value(0).isNull() && q->value(0).toLongLong() >= 0)
        version = q->value(0).toLongLong();
    if (Status c = s.finish(); !c)
        return c.error();
    return version;
}

Result<QString> PostgresStore::messageStoreVersion(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    Result<QSqlQuery> q = s.query(QStringLiteral("SELECT %1.message_store_version()").arg(target->schema()));
    if (!q)
        return q.error();
    if (!q->next())
        return StoreError::make(ErrorKind::Internal, QStringLiteral("message_store_version returned no row"));
    return q->value(0).toString();
}

} // namespace mdb
