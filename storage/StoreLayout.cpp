#include "storage/StoreLayout.h"

namespace mdb {

NamespaceKind StoreLayout::kind() const
{
    switch (family) {
    case Family::MessageDb:
        return NamespaceKind::OfficialMessageDb;
    case Family::Mdbstudio:
        return NamespaceKind::Mdbstudio;
    case Family::Unknown:
        break;
    }
    return NamespaceKind::Other;
}

StoreLayout StoreLayout::messageDbInstall()
{
    StoreLayout l;
    l.family = Family::MessageDb;
    l.functionsNeedSearchPath = true;
    return l;
}

StoreLayout StoreLayout::mdbstudioPostgres(int version)
{
    StoreLayout l;
    l.family = Family::Mdbstudio;
    l.version = version;
    return l;
}

StoreLayout StoreLayout::unknownPostgres()
{
    StoreLayout l;
    l.functionsNeedSearchPath = true;
    return l;
}

StoreLayout StoreLayout::mdbstudioSqlite(int version)
{
    StoreLayout l;
    l.family = Family::Mdbstudio;
    l.version = version;
    return l;
}

StoreLayout StoreLayout::unknownSqlite()
{
    return {};
}

} // namespace mdb
