#include "storage/NamespaceName.h"

namespace mdb {

Status validateNamespaceName(const QString& name)
{
    const auto invalid = [&name](const QString& why) {
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("Invalid namespace name \"%1\": %2").arg(name, why));
    };
    if (name.isEmpty())
        return invalid(QStringLiteral("it is empty"));
    if (name.size() > 63)
        return invalid(QStringLiteral("it is longer than 63 characters"));
    const QChar first = name.at(0);
    if (!((first >= u'a' && first <= u'z') || first == u'_'))
        return invalid(QStringLiteral("it must start with a lowercase letter or '_'"));
    for (const QChar c : name) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'))
            return invalid(QStringLiteral("only lowercase letters, digits and '_' are allowed"));
    }
    return Done{};
}

StoreError namespaceNotFound(const QString& name)
{
    return StoreError::make(ErrorKind::NotFound, QStringLiteral("namespace \"%1\" does not exist").arg(name),
                            QStringLiteral("3F000"));
}

StoreError namespaceAlreadyExists(const QString& name)
{
    return StoreError::make(ErrorKind::Conflict, QStringLiteral("namespace \"%1\" already exists").arg(name),
                            QStringLiteral("42P06"));
}

StoreError namespaceNotMadeByMdbstudio(const QString& name)
{
    return StoreError::make(
        ErrorKind::ReadOnly,
        QStringLiteral("namespace \"%1\" was not created by mdbstudio; it is left as it is").arg(name));
}

} // namespace mdb
