#pragma once

#include "storage/Store.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace mdb {

// Whether the store answers. After a failed call, check() asks the store; if that fails for want
// of a connection, the watch is disconnected and asks again every retry interval (each call of
// the store connects anew by itself) until the store answers, then it is connected again.
class ConnectionWatch : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionWatch(QObject* parent = nullptr);
    ~ConnectionWatch() override;

    void setStore(std::shared_ptr<Store> store);
    void setRetryInterval(int ms) { m_retry.setInterval(ms); }
    bool isConnected() const { return m_connected; }

    // Something failed: finds out whether the connection is lost. Cheap to call often.
    void check();

Q_SIGNALS:
    void disconnected(const QString& error);
    void reconnected();

private:
    void probe();
    void probed(quint64 storeSerial, const Status& answer);

    std::shared_ptr<Store> m_store;
    quint64 m_storeSerial = 0; // answers about an earlier store are dropped
    QThreadPool m_pool;        // its own thread, so that a probe never waits behind slow reads
    QTimer m_retry;
    bool m_connected = true;
    bool m_probing = false;
};

} // namespace mdb
