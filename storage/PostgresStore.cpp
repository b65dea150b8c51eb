#include "PostgresStore.h"

#include "Hash64.h"
#include "MessageDbRules.h"
#include "NamespaceName.h"
#include "SqlSupport.h"
#include "Uuid.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QVarLengthArray>

#include <libpq-fe.h>

#include <memory>

namespace mdb {

Q_LOGGING_CATEGORY(lcPostgres, "mdbstudio.storage.postgres", QtWarningMsg)

namespace {

// An mdbstudio namespace's schema comment: the marker, then the layout its functions have
// ("mdbstudio namespace, layout 2"). Layout 1 had no other difference; namespaces of layout 1
// keep working and are upgraded in place by upgradeNamespace.
const QString SchemaMarker = QStringLiteral("mdbstudio namespace");
constexpr int CurrentLayout = 2;

int layoutOfComment(const QString& comment)
{
    static const QString prefix = SchemaMarker + QStringLiteral(", layout ");
    if (!comment.startsWith(prefix))
        return 1;
    bool ok = false;
    const int layout = comment.mid(prefix.size()).toInt(&ok);
    return ok && layout > 0 ? layout : 1;
}

// The namespace's scripts, in the order they run, with {{schema}} filled in.
QStringList namespaceStatements(const QStringList& scripts, const QString& schema)
{
    QStringList statements;
    for (const QString& script : scripts)
        statements << SqlSupport::splitScript(SqlSupport::loadScript(
            QStringLiteral(":/mdbstudio/sql/postgres/%1.sql").arg(script), schema));
    statements << QStringLiteral("COMMENT ON SCHEMA %1 IS '%2, layout %3'")
                      .arg(schema, SchemaMarker)
                      .arg(CurrentLayout);
    return statements;
}
// One connection per thread serves every namespace (schema) of the database.
const QString ConnectionKey = QStringLiteral("pg");

// Columns every read selects from Message DB's `message` rows; time as UTC microseconds.
const QString MessageColumns =
    QStringLiteral("id, stream_name, type, position, global_position, data, metadata, "
                   "(extract(epoch from time) * 1000000)::bigint");

QString quoteIdentifier(const QString& name)
{
    // Names reaching here passed validateNamespaceName, so they hold no quotes; quoting keeps
    // keywords such as "user" usable as namespace names.
    return u'"' + name + u'"';
}

bool isConnectionLoss(const QSqlError& e)
{
    const QString state = e.nativeErrorCode();
    const QString text = e.databaseText();
    return e.type() == QSqlError::ConnectionError || state.startsWith(QStringLiteral("08")) ||
           state.startsWith(QStringLiteral("57P")) ||
           text.contains(QStringLiteral("server closed the connection")) ||
           text.contains(QStringLiteral("no connection to the server")) ||
           text.contains(QStringLiteral("terminating connection"));
}

ErrorKind kindFor(const QString& state, const QString& message, bool connectionLoss)
{
    if (connectionLoss)
        return ErrorKind::Connection;
    if (state == u"P0001" && message.startsWith(QStringLiteral("Wrong expected version")))
        return ErrorKind::WrongExpectedVersion;
    if (state == u"23505")
        return ErrorKind::Conflict;
    if (state == u"25006" || state == u"42501")
        return ErrorKind::ReadOnly;
    if (state == u"57014" || state == u"55P03" || state == u"40P01")
        return ErrorKind::Timeout;
    if (state == u"3F000" || state == u"42883" || state == u"42P01")
        return ErrorKind::NotFound;
    // 54: a program limit, such as the stack depth a deeply nested JSON value needs.
    if (state.startsWith(QStringLiteral("22")) || state.startsWith(QStringLiteral("23")) ||
        state.startsWith(QStringLiteral("54")) || state.startsWith(QStringLiteral("42")) ||
        state.startsWith(QStringLiteral("P0")) || state == u"2201W")
        return ErrorKind::InvalidArgument;
    return ErrorKind::Internal;
}

// QPSQL reports libpq's whole error text ("ERROR:  text\nDETAIL:  ...\n(SQLSTATE)"); keep the
// primary message and the detail, in PostgreSQL's words.
StoreError toStoreError(const QSqlError& e)
{
    const QString state = e.nativeErrorCode();
    QString text = e.databaseText().trimmed();
    if (!state.isEmpty() && text.endsWith(u'(' + state + u')'))
        text.chop(state.size() + 2);
    QString primary;
    QString detail;
    const QStringList lines = text.split(u'\n');
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.startsWith(QStringLiteral("DETAIL:")))
            detail = line.mid(7).trimmed();
        else if (primary.isEmpty() && !line.isEmpty())
            primary = line;
    }
    for (const QString& severity : {QStringLiteral("ERROR:"), QStringLiteral("FATAL:")}) {
        if (primary.startsWith(severity))
            primary = primary.mid(severity.size()).trimmed();
    }
    if (primary.isEmpty())
        primary = e.driverText();
    StoreError err = StoreError::make(kindFor(state, primary, isConnectionLoss(e)), primary, state);
    err.detail = detail;
    return err;
}

