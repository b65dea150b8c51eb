#include "storage/Store.h"

namespace mdb {

QString namespaceKindName(NamespaceKind kind)
{
    switch (kind) {
    case NamespaceKind::OfficialMessageDb:
        return QStringLiteral("message-db");
    case NamespaceKind::Mdbstudio:
        return QStringLiteral("mdbstudio");
    case NamespaceKind::EventoDb:
        return QStringLiteral("eventodb");
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
    case NamespaceKind::EventoDb:
        return QStringLiteral("EventoDB namespace, schema version %1").arg(info.layout);
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

Result<qint64> Store::writeMessage(const QString& ns, const WriteRequest& request)
{
    Result<QList<qint64>> positions = writeMessages(ns, {request});
    if (!positions)
        return positions.error();
    return positions->first();
}

std::unique_ptr<WriteChannel> Store::writeChannel(const QString&)
{
    return nullptr;
}

} // namespace mdb
