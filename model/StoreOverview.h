#pragma once

#include "Store.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mdb {

// What the start window shows: each namespace with its description and categories.
struct NamespaceOverview
{
    NamespaceInfo info;
    QStringList categories;
    QString error; // set when this namespace could not be read
};

struct StoreOverview
{
    QString storeName;
    QList<NamespaceOverview> namespaces;
    QString error; // set when the store itself could not be read
};

// Reads the overview; blocking, so run it off the GUI thread.
StoreOverview loadStoreOverview(Store& store);

} // namespace mdb