// A failure libpq reported to a call of ours, in the form QPSQL gives its own, so that one
// translation (toStoreError, isConnectionLoss) serves both.
QSqlError libpqError(PGconn* conn, const PGresult* result)
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString code = state ? QString::fromLatin1(state) : QString();
    QString text = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
    if (text.isEmpty())
        text = QString::fromUtf8(PQerrorMessage(conn));
    if (!code.isEmpty())
        text += u'(' + code + u')';
    return QSqlError(
        QStringLiteral("QPSQL: Unable to run the statement"), text,
        PQstatus(conn) == CONNECTION_BAD ? QSqlError::ConnectionError : QSqlError::StatementError, code);
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

} // namespace

// One unit of work on a namespace, on the calling thread's connection. Statements run as literal
// SQL (one round trip each, where QPSQL's prepare would cost three). A transaction is opened only
// when the work needs one: the official functions need the namespace on the search_path, a raw
// condition needs the sql_condition gate, a batch needs all-or-nothing.
class PostgresStore::Session
{
public:
    // Work on the namespace `ns`.
    Session(PostgresStore& store, const NamespaceHandle& target, const QString& ns)
        : m_store(store)
        , m_db(target.db)
        , m_searchPathSchema(target.kind == NamespaceKind::Mdbstudio ? QString() : ns)
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
            .arg(literal(QString(quoteIdentifier(m_searchPathSchema) + QStringLiteral(", public"))));
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
                              .arg(quoteIdentifier(m_searchPathSchema));
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
        const LibpqResult r(
            PQprepare(conn, name.toLatin1().constData(), sql.toUtf8().constData(), 0, nullptr), &PQclear);
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
            return fail(libpqError(conn, r.get()));
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
        const TextParameters parameters(values);
        const LibpqResult r(PQexecPrepared(conn, name.toLatin1().constData(), parameters.count(),
                                           parameters.pointers.constData(), nullptr, nullptr, 0),
                            &PQclear);
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
            return fail(libpqError(conn, r.get()));
        if (PQntuples(r.get()) < 1 || PQnfields(r.get()) < 1)
            return StoreError::make(ErrorKind::Internal, QStringLiteral("the statement returned no row"));
        return QString::fromUtf8(PQgetvalue(r.get(), 0, 0), PQgetlength(r.get(), 0, 0));
    }

    // The connection's libpq handle for the extended protocol; null inside a transaction, or when
    // the store's settings ride in front of each statement in its query string.
    PGconn* boundParameterConnection() const
    {
        if (m_inTransaction || !m_store.m_transactionSettings.isEmpty())
            return nullptr;
        const QVariant handle = m_db.driver()->handle();
        // Qt names the type after the struct behind libpq's typedef.
        if (!handle.isValid() ||
            (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
            return nullptr;
        PGconn* conn = *static_cast<PGconn* const*>(handle.constData());
        return conn && PQtransactionStatus(conn) == PQTRANS_IDLE ? conn : nullptr;
    }

private:
    StoreError fail(const QSqlError& e)
    {
        if (isConnectionLoss(e)) {
            m_inTransaction = false;
            m_db = QSqlDatabase();
            m_store.m_connections.discardEverywhere(ConnectionKey);
        }
        if (m_inTransaction) {
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
            m_inTransaction = false;
        }
        return toStoreError(e);
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

namespace {

// libpq's own account of a failed connection, every line of it: with several addresses (localhost
// as ::1 and 127.0.0.1) or hosts, each attempt adds a line, and the one that names the cause (a
// certificate, a host name, a password) need not be the first. libpq never repeats the password.
StoreError connectionFailure(const QSqlError& e)
{
    StoreError err = toStoreError(e);
    err.kind = ErrorKind::Connection;
    QStringList lines;
    for (const QString& line : e.databaseText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    }
    if (!lines.isEmpty()) {
        err.message = lines.join(u'\n');
        err.detail.clear();
    }
    return err;
}

} // namespace

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

Result<PostgresStore::NamespaceHandle> PostgresStore::openNamespace(const QString& ns)
{
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    Result<NamespaceKind> kind = namespaceKind(*db, ns);
    if (!kind)
        return kind.error();
    return NamespaceHandle{*db, *kind};
}

Result<PostgresStore::NamespaceHandle> PostgresStore::openOwnNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (target && target->kind != NamespaceKind::Mdbstudio)
        return namespaceNotMadeByMdbstudio(ns);
    return target;
}

Result<NamespaceKind> PostgresStore::namespaceKind(QSqlDatabase& db, const QString& ns)
{
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid.error();
    {
        QMutexLocker lock(&m_kindsMutex);
        if (auto it = m_kinds.constFind(ns); it != m_kinds.cend())
            return *it;
    }
    Session s(*this, db);
    Result<QSqlQuery> q = s.query(
        QStringLiteral(
            "SELECT coalesce(obj_description(n.oid, 'pg_namespace'), ''), "
            "  EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid AND p.proname = "
            "'message_store_version'), "
            "  EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'messages') "
            "FROM pg_namespace n WHERE n.nspname = %1")
            .arg(s.literal(ns)));
    if (!q)
        return q.error();
    if (!q->next() || !q->value(2).toBool())
        return namespaceNotFound(ns);
    NamespaceKind kind = NamespaceKind::Other;
    if (q->value(0).toString().startsWith(SchemaMarker))
        kind = NamespaceKind::Mdbstudio;
    else if (q->value(1).toBool())
        kind = NamespaceKind::OfficialMessageDb;
    QMutexLocker lock(&m_kindsMutex);
    m_kinds.insert(ns, kind);
    return kind;
}

Result<QStringList> PostgresStore::listNamespaces()
{
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    Session s(*this, *db);
    Result<QSqlQuery> q = s.query(
        QStringLiteral("SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
                       "WHERE c.relname = 'messages' AND c.relkind IN ('r', 'p') ORDER BY n.nspname"));
    if (!q)
        return q.error();
    QStringList names;
    while (q->next()) {
        const QString name = q->value(0).toString();
        if (validateNamespaceName(name))
            names << name;
    }
    return names;
}

Status PostgresStore::createNamespace(const QString& ns)
{
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid;
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    Session s(*this, *db);
    Result<QSqlQuery> exists =
        s.query(QStringLiteral("SELECT 1 FROM pg_namespace WHERE nspname = %1").arg(s.literal(ns)));
    if (!exists)
        return exists.error();
    if (exists->next())
        return namespaceAlreadyExists(ns);
    if (Status b = s.start(true); !b)
        return b;
    const QStringList scripts{QStringLiteral("schema"), QStringLiteral("functions"), QStringLiteral("indexes")};
    if (Status made = s.queryAll(namespaceStatements(scripts, quoteIdentifier(ns))); !made)
        return made;
    if (Status c = s.finish(); !c)
        return c;
    QMutexLocker lock(&m_kindsMutex);
    m_kinds.remove(ns);
    return Done{};
}

Result<int> PostgresStore::layoutOf(Session& s, const QString& ns)
{
    Result<QSqlQuery> q = s.query(
        QStringLiteral("SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE nspname = %1")
            .arg(s.literal(ns)));
    if (!q)
        return q.error();
    if (!q->next())
        return namespaceNotFound(ns);
    return layoutOfComment(q->value(0).toString());
}

Result<LayoutUpgrade> PostgresStore::upgradeNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openOwnNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target, ns);
    if (Status b = s.start(true); !b)
        return b.error();
    // Writers and readers of the namespace go on meanwhile: the functions are replaced when the
    // transaction commits, and calls already running finish with the functions they started with.
    // Two upgrades of one namespace take turns, and the second then finds nothing to do.
    const qint64 upgradeLock = hash64(QStringLiteral("mdbstudio layout upgrade ") + ns);
    if (Result<QSqlQuery> r = s.query(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(upgradeLock)); !r)
        return r.error();
    Result<int> layout = layoutOf(s, ns);
    if (!layout)
        return layout.error();
    if (*layout >= CurrentLayout) {
        if (Status c = s.finish(); !c)
            return c.error();
        return LayoutUpgrade{*layout, *layout};
    }
    if (Status replaced = s.queryAll(namespaceStatements({QStringLiteral("functions")}, quoteIdentifier(ns)));
        !replaced)
        return replaced.error();
    if (Status c = s.finish(); !c)
        return c.error();
    return LayoutUpgrade{*layout, CurrentLayout};
}

