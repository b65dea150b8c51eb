#pragma once

// PostgresStore::Session, shared by the PostgreSQL backend's files; not for use outside
// storage/postgres/.

#include "storage/postgres/PostgresErrors.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresSupport.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>

namespace mdb {

// One unit of work on a namespace, on the calling thread's connection. Statements run as literal
// SQL (one round trip each, where QPSQL's prepare would cost three). A transaction is opened only
// when the work needs one: the official functions need the namespace on the search_path, a raw
// condition needs the sql_condition gate, a batch needs all-or-nothing.
class PostgresStore::Session
{
public:
    // Work on the namespace `target`.
    Session(PostgresStore& store, const NamespaceHandle& target)
        : m_store(store)
        , m_db(target.db)
        , m_searchPathSchema(target.layout.functionsNeedSearchPath ? target.layout.physicalName : QString())
    {}
    // Work on the database's catalogue, in no namespace.
    Session(PostgresStore& store, QSqlDatabase db)
        : m_store(store)
        , m_db(std::move(db))
    {}
    ~Session()
    {
        if (m_inTransaction)
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    }

    QString literal(const QVariant& v) const
    {
        QSqlField field(QString(), v.metaType());
        field.setValue(v);
        return m_db.driver()->formatValue(field);
    }

    // `conditions` is set when the call carries a raw condition: the gate's value for it.
    Status start(bool atomic = false, std::optional<bool> conditions = std::nullopt)
    {
        if (m_searchPathSchema.isEmpty() && !conditions && !atomic)
            return Done{};
        return begin(QStringLiteral("BEGIN"), conditions, {});
    }

    // For a single statement that needs the namespace on the search path without a transaction
    // of its own: a FROM item that sets it, local to the statement's implicit transaction, before
    // the statement's own expressions run (a subquery with a volatile function is not flattened).
    // Empty when the namespace needs no search path.
    QString searchPathFromItem() const
    {
        if (m_searchPathSchema.isEmpty())
            return {};
        return QStringLiteral(" FROM (SELECT set_config('search_path', %1, true)) AS search_path_set")
            .arg(
                literal(QString(postgres::quoteIdentifier(m_searchPathSchema) + QStringLiteral(", public"))));
    }

    QString connectionName() const { return m_db.connectionName(); }

    // Several reads that must see the same data, with settings local to them.
    Status startSnapshot(const QStringList& localSettings)
    {
        return begin(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"), std::nullopt,
                     localSettings);
    }

    // Opens the transaction with the store's settings, the namespace's search path and the given
    // local settings, in one round trip.
    Status begin(const QString& beginStatement, std::optional<bool> conditions,
                 const QStringList& localSettings)
    {
        QStringList statements{beginStatement};
        for (const QString& setting : m_store.m_transactionSettings)
            statements << QStringLiteral("SET LOCAL ") + setting;
        if (!m_searchPathSchema.isEmpty())
            statements << QStringLiteral("SET LOCAL search_path TO %1, public")
                              .arg(postgres::quoteIdentifier(m_searchPathSchema));
        if (conditions)
            statements << QStringLiteral("SET LOCAL message_store.sql_condition = '%1'")
                              .arg(*conditions ? QStringLiteral("on") : QStringLiteral("off"));
        for (const QString& setting : localSettings)
            statements << QStringLiteral("SET LOCAL ") + setting;
        // In the transaction from here on, so that a failure of any SET rolls it back.
        m_inTransaction = true;
        Result<QSqlQuery> begun = run(statements.join(QStringLiteral("; ")), statements.size() - 1);
        if (!begun)
            return begun.error();
        return Done{};
    }

    // Commits what start() opened, if anything.
    Status finish()
    {
        if (!m_inTransaction)
            return Done{};
        m_inTransaction = false;
        Result<QSqlQuery> committed = run(QStringLiteral("COMMIT"), 0);
        if (!committed)
            return committed.error();
        return Done{};
    }

    // One statement. Outside a transaction it is a transaction of its own, and the store's settings
    // (read-only, statement timeout) ride in front of it in the same query string: they hold for it
    // on whichever server session runs it, and end with it.
    Result<QSqlQuery> query(const QString& sql)
    {
        const QStringList& settings = m_store.m_transactionSettings;
        if (m_inTransaction || settings.isEmpty())
            return run(sql, 0);
        QString prefixed;
        for (const QString& setting : settings)
            prefixed += QStringLiteral("SET LOCAL ") + setting + QStringLiteral("; ");
        return run(prefixed + sql, settings.size());
    }

