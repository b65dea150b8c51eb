#include "storage/sqlite/SqliteSupport.h"

#include "storage/sqlite/GroupCommit.h"

namespace mdb::sqlite {

StoreError toStoreError(const QSqlError& e, const QString& context)
{
    // QSQLITE gives sqlite3_errmsg() and the extended result code as the native code.
    QString text = e.databaseText();
    if (text.isEmpty())
        text = e.driverText();
    return sqliteStoreError(e.nativeErrorCode().toInt(), text, context);
}

Result<QSqlQuery> prepared(const QSqlDatabase& db, const QString& sql, const QVariantList& values)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return toStoreError(q.lastError());
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec())
        return toStoreError(q.lastError());
    return q;
}

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{}

Transaction::~Transaction()
{
    if (m_open)
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
}

Status Transaction::begin(bool immediate)
{
    QSqlQuery q(m_db);
    if (!q.exec(immediate ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")))
        return toStoreError(q.lastError());
    m_open = true;
    return Done{};
}

Status Transaction::commit()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT")))
        return toStoreError(q.lastError(), QStringLiteral("COMMIT failed"));
    m_open = false;
    return Done{};
}

} // namespace mdb::sqlite
