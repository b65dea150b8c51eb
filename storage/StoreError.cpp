#include "storage/StoreError.h"

namespace mdb {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::WrongExpectedVersion:
        return QStringLiteral("wrong-expected-version");
    case ErrorKind::InvalidArgument:
        return QStringLiteral("invalid-argument");
    case ErrorKind::NotFound:
        return QStringLiteral("not-found");
    case ErrorKind::Conflict:
        return QStringLiteral("conflict");
    case ErrorKind::ReadOnly:
        return QStringLiteral("read-only");
    case ErrorKind::Connection:
        return QStringLiteral("connection");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

} // namespace mdb