    // Runs each statement in turn; stops at the first that fails.
    Status queryAll(const QStringList& statements)
    {
        for (const QString& statement : statements) {
            if (Result<QSqlQuery> r = query(statement); !r)
                return r.error();
        }
        return Done{};
    }

    // Prepares `sql` under `name` on the connection, for executePrepared.
    Status prepare(const QString& name, const QString& sql)
    {
        PGconn* const conn = boundParameterConnection();
        if (!conn) {
            Result<QSqlQuery> q = query(QStringLiteral("PREPARE %1 AS %2").arg(name, sql));
            if (!q)
                return q.error();
            return Done{};
        }
        const postgres::LibpqResult r(
            PQprepare(conn, name.toLatin1().constData(), sql.toUtf8().constData(), 0, nullptr), &PQclear);
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
            return fail(postgres::libpqError(conn, r.get()));
        return Done{};
    }

    // Runs the statement prepared as `name` with `values` and returns the first column of its one
    // row as text. By protocol with bound parameters where the connection allows (nothing for the
    // server to parse per call), as `EXECUTE` with literals where the store's settings must ride in
    // front of it or a transaction is open.
    Result<QString> executePrepared(const QString& name, const QVariantList& values)
    {
        PGconn* const conn = boundParameterConnection();
        if (!conn) {
            QStringList literals;
            for (const QVariant& v : values)
                literals << literal(v);
            Result<QSqlQuery> q = query(QStringLiteral("EXECUTE %1(%2)").arg(name, literals.join(u", ")));
            if (!q)
                return q.error();
            if (!q->next())
                return StoreError::make(ErrorKind::Internal, QStringLiteral("the statement returned no row"));
            return q->value(0).toString();
        }
        const postgres::TextParameters parameters(values);
        const postgres::LibpqResult r(PQexecPrepared(conn, name.toLatin1().constData(), parameters.count(),
                                                     parameters.pointers.constData(), nullptr, nullptr, 0),
                                      &PQclear);
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
            return fail(postgres::libpqError(conn, r.get()));
        if (PQntuples(r.get()) < 1 || PQnfields(r.get()) < 1)
            return StoreError::make(ErrorKind::Internal, QStringLiteral("the statement returned no row"));
        return QString::fromUtf8(PQgetvalue(r.get(), 0, 0), PQgetlength(r.get(), 0, 0));
    }

    // The connection's libpq handle whatever its state (for a cancel request), or null.
    PGconn* libpqConnection() const
    {
        const QVariant handle = m_db.driver()->handle();
        if (!handle.isValid() ||
            (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
            return nullptr;
        return *static_cast<PGconn* const*>(handle.constData());
    }

    // The connection's libpq handle for the extended protocol; null inside a transaction, or when
    // the store's settings ride in front of each statement in its query string.
    PGconn* boundParameterConnection() const
    {
        if (m_inTransaction || !m_store.m_transactionSettings.isEmpty())
            return nullptr;
        // Qt names the type after the struct behind libpq's typedef.
        PGconn* conn = libpqConnection();
        return conn && PQtransactionStatus(conn) == PQTRANS_IDLE ? conn : nullptr;
    }

private:
    StoreError fail(const QSqlError& e)
    {
        if (postgres::isConnectionLoss(e)) {
            m_inTransaction = false;
            m_db = QSqlDatabase();
            m_store.m_connections.discardEverywhere(postgres::ConnectionKey);
        }
        if (m_inTransaction) {
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
            m_inTransaction = false;
        }
        return postgres::toStoreError(e);
    }

    // Runs one or more statements in one round trip and steps over the results of the first
    // `skipped` to the last one's; a failure of any of them is the call's.
    Result<QSqlQuery> run(const QString& sql, qsizetype skipped)
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(sql))
            return fail(q.lastError());
        for (qsizetype i = 0; i < skipped; ++i) {
            if (!q.nextResult()) {
                const QSqlError e = q.lastError();
                return fail(e.isValid()
                                ? e
                                : QSqlError(QStringLiteral("the server answered fewer statements than sent"),
                                            QString(), QSqlError::StatementError));
            }
        }
        return q;
    }

    PostgresStore& m_store;
    QSqlDatabase m_db;
    QString m_searchPathSchema; // set for namespaces whose functions resolve names through it
    bool m_inTransaction = false;
};

} // namespace mdb
