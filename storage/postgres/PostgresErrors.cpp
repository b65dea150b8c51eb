#include "storage/postgres/PostgresErrors.h"

#include <QStringList>

#include <libpq-fe.h>

namespace mdb::postgres {

bool isConnectionLoss(const QSqlError& e)
{
    const QString state = e.nativeErrorCode();
    const QString text = e.databaseText();
    return e.type() == QSqlError::ConnectionError || state.startsWith(QStringLiteral("08")) ||
           state.startsWith(QStringLiteral("57P")) ||
           text.contains(QStringLiteral("server closed the connection")) ||
           text.contains(QStringLiteral("no connection to the server")) ||
           text.contains(QStringLiteral("terminating connection"));
}

ErrorKind errorKindOf(const QString& state, const QString& message, bool connectionLoss)
{
    if (connectionLoss)
        return ErrorKind::Connection;
    // Message DB raises it as P0001, EventoDB's functions as P0003.
    if ((state == u"P0001" || state == u"P0003") &&
        message.startsWith(QStringLiteral("Wrong expected version")))
        return ErrorKind::WrongExpectedVersion;
    if (state == u"23505")
        return ErrorKind::Conflict;
    if (state == u"25006" || state == u"42501")
        return ErrorKind::ReadOnly;
    if (state == u"57014" || state == u"55P03" || state == u"40P01")
        return ErrorKind::Timeout;
    if (state == u"3F000" || state == u"42883" || state == u"42P01")
        return ErrorKind::NotFound;
    // 54: a program limit, such as the stack depth a deeply nested JSON value needs.
    if (state.startsWith(QStringLiteral("22")) || state.startsWith(QStringLiteral("23")) ||
        state.startsWith(QStringLiteral("54")) || state.startsWith(QStringLiteral("42")) ||
        state.startsWith(QStringLiteral("P0")) || state == u"2201W")
        return ErrorKind::InvalidArgument;
    return ErrorKind::Internal;
}

// QPSQL reports libpq's whole error text ("ERROR:  text\nDETAIL:  ...\n(SQLSTATE)"); keep the
// primary message and the detail, in PostgreSQL's words.
StoreError toStoreError(const QSqlError& e)
{
    const QString state = e.nativeErrorCode();
    QString text = e.databaseText().trimmed();
    if (!state.isEmpty() && text.endsWith(u'(' + state + u')'))
        text.chop(state.size() + 2);
    QString primary;
    QString detail;
    const QStringList lines = text.split(u'\n');
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.startsWith(QStringLiteral("DETAIL:")))
            detail = line.mid(7).trimmed();
        else if (primary.isEmpty() && !line.isEmpty())
            primary = line;
    }
    for (const QString& severity : {QStringLiteral("ERROR:"), QStringLiteral("FATAL:")}) {
        if (primary.startsWith(severity))
            primary = primary.mid(severity.size()).trimmed();
    }
    if (primary.isEmpty())
        primary = e.driverText();
    StoreError err = StoreError::make(errorKindOf(state, primary, isConnectionLoss(e)), primary, state);
    err.detail = detail;
    return err;
}

// A failure libpq reported to a call of ours, in the form QPSQL gives its own, so that one
// translation (toStoreError, isConnectionLoss) serves both.
QSqlError libpqError(PGconn* conn, const PGresult* result)
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString code = state ? QString::fromLatin1(state) : QString();
    QString text = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
    if (text.isEmpty())
        text = QString::fromUtf8(PQerrorMessage(conn));
    if (!code.isEmpty())
        text += u'(' + code + u')';
    return QSqlError(
        QStringLiteral("QPSQL: Unable to run the statement"), text,
        PQstatus(conn) == CONNECTION_BAD ? QSqlError::ConnectionError : QSqlError::StatementError, code);
}

// libpq's own account of a failed connection, every line of it: with several addresses (localhost
// as ::1 and 127.0.0.1) or hosts, each attempt adds a line, and the one that names the cause (a
// certificate, a host name, a password) need not be the first. libpq never repeats the password.
StoreError connectionFailure(const QSqlError& e)
{
    StoreError err = toStoreError(e);
    err.kind = ErrorKind::Connection;
    QStringList lines;
    for (const QString& line : e.databaseText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    }
    if (!lines.isEmpty()) {
        err.message = lines.join(u'\n');
        err.detail.clear();
    }
    return err;
}

} // namespace mdb::postgres
