#pragma once

#include "storage/StoreError.h"

#include <QSqlError>

struct pg_conn;   // libpq's PGconn
struct pg_result; // libpq's PGresult

// PostgreSQL's errors in mdbstudio's terms: one translation for what QPSQL reports and for what
// libpq reports to the calls made on QPSQL's connection.
namespace mdb::postgres {

// The connection is gone: a 08 or 57P SQLSTATE, or libpq's words for a closed connection.
bool isConnectionLoss(const QSqlError& e);
// The kind of error a SQLSTATE stands for (and, for P0001, Message DB's text): the table that
// decides which errors are conflicts, timeouts, refusals of read-only sessions, and so on.
ErrorKind errorKindOf(const QString& sqlState, const QString& message, bool connectionLoss);
// The primary message and the DETAIL, in PostgreSQL's words, with their kind and SQLSTATE.
StoreError toStoreError(const QSqlError& e);
// A failure libpq reported to a call of ours, in the form QPSQL gives its own.
QSqlError libpqError(pg_conn* conn, const pg_result* result);
// A failed connection, with every line of libpq's account of it.
StoreError connectionFailure(const QSqlError& e);

} // namespace mdb::postgres
