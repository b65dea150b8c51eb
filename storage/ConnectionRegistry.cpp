#include "storage/ConnectionRegistry.h"

#include <QAtomicInteger>
#include <QHash>
#include <QMutexLocker>

#include <vector>

namespace mdb {
namespace {

QAtomicInteger<quint64> s_threadCounter;
QAtomicInteger<quint64> s_storeCounter;

// Removes the connections a thread opened when the thread ends.
struct ThreadConnections
{
    QString nameSuffix = u'/' + QString::number(++s_threadCounter); // ends this thread's connection names
    std::vector<QString> names;
    QHash<QString, quint64> generations; // the registry's generation when each was opened
    ~ThreadConnections()
    {
        for (const QString& name : names) {
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
        }
    }
};

thread_local ThreadConnections t_connections;

} // namespace

ConnectionRegistry::ConnectionRegistry(QString driver, QString storeTag)
    : m_driver(std::move(driver))
    , m_prefix(QStringLiteral("mdbstudio/%1-%2/").arg(storeTag).arg(++s_storeCounter))
{}

ConnectionRegistry::~ConnectionRegistry()
{
    const QSet<QString> names = m_names;
    for (const QString& name : names)
        remove(name);
}

QString ConnectionRegistry::connectionName(const QString& key) const
{
    return m_prefix + key + t_connections.nameSuffix;
}

Result<QSqlDatabase> ConnectionRegistry::connection(const QString& key, const Opener& open)
{
    const QString name = connectionName(key);
    const quint64 generation = m_generation.load();
    // One look-up on the hot path: the names carry the thread's serial, so a connection found is
    // this thread's own.
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid()) {
        if (t_connections.generations.value(name) == generation)
            return db;
        db = QSqlDatabase();
        remove(name);
    }

    db = QSqlDatabase::addDatabase(m_driver, name);
    if (!db.isValid()) {
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return StoreError::make(ErrorKind::Connection,
                                QStringLiteral("The Qt SQL driver %1 is not installed").arg(m_driver));
    }
    if (Status opened = open(db); !opened) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return opened.error();
    }
    if (!t_connections.generations.contains(name))
        t_connections.names.push_back(name);
    t_connections.generations.insert(name, generation);
    QMutexLocker lock(&m_mutex);
    m_names.insert(name);
    return db;
}

void ConnectionRegistry::discard(const QString& key)
{
    remove(connectionName(key));
}

void ConnectionRegistry::discardEverywhere(const QString& key)
{
    ++m_generation;
    remove(connectionName(key));
}

void ConnectionRegistry::removeAll(const QString& key)
{
    QSet<QString> names;
    {
        QMutexLocker lock(&m_mutex);
        for (const QString& name : std::as_const(m_names)) {
            if (name.startsWith(m_prefix + key + u'/'))
                names.insert(name);
        }
    }
    for (const QString& name : std::as_const(names))
        remove(name);
}

void ConnectionRegistry::remove(const QString& name)
{
    // removeDatabase closes the connection once no handle is left; it is safe from any thread,
    // where database(name) is not.
    if (QSqlDatabase::contains(name))
        QSqlDatabase::removeDatabase(name);
    QMutexLocker lock(&m_mutex);
    m_names.remove(name);
}

} // namespace mdb