Status PostgresStore::dropNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openOwnNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target, ns);
    // CASCADE lists every object it drops as a NOTICE, which libpq would print on stderr.
    if (Status b =
            s.begin(QStringLiteral("BEGIN"), std::nullopt, {QStringLiteral("client_min_messages = warning")});
        !b)
        return b;
    if (Result<QSqlQuery> r = s.query(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(quoteIdentifier(ns))); !r)
        return r.error();
    if (Status c = s.finish(); !c)
        return c;
    QMutexLocker lock(&m_kindsMutex);
    m_kinds.remove(ns);
    return Done{};
}

Result<NamespaceInfo> PostgresStore::describeNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    NamespaceInfo info;
    info.name = ns;
    info.kind = target->kind;
    info.location = QStringLiteral("schema %1").arg(ns);
    Session s(*this, *target, ns);
    if (info.kind == NamespaceKind::Mdbstudio) {
        Result<int> layout = layoutOf(s, ns);
        if (!layout)
            return layout.error();
        info.layout = *layout;
        info.currentLayout = CurrentLayout;
    }
    Result<QSqlQuery> idx =
        s.query(QStringLiteral("SELECT indexname FROM pg_indexes WHERE schemaname = %1 AND "
                               "tablename = 'messages' ORDER BY indexname")
                    .arg(s.literal(ns)));
    if (!idx)
        return idx.error();
    while (idx->next())
        info.indexes << idx->value(0).toString();
    Result<QSqlQuery> fn =
        s.query(QStringLiteral("SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON "
                               "n.oid = p.pronamespace WHERE n.nspname = %1 ORDER BY 1")
                    .arg(s.literal(ns)));
    if (!fn)
        return fn.error();
    while (fn->next())
        info.functions << fn->value(0).toString();
    Result<QSqlQuery> stats =
        s.query(QStringLiteral(
                    "SELECT greatest(c.reltuples, 0)::bigint, (SELECT max(global_position) FROM %1.messages) "
                    "FROM pg_class c WHERE c.oid = '%1.messages'::regclass")
                    .arg(quoteIdentifier(ns)));
    if (!stats)
        return stats.error();
    if (stats->next()) {
        info.approximateMessageCount = stats->value(0).toLongLong();
        if (!stats->value(1).isNull())
            info.lastGlobalPosition = stats->value(1).toLongLong();
    }
    if (info.functions.contains(QStringLiteral("message_store_version"))) {
        Result<QString> version = messageStoreVersion(ns);
        if (version)
            info.messageStoreVersion = *version;
    }
    return info;
}

