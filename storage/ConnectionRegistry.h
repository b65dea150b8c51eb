#pragma once

#include "storage/Result.h"

#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>

namespace mdb {

// Hands each thread its own QSqlDatabase connection (Qt connections belong to the thread that
// made them). Connections are named "mdbstudio/<store>/<key>/<thread>", opened lazily in the
// calling thread, removed when that thread ends, and all removed when the registry goes away.
class ConnectionRegistry
{
public:
    // Configures and opens a fresh connection; returns an error to discard it.
    using Opener = std::function<Status(QSqlDatabase& db)>;

    ConnectionRegistry(QString driver, QString storeTag);
    ~ConnectionRegistry();
    ConnectionRegistry(const ConnectionRegistry&) = delete;
    ConnectionRegistry& operator=(const ConnectionRegistry&) = delete;

    // The calling thread's connection for `key`, opened with `open` the first time.
    Result<QSqlDatabase> connection(const QString& key, const Opener& open);
    // Forgets the calling thread's connection for `key`, e.g. after the server dropped it.
    void discard(const QString& key);
    // Forgets the calling thread's connection and makes every other thread open a fresh one at its
    // next call: after a server restart all of them are dead, and each would fail once otherwise.
    void discardEverywhere(const QString& key);
    // Removes the connections of every thread for `key` (before deleting an SQLite file).
    void removeAll(const QString& key);

private:
    QString connectionName(const QString& key) const;
    void remove(const QString& name);

    QString m_driver;
    QString m_prefix;
    QMutex m_mutex;
    QSet<QString> m_names;
    std::atomic<quint64> m_generation{0}; // connections opened before the current one are stale
};

} // namespace mdb
