#include "model/ConnectionWatch.h"

#include "model/Background.h"

namespace mdb {

ConnectionWatch::ConnectionWatch(QObject* parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_retry.setInterval(2000);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ConnectionWatch::probe);
}

ConnectionWatch::~ConnectionWatch()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void ConnectionWatch::setStore(std::shared_ptr<Store> store)
{
    m_store = std::move(store);
    ++m_storeSerial;
    m_retry.stop();
    m_probing = false;
    m_connected = true;
}

void ConnectionWatch::check()
{
    if (m_connected && !m_probing)
        probe();
}

void ConnectionWatch::probe()
{
    if (!m_store)
        return;
    m_probing = true;
    runInBackground(
        this, m_pool,
        [store = m_store]() -> Status {
            // The lightest call that needs the server: a catalogue query, or a directory listing.
            const Result<QStringList> names = store->listNamespaces();
            if (!names)
                return names.error();
            return Done{};
        },
        [this, serial = m_storeSerial](const Status& answer) { probed(serial, answer); });
}

void ConnectionWatch::probed(quint64 storeSerial, const Status& answer)
{
    if (storeSerial != m_storeSerial)
        return;
    m_probing = false;
    const bool lost = !answer && answer.error().kind == ErrorKind::Connection;
    if (lost) {
        if (m_connected) {
            m_connected = false;
            Q_EMIT disconnected(answer.error().message);
        }
        m_retry.start();
        return;
    }
    if (!m_connected) {
        m_connected = true;
        Q_EMIT reconnected();
    }
}

} // namespace mdb
