// Namespaces on PostgreSQL: what kind each schema is, which layout an mdbstudio namespace has,
// and creating, upgrading, dropping and describing them.
#include "storage/postgres/PostgresQueries.h"
#include "storage/postgres/PostgresSession.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresSupport.h"

#include "storage/Hash64.h"
#include "storage/NamespaceName.h"
#include "storage/SqlSupport.h"
#include "storage/StoreLayout.h"
#include "storage/eventodb/EventoDbNames.h"

#include <QSet>

#include <QMutexLocker>

namespace mdb {

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
        statements << SqlSupport::splitScript(
            SqlSupport::loadScript(QStringLiteral(":/mdbstudio/postgres/sql/%1.sql").arg(script), schema));
    statements << QStringLiteral("COMMENT ON SCHEMA %1 IS '%2, layout %3'")
                      .arg(schema, SchemaMarker)
                      .arg(CurrentLayout);
    return statements;
}

} // namespace

using namespace postgres;

Result<PostgresStore::NamespaceHandle> PostgresStore::openNamespace(const QString& ns)
{
    Result<QSqlDatabase> db = connection();
    if (!db)
        return db.error();
    Result<StoreLayout> layout = namespaceLayout(*db, ns);
    if (!layout)
        return layout.error();
    return NamespaceHandle{*db, *layout};
}

Result<PostgresStore::NamespaceHandle> PostgresStore::openOwnNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (target && !target->layout.madeByMdbstudio())
        return namespaceNotMadeByMdbstudio(ns);
    return target;
}

QString PostgresStore::NamespaceHandle::schema() const
{
    return sql().schema;
}

QString PostgresStore::NamespaceHandle::category() const
{
    return sql().categoryOf;
}

postgres::queries::NamespaceSql PostgresStore::NamespaceHandle::sql() const
{
    return postgres::queries::NamespaceSql::forLayout(layout);
}

Result<StoreLayout> PostgresStore::namespaceLayout(QSqlDatabase& db, const QString& ns)
{
    // Any text may name an EventoDB namespace; what it may be is checked once it is found.
    if (ns.isEmpty() || ns.contains(QChar(0)))
        return validateNamespaceName(ns).error();
    {
        QMutexLocker lock(&m_layoutsMutex);
        if (auto it = m_layouts.constFind(ns); it != m_layouts.cend())
            return *it;
    }
    Session s(*this, db);
    return readLayout(s, ns);
}

Result<StoreLayout> PostgresStore::readLayout(Session& s, const QString& ns)
{
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
    const bool holdsMessages = q->next() && q->value(2).toBool();
    const QString comment = holdsMessages ? q->value(0).toString() : QString();
    const bool hasVersionFunction = holdsMessages && q->value(1).toBool();
    Result<std::optional<StoreLayout>> eventoDb = readEventoDbLayout(s, ns, holdsMessages);
    if (!eventoDb)
        return eventoDb.error();
    StoreLayout layout = StoreLayout::unknownPostgres();
    if (*eventoDb) {
        layout = **eventoDb;
    } else {
        if (Status valid = validateNamespaceName(ns); !valid)
            return valid.error();
        if (!holdsMessages)
            return namespaceNotFound(ns);
        if (comment.startsWith(SchemaMarker))
            layout = StoreLayout::mdbstudioPostgres(layoutOfComment(comment));
        else if (hasVersionFunction)
            layout = StoreLayout::messageDbInstall();
        layout.physicalName = ns;
    }
    QMutexLocker lock(&m_layoutsMutex);
    m_layouts.insert(ns, layout);
    return layout;
}

Result<QList<QPair<QString, QString>>> PostgresStore::eventoDbNamespaces(Session& s)
{
    // A login that may not read the registry sees no EventoDB namespaces, as it sees no tables it
    // may not read, rather than an error for every listing.
    QList<QPair<QString, QString>> found;
    Result<QSqlQuery> registry = s.query(
        QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = "
                       "c.relnamespace WHERE n.nspname = 'eventodb_store' AND c.relname = 'namespaces' "
                       "AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT'))"));
    if (!registry)
        return registry.error();
    if (!registry->next() || !registry->value(0).toBool())
        return found;
    Result<QSqlQuery> rows =
        s.query(QStringLiteral("SELECT id, schema_name FROM eventodb_store.namespaces ORDER BY id"));
    if (!rows)
        return rows.error();
    while (rows->next())
        found.append({rows->value(0).toString(), rows->value(1).toString()});
    return found;
}