Result<QStringList> PostgresStore::listCategories(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    // A loose index scan: each step is one probe of messages_category for the next category.
    const QString category = quoteIdentifier(ns) + QStringLiteral(".category(stream_name)");
    Session s(*this, *target, ns);
    Result<QSqlQuery> q =
        s.query(QStringLiteral("WITH RECURSIVE c(name) AS ("
                               " (SELECT %1 FROM %2.messages ORDER BY %1 LIMIT 1)"
                               " UNION ALL"
                               " SELECT (SELECT %1 FROM %2.messages WHERE %1 > c.name ORDER BY %1 LIMIT 1)"
                               " FROM c WHERE c.name IS NOT NULL)"
                               " SELECT name FROM c WHERE name IS NOT NULL")
                    .arg(category, quoteIdentifier(ns)));
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
    Session s(*this, *target, ns);
    Result<QSqlQuery> q = s.query(
        QStringLiteral("SELECT %1, count(*) FROM %2.messages GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")
            .arg(summaryGroupColumns(kind, quoteIdentifier(ns) + QStringLiteral(".category(stream_name)")),
                 quoteIdentifier(ns)));
    if (!q)
        return q.error();
    return SqlSupport::readSummary(*q);
}

Result<CategoryStats> PostgresStore::categoryStats(const QString& ns, const QString& category)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target, ns);
    Result<QSqlQuery> q = s.query(
        QStringLiteral("SELECT count(*), count(DISTINCT stream_name), max(global_position) FROM %1.messages "
                       "WHERE %1.category(stream_name) = %2")
            .arg(quoteIdentifier(ns), s.literal(category)));
    if (!q)
        return q.error();
    return SqlSupport::readCategoryStats(*q);
}

