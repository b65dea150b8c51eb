#include "StoreOverview.h"

namespace mdb {

StoreOverview loadStoreOverview(Store& store)
{
    StoreOverview overview;
    overview.storeName = store.location().displayName();
    Result<QStringList> names = store.listNamespaces();
    if (!names) {
        overview.error = names.error().message;
        return overview;
    }
    for (const QString& name : *names) {
        NamespaceOverview ns;
        ns.info.name = name;
        Result<NamespaceInfo> info = store.describeNamespace(name);
        if (info)
            ns.info = *info;
        else
            ns.error = info.error().message;
        Result<QStringList> categories = store.listCategories(name);
        if (categories)
            ns.categories = *categories;
        else if (ns.error.isEmpty())
            ns.error = categories.error().message;
        overview.namespaces << ns;
    }
    return overview;
}

} // namespace mdb