Result<std::optional<StoreLayout>> PostgresStore::readEventoDbLayout(Session& s, const QString& ns,
                                                                     bool schemaHoldsMessages)
{
    Result<QList<QPair<QString, QString>>> registered = eventoDbNamespaces(s);
    if (!registered)
        return registered.error();
    // A schema of that name holding messages is itself the namespace, unless EventoDB made it; an
    // EventoDB id is looked up only where no schema answers to the name.
    const auto entry = std::find_if(registered->cbegin(), registered->cend(), [&](const auto& e) {
        return eventodb::postgresPhysicalSchema(e.second) == ns || (!schemaHoldsMessages && e.first == ns);
    });
    if (entry == registered->cend())
        return std::optional<StoreLayout>{};
    const QString& id = entry->first;
    const QString& schema = entry->second;
    if (Status safe = eventodb::checkPostgresNamespace(id, schema); !safe)
        return safe.error();
    Result<QSqlQuery> q =
        s.query(QStringLiteral("SELECT to_regclass(%1) IS NOT NULL, to_regclass(%2) IS NOT NULL")
                    .arg(s.literal(QString(quoteIdentifier(schema) + QStringLiteral(".messages"))),
                         s.literal(QString(quoteIdentifier(schema) + QStringLiteral("._schema_version")))));
    if (!q)
        return q.error();
    if (!q->next() || !q->value(0).toBool())
        return StoreError::make(
            ErrorKind::NotFound,
            QStringLiteral(
                "EventoDB namespace \"%1\" is registered, but its schema \"%2\" holds no messages table")
                .arg(id, schema),
            QStringLiteral("42P01"));
    if (!q->value(1).toBool())
        return StoreError::make(
            ErrorKind::InvalidArgument,
            QStringLiteral("EventoDB namespace \"%1\" has no schema version (%2._schema_version is missing)")
                .arg(id, schema));
    Result<QSqlQuery> version =
        s.query(QStringLiteral("SELECT max(version) FROM %1._schema_version").arg(quoteIdentifier(schema)));
    if (!version)
        return version.error();
    const int schemaVersion = version->next() ? version->value(0).toInt() : 0;
    if (Status known = eventodb::checkSchemaVersion(id, schemaVersion); !known)
        return known.error();
    return std::optional<StoreLayout>{StoreLayout::eventoDbPostgres(schema, schemaVersion)};
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
    QStringList schemas;
    while (q->next())
        schemas << q->value(0).toString();
    Result<QList<QPair<QString, QString>>> eventoDb = eventoDbNamespaces(s);
    if (!eventoDb)
        return eventoDb.error();
    // EventoDB's namespaces by their ids, in place of the schemas it made for them; by the schema's
    // name where a schema of the id's name holds messages of its own.
    QStringList names;
    QSet<QString> eventoDbSchemas;
    // An id whose schema name PostgreSQL cut short is listed too, to be refused when opened.
    for (const auto& [id, schema] : std::as_const(*eventoDb)) {
        const QString physical = eventodb::postgresPhysicalSchema(schema);
        eventoDbSchemas.insert(physical);
        if (schemas.contains(physical))
            names << (schemas.contains(id) && id != physical ? physical : id);
    }
    for (const QString& schema : std::as_const(schemas)) {
        if (!eventoDbSchemas.contains(schema) && validateNamespaceName(schema))
            names << schema;
    }
    std::sort(names.begin(), names.end());
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
    Result<QList<QPair<QString, QString>>> eventoDb = eventoDbNamespaces(s);
    if (!eventoDb)
        return eventoDb.error();
    if (std::any_of(eventoDb->cbegin(), eventoDb->cend(), [&ns](const auto& e) { return e.first == ns; }))
        return namespaceAlreadyExists(ns);
    if (Status b = s.start(true); !b)
        return b;
    const QStringList scripts{QStringLiteral("schema"), QStringLiteral("functions"),
                              QStringLiteral("indexes")};
    if (Status made = s.queryAll(namespaceStatements(scripts, quoteIdentifier(ns))); !made)
        return made;
    if (Status c = s.finish(); !c)
        return c;
    QMutexLocker lock(&m_layoutsMutex);
    m_layouts.remove(ns);
    return Done{};
}

