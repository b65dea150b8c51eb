// Namespaces on PostgreSQL: what kind each schema is, which layout an mdbstudio namespace has,
// and creating, upgrading, dropping and describing them.
#include "storage/postgres/PostgresSession.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresSupport.h"

#include "storage/Hash64.h"
#include "storage/NamespaceName.h"
#include "storage/SqlSupport.h"
#include "storage/StoreLayout.h"

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

Result<StoreLayout> PostgresStore::namespaceLayout(QSqlDatabase& db, const QString& ns)
{
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid.error();
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
    if (!q->next() || !q->value(2).toBool())
        return namespaceNotFound(ns);
    const QString comment = q->value(0).toString();
    StoreLayout layout = StoreLayout::unknownPostgres();
    if (comment.startsWith(SchemaMarker))
        layout = StoreLayout::mdbstudioPostgres(layoutOfComment(comment));
    else if (q->value(1).toBool())
        layout = StoreLayout::messageDbInstall();
    QMutexLocker lock(&m_layoutsMutex);
    m_layouts.insert(ns, layout);
    return layout;
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
    Session s(*this, *target, ns);
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
    info.location = QStringLiteral("schema %1").arg(ns);
    Session s(*this, *target, ns);
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

} // namespace mdb