Result<MessageList> PostgresStore::categoryMessagesBefore(const QString& ns, const QString& category,
                                                          qint64 beforeGlobalPosition, qint64 count)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    // Straight from the table, backwards along messages_category (the index is on the same
    // schema-qualified category() call), with the columns Message DB's functions return.
    Session s(*this, *target, ns);
    Result<QSqlQuery> q = s.query(
        QStringLiteral("SELECT id::varchar, stream_name, type, position, global_position, data::varchar, "
                       "metadata::varchar, (extract(epoch from time) * 1000000)::bigint FROM %1.messages "
                       "WHERE %1.category(stream_name) = %2 AND global_position < %3 "
                       "ORDER BY global_position DESC LIMIT %4")
            .arg(quoteIdentifier(ns), s.literal(category), QString::number(beforeGlobalPosition),
                 QString::number(std::max<qint64>(count, 0))));
    if (!q)
        return q.error();
    return SqlSupport::readMessages(*q, true);
}

Result<QList<StreamSighting>> PostgresStore::categoryStreamSightings(const QString& ns,
                                                                     const QString& category,
                                                                     qint64 fromGlobalPosition,
                                                                     qint64 scanCount)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target, ns);
    Result<QSqlQuery> q =
        s.query(QStringLiteral("SELECT stream_name, global_position, "
                               "(extract(epoch from time) * 1000000)::bigint FROM %1.messages "
                               "WHERE %1.category(stream_name) = %2 AND global_position >= %3 "
                               "ORDER BY global_position LIMIT %4")
                    .arg(quoteIdentifier(ns), s.literal(category), QString::number(fromGlobalPosition),
                         QString::number(std::max<qint64>(scanCount, 0))));
    if (!q)
        return q.error();
    return SqlSupport::readSightings(*q);
}

