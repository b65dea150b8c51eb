#pragma once

#include <QMetaType>
#include <QString>

namespace mdb {

// What went wrong, as a value. The message keeps Message DB's own words where it has them.
enum class ErrorKind
{
    WrongExpectedVersion,
    InvalidArgument,
    NotFound,
    Conflict,
    ReadOnly,
    Connection,
    Timeout,
    Internal,
};

struct StoreError
{
    ErrorKind kind = ErrorKind::Internal;
    QString message;  // primary text, e.g. "Must be a category: account-1"
    QString sqlState; // SQLSTATE where there is one, e.g. "P0001"
    QString detail;   // secondary text, e.g. PostgreSQL's DETAIL line

    static StoreError make(ErrorKind kind, const QString& message, const QString& sqlState = {})
    {
        return StoreError{kind, message, sqlState, {}};
    }
    // The message with PostgreSQL's DETAIL after it, for a user to read on one line:
    // duplicate key value violates unique constraint "messages_id" (Key (id)=(…) already exists.)
    QString text() const
    {
        return detail.isEmpty() ? message : message + QStringLiteral(" (") + detail + u')';
    }
    // Message DB's RAISE EXCEPTION errors all carry SQLSTATE P0001.
    static StoreError raised(const QString& message)
    {
        return make(ErrorKind::InvalidArgument, message, QStringLiteral("P0001"));
    }
};

QString errorKindName(ErrorKind kind);

} // namespace mdb

Q_DECLARE_METATYPE(mdb::StoreError)
