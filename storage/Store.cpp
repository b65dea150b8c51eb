#include "Store.h"

#include "PostgresStore.h"
#include "SqliteStore.h"

#include <QtGlobal>

namespace mdb {

QString namespaceKindName(NamespaceKind kind)
{
    switch (kind) {
    case NamespaceKind::OfficialMessageDb:
        return QStringLiteral("message-db");
    case NamespaceKind::Mdbstudio:
        return QStringLiteral("mdbstudio");
    case NamespaceKind::Other:
        return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

QString namespaceLayoutName(const NamespaceInfo& info)
{
    switch (info.kind) {
    case NamespaceKind::OfficialMessageDb:
        return QStringLiteral("Message DB's own install");
    case NamespaceKind::Other:
        return QStringLiteral("not made by mdbstudio");
    case NamespaceKind::Mdbstudio:
        break;
    }
    if (info.upgradable())
        return QStringLiteral("mdbstudio layout %1 (upgrade to layout %2 available)")
            .arg(info.layout)
            .arg(info.currentLayout);
    if (info.layout > info.currentLayout)
        return QStringLiteral("mdbstudio layout %1 (newer than this mdbstudio's %2)")
            .arg(info.layout)
            .arg(info.currentLayout);
    return QStringLiteral("mdbstudio layout %1 (current)").arg(info.layout);
}

QString summaryGroupColumns(SummaryKind kind, const QString& categoryExpression)
{
    switch (kind) {
    case SummaryKind::Category:
        return categoryExpression + QStringLiteral(", ''");
    case SummaryKind::Type:
        return QStringLiteral("type, ''");
    case SummaryKind::Stream:
        return QStringLiteral("stream_name, ''");
    case SummaryKind::CategoryType:
        return categoryExpression + QStringLiteral(", type");
    }
    return {};
}

QList<SummaryRow> withPercentages(QList<SummaryRow> rows)
{
    qint64 total = 0;
    for (const SummaryRow& r : rows)
        total += r.messages;
    for (SummaryRow& r : rows)
        // In hundredths, rounded half up in integers, as PostgreSQL's round(numeric, 2) does.
        r.percent = total > 0 ? double((r.messages * 20000 + total) / (2 * total)) / 100.0 : 0.0;
    return rows;
}

Result<qint64> Store::writeMessage(const QString& ns, const WriteRequest& request)
{
    Result<QList<qint64>> positions = writeMessages(ns, {request});
    if (!positions)
        return positions.error();
    return positions->first();
}

Result<std::unique_ptr<Store>> Store::open(const StoreLocation& location)
{
    if (location.backend == StoreLocation::Backend::Postgres) {
        auto store = std::make_unique<PostgresStore>(location);
        if (Status s = store->checkConnection(); !s)
            return s.error();
        return std::unique_ptr<Store>(std::move(store));
    }
    auto store = std::make_unique<SqliteStore>(location);
    if (Status s = store->prepare(); !s)
        return s.error();
    return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> Store::openNamed(const QString& text, StoreOpenOptions options)
{
    QString named = text;
    if (named.isEmpty())
        named = qEnvironmentVariable("MDBSTUDIO_STORE");
    StoreLocation location = StoreLocation::embeddedDefault();
    if (!named.isEmpty()) {
        Result<StoreLocation> parsed = StoreLocation::parse(named);
        if (!parsed)
            return parsed.error();
        location = *parsed;
    }
    location.readOnly = location.readOnly || options.readOnly;
    location.conditionsEnabled = location.conditionsEnabled || options.conditionsEnabled;
    Result<std::unique_ptr<Store>> store = open(location);
    if (!store || !named.isEmpty() || location.readOnly)
        return store;
    // The embedded default starts out with its namespace, so that a first start has a place to write.
    Store& s = *store.value();
    Result<QStringList> namespaces = s.listNamespaces();
    if (!namespaces)
        return namespaces.error();
    if (!namespaces->contains(s.defaultNamespace())) {
        if (Status created = s.createNamespace(s.defaultNamespace()); !created)
            return created.error();
    }
    return store;
}

} // namespace mdb