Result<CategoryStreams> PostgresStore::categoryStreams(const QString& ns, const QString& category,
                                                       qint64 newestCount)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target, ns);
    // One snapshot for both reads. The aggregate of a large category is hashed in memory rather
    // than spilled to disk, and is too short-lived to repay JIT compilation.
    if (Status begun = s.startSnapshot({QStringLiteral("work_mem = '64MB'"), QStringLiteral("jit = off")});
        !begun)
        return begun.error();
    const QString where =
        QStringLiteral("%1.category(stream_name) = %2").arg(quoteIdentifier(ns), s.literal(category));
    Result<QSqlQuery> totals =
        s.query(QStringLiteral("SELECT stream_name, count(*) FROM %1.messages WHERE %2 GROUP BY stream_name")
                    .arg(quoteIdentifier(ns), where));
    if (!totals)
        return totals.error();
    CategoryStreams result;
    result.streams = SqlSupport::readStreamTotals(*totals);
    if (newestCount > 0) {
        Result<QSqlQuery> newest =
            s.query(QStringLiteral(
                        "SELECT stream_name, global_position, (extract(epoch from time) * 1000000)::bigint "
                        "FROM %1.messages WHERE %2 ORDER BY global_position DESC LIMIT %3")
                        .arg(quoteIdentifier(ns), where, QString::number(newestCount)));
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
    Session s(*this, *target, ns);
    Result<QSqlQuery> q =
        s.query(QStringLiteral("SELECT count(*) FROM %1.messages "
                               "WHERE %1.category(stream_name) = %2 AND global_position >= %3")
                    .arg(quoteIdentifier(ns), s.literal(category), QString::number(fromGlobalPosition)));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QStringList> PostgresStore::streamNames(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    // PostgreSQL has no skip scan: one probe of the stream index per distinct name, instead of
    // reading every message.
    Session s(*this, *target, ns);
    Result<QSqlQuery> q = s.query(
        QStringLiteral("WITH RECURSIVE names(name) AS ("
                       "(SELECT stream_name FROM %1.messages ORDER BY stream_name LIMIT 1) UNION ALL "
                       "SELECT (SELECT m.stream_name FROM %1.messages m WHERE m.stream_name > names.name "
                       "ORDER BY m.stream_name LIMIT 1) FROM names WHERE names.name IS NOT NULL) "
                       "SELECT name FROM names WHERE name IS NOT NULL")
            .arg(quoteIdentifier(ns)));
    if (!q)
        return q.error();
    return SqlSupport::readTexts(*q);
}

namespace {

// The statement names this thread's connections have prepared, by connection name. A connection
// made again under the same name has none: EXECUTE then fails with 26000 and the name is prepared
// anew.
thread_local QHash<QString, QSet<QString>> t_preparedWrites;

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

} // namespace

// write_message's six arguments as literals, cast to pick its signature.
QString PostgresStore::writeArguments(Session& s, const WriteRequest& r)
{
    const QVariantList v = writeValues(r);
    return QStringLiteral("%1::varchar, %2::varchar, %3::varchar, %4::jsonb, %5::jsonb, %6::bigint")
        .arg(s.literal(v[0]), s.literal(v[1]), s.literal(v[2]), s.literal(v[3]), s.literal(v[4]),
             s.literal(v[5]));
}

Status PostgresStore::prepareWrite(Session& s, const QString& ns)
{
    const QString name = writeStatementName(ns);
    QSet<QString>& prepared = t_preparedWrites[s.connectionName()];
    if (prepared.contains(name))
        return Done{};
    const Status made = s.prepare(name, QStringLiteral("SELECT %1.write_message($1::varchar, $2::varchar, "
                                                       "$3::varchar, $4::jsonb, $5::jsonb, $6::bigint)%2")
                                            .arg(quoteIdentifier(ns), s.searchPathFromItem()));
    // 42P05: already there, on a server session this thread did not track (behind a transaction
    // pooler, another client connection's). The name stands for the namespace, so it is the same
    // statement.
    if (!made && made.error().sqlState != u"42P05")
        return made;
    prepared.insert(name);
    return Done{};
}

std::optional<Result<QList<qint64>>> PostgresStore::writePrepared(Session& s, const QString& ns,
                                                                  const WriteRequest& r)
{
    const QString name = writeStatementName(ns);
    const QVariantList values = writeValues(r);
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (const Status made = prepareWrite(s, ns); !made) {
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
    Session s(*this, *target, ns);
    // A single message is one statement and one round trip, its own transaction, through a
    // statement prepared once per connection; a batch needs one transaction around its statements.
    const bool single = requests.size() == 1;
    if (single && m_preparedWrites.load()) {
        if (std::optional<Result<QList<qint64>>> written = writePrepared(s, ns, requests.constFirst()))
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
            calls << QStringLiteral("%1.write_message(%2)").arg(quoteIdentifier(ns), writeArguments(s, r));
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
    Session s(*this, *target, ns);
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
                    .arg(MessageColumns, quoteIdentifier(ns), call, literals.join(QStringLiteral(", "))));
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
    Session s(*this, *target, ns);
    if (Status b = s.start(); !b)
        return b.error();
    Result<QSqlQuery> q = s.query(QStringLiteral("SELECT %1.stream_version(%2::varchar)")
                                      .arg(quoteIdentifier(ns), s.literal(SqlSupport::bindText(streamName))));
    if (!q)
        return q.error();
    std::optional<qint64> version;
    if (q->next() && !q->value(0).isNull())
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
    Session s(*this, *target, ns);
    Result<QSqlQuery> q =
        s.query(QStringLiteral("SELECT %1.message_store_version()").arg(quoteIdentifier(ns)));
    if (!q)
        return q.error();
    if (!q->next())
        return StoreError::make(ErrorKind::Internal, QStringLiteral("message_store_version returned no row"));
    return q->value(0).toString();
}

bool PostgresStore::writeChannelsAvailable() const
{
    return m_preparedWrites.load() && m_transactionSettings.isEmpty();
}

std::unique_ptr<PostgresStore::WriteChannel> PostgresStore::writeChannel(const QString& ns)
{
    return std::unique_ptr<WriteChannel>(
        new WriteChannel(*this, ns, QStringLiteral("channel-%1").arg(++m_channels)));
}

struct PostgresStore::WriteChannel::Parameters : TextParameters
{
    using TextParameters::TextParameters;
};

PostgresStore::WriteChannel::WriteChannel(PostgresStore& store, QString ns, QString key)
    : m_store(store)
    , m_ns(std::move(ns))
    , m_key(std::move(key))
    , m_statement(writeStatementName(m_ns).toLatin1())
{}

PostgresStore::WriteChannel::~WriteChannel()
{
    m_conn = nullptr;
    m_db = QSqlDatabase();
    m_store.m_connections.discard(m_key);
}

Status PostgresStore::WriteChannel::open()
{
    if (m_conn)
        return Done{};
    Result<QSqlDatabase> db = m_store.connection(m_key);
    if (!db)
        return db.error();
    Result<NamespaceKind> kind = m_store.namespaceKind(*db, m_ns);
    if (!kind)
        return kind.error();
    Session s(m_store, NamespaceHandle{*db, *kind}, m_ns);
    PGconn* const conn = s.boundParameterConnection();
    if (!conn)
        return StoreError::make(
            ErrorKind::Internal,
            QStringLiteral("This store's writes cannot be sent without waiting: its settings "
                           "travel in front of each statement"));
    if (const Status made = m_store.prepareWrite(s, m_ns); !made)
        return made;
    m_db = *db;
    m_kind = *kind;
    m_conn = conn;
    return Done{};
}

int PostgresStore::WriteChannel::socket() const
{
    return m_conn ? PQsocket(m_conn) : -1;
}

Status PostgresStore::WriteChannel::send(const WriteRequest& request)
{
    Q_ASSERT(!m_inFlight);
    if (Status text = MessageDbRules::checkWriteRequest(request); !text)
        return text;
    if (Status opened = open(); !opened)
        return opened;
    m_request = request;
    m_parameters = std::make_unique<Parameters>(writeValues(request));
    m_sentAgain = false;
    return sendPrepared();
}

Status PostgresStore::WriteChannel::sendPrepared()
{
    if (!PQsendQueryPrepared(m_conn, m_statement.constData(), m_parameters->count(),
                             m_parameters->pointers.constData(), nullptr, nullptr, 0))
        return failed(libpqError(m_conn, nullptr));
    m_inFlight = true;
    return Done{};
}

std::optional<Result<qint64>> PostgresStore::WriteChannel::receive()
{
    if (!m_inFlight)
        return std::nullopt;
    if (!PQconsumeInput(m_conn)) {
        m_inFlight = false;
        return Result<qint64>(failed(libpqError(m_conn, nullptr)));
    }
    if (PQisBusy(m_conn))
        return std::nullopt;
    const LibpqResult r(PQgetResult(m_conn), &PQclear);
    while (PGresult* rest = PQgetResult(m_conn))
        PQclear(rest);
    m_inFlight = false;
    if (PQresultStatus(r.get()) == PGRES_TUPLES_OK && PQntuples(r.get()) >= 1 && PQnfields(r.get()) >= 1)
        return Result<qint64>(QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong());
    const QSqlError e = libpqError(m_conn, r.get());
    // As writePrepared: a lost statement is prepared again and the write sent once more; lost
    // twice, the store gives up prepared writes and this write goes as a plain statement, waiting
    // for its answer.
    if (writeStatementLost(toStoreError(e), m_ns, m_db.connectionName())) {
        if (m_sentAgain) {
            m_store.m_preparedWrites = false;
            Result<QList<qint64>> written = m_store.writeMessages(m_ns, {m_request});
            if (!written)
                return Result<qint64>(written.error());
            return Result<qint64>(written->constFirst());
        }
        Session s(m_store, NamespaceHandle{m_db, m_kind}, m_ns);
        if (const Status made = m_store.prepareWrite(s, m_ns); !made)
            return Result<qint64>(made.error());
        m_sentAgain = true;
        if (const Status sent = sendPrepared(); !sent)
            return Result<qint64>(sent.error());
        return std::nullopt;
    }
    return Result<qint64>(failed(e));
}

StoreError PostgresStore::WriteChannel::failed(const QSqlError& e)
{
    if (isConnectionLoss(e)) {
        // Made again by the next send; every thread's connections are suspect too.
        t_preparedWrites.remove(m_db.connectionName());
        m_conn = nullptr;
        m_inFlight = false;
        m_db = QSqlDatabase();
        m_store.m_connections.discardEverywhere(m_key);
    }
    return toStoreError(e);
}

} // namespace mdb
