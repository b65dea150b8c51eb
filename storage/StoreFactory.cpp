// Store::open and Store::openNamed: from a location to the backend it names. The one file of the
// storage layer that knows every backend, so that the interface (Store.cpp) depends on none.
#include "storage/Store.h"

#include "storage/postgres/PostgresStore.h"
#include "storage/sqlite/SqliteStore.h"

namespace mdb {

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