Result<LayoutUpgrade> PostgresStore::upgradeNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openOwnNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    if (Status b = s.start(true); !b)
        return b.error();
    // Writers and readers of the namespace go on meanwhile: the functions are replaced when the
    // transaction commits, and calls already running finish with the functions they started with.
    // Two upgrades of one namespace take turns, and the second then finds nothing to do.
    const qint64 upgradeLock = hash64(QStringLiteral("mdbstudio layout upgrade ") + ns);
    if (Result<QSqlQuery> r = s.query(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(upgradeLock));
        !r)
        return r.error();
    Result<StoreLayout> found = readLayout(s, ns);
    if (!found)
        return found.error();
    const int layout = found->version;
    if (layout >= CurrentLayout) {
        if (Status c = s.finish(); !c)
            return c.error();
        return LayoutUpgrade{layout, layout};
    }
    if (Status replaced = s.queryAll(namespaceStatements({QStringLiteral("functions")}, quoteIdentifier(ns)));
        !replaced)
        return replaced.error();
    if (Status c = s.finish(); !c)
        return c.error();
    QMutexLocker lock(&m_layoutsMutex);
    m_layouts.remove(ns);
    return LayoutUpgrade{layout, CurrentLayout};
}

Status PostgresStore::dropNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openOwnNamespace(ns);
    if (!target)
        return target.error();
    Session s(*this, *target);
    // CASCADE lists every object it drops as a NOTICE, which libpq would print on stderr.
    if (Status b =
            s.begin(QStringLiteral("BEGIN"), std::nullopt, {QStringLiteral("client_min_messages = warning")});
        !b)
        return b;
    if (Result<QSqlQuery> r = s.query(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(quoteIdentifier(ns))); !r)
        return r.error();
    if (Status c = s.finish(); !c)
        return c;
    QMutexLocker lock(&m_layoutsMutex);
    m_layouts.remove(ns);
    return Done{};
}

Result<NamespaceInfo> PostgresStore::describeNamespace(const QString& ns)
{
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    NamespaceInfo info;
    info.name = ns;
    info.kind = target->layout.kind();
    info.location = QStringLiteral("schema %1").arg(target->layout.physicalName);
    info.rules = target->layout.rulesSummary();
    Session s(*this, *target);
    if (target->layout.family == StoreLayout::Family::EventoDb) {
        info.layout = target->layout.version;
        info.currentLayout = eventodb::KnownSchemaVersion;
        Result<QSqlQuery> registered = s.query(
            QStringLiteral("SELECT coalesce(description, ''), created_at FROM eventodb_store.namespaces "
                           "WHERE schema_name = %1 OR id = %2 ORDER BY schema_name = %1 DESC LIMIT 1")
                .arg(s.literal(target->layout.physicalName), s.literal(ns)));
        if (!registered)
            return registered.error();
        if (registered->next()) {
            info.description = registered->value(0).toString();
            if (!registered->value(1).isNull())
                info.createdAtSeconds = registered->value(1).toLongLong();
        }
    }
    if (target->layout.madeByMdbstudio()) {
        // Read afresh: another process may have upgraded it since this store first looked.
        Result<StoreLayout> layout = readLayout(s, ns);
        if (!layout)
            return layout.error();
        info.layout = layout->version;
        info.currentLayout = CurrentLayout;
    }
    Result<QSqlQuery> idx =
        s.query(QStringLiteral("SELECT indexname FROM pg_indexes WHERE schemaname = %1 AND "
                               "tablename = 'messages' ORDER BY indexname")
                    .arg(s.literal(target->layout.physicalName)));
    if (!idx)
        return idx.error();
    while (idx->next())
        info.indexes << idx->value(0).toString();
    Result<QSqlQuery> fn =
        s.query(QStringLiteral("SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON "
                               "n.oid = p.pronamespace WHERE n.nspname = %1 ORDER BY 1")
                    .arg(s.literal(target->layout.physicalName)));
    if (!fn)
        return fn.error();
    while (fn->next())
        info.functions << fn->value(0).toString();
    Result<QSqlQuery> stats = s.query(
        QStringLiteral(
            "SELECT greatest(c.reltuples, 0)::bigint, (SELECT max(global_position) FROM %1.messages) "
            "FROM pg_class c WHERE c.oid = %2::regclass")
            .arg(target->schema(), s.literal(QString(target->schema() + QStringLiteral(".messages")))));
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

} // namespace mdb
