#pragma once

#include "storage/Result.h"

#include <QString>

namespace mdb {

// The namespace a store opens when none is named: the official install's schema name.
inline QString defaultNamespaceName()
{
    return QStringLiteral("message_store");
}

// Namespace names must match ^[a-z_][a-z0-9_]{0,62}$ before any SQL identifier or file name
// is built from them: that rules out quoting tricks, path traversal and identifier truncation.
Status validateNamespaceName(const QString& name);

// The errors both backends give for a namespace that is missing, already there, or not one that
// mdbstudio made (and so never drops or alters).
StoreError namespaceNotFound(const QString& name);
StoreError namespaceAlreadyExists(const QString& name);
StoreError namespaceNotMadeByMdbstudio(const QString& name);

} // namespace mdb
