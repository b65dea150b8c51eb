#pragma once

// What every statement of the SQLite backend goes through on a Qt connection: errors in the
// store's terms, a transaction that rolls back unless committed, and prepared statements with
// positional values. Shared by mdbstudio's own files and EventoDB's (storage/eventodb/).

#include "storage/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace mdb::sqlite {

// QSQLITE's error as the store reports it: sqlite3_errmsg() with the extended result code.
StoreError toStoreError(const QSqlError& e, const QString& context = {});

// A prepared, executed, forward-only statement.
Result<QSqlQuery> prepared(const QSqlDatabase& db, const QString& sql, const QVariantList& values);

// One transaction on a connection; rolls back unless committed.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    // IMMEDIATE takes the write lock up front, so that a version read and the insert after it see
    // one state.
    Status begin(bool immediate);
    Status commit();

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace mdb::sqlite
