#include "model/CategoryTail.h"

#include "model/Background.h"
#include "model/WorkerPools.h"

#include <algorithm>

namespace mdb {

CategoryTail::CategoryTail(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(PollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &CategoryTail::poll);
}

void CategoryTail::start(std::shared_ptr<Store> store, const QString& ns, const QString& category,
                         qint64 fromGlobalPosition)
{
    stop();
    m_store = std::move(store);
    m_namespace = ns;
    m_category = category;
    m_next = fromGlobalPosition;
    m_running = true;
    m_timer.start();
}

void CategoryTail::stop()
{
    m_running = false;
    m_inFlight = false;
    ++m_generation; // a read still on its way is dropped when it lands
    m_timer.stop();
}

void CategoryTail::poll()
{
    if (!m_running || m_inFlight || !m_store)
        return;
    m_inFlight = true;
    const quint64 generation = m_generation;
    runInBackground(
        this, interactivePool(),
        [store = m_store, ns = m_namespace, category = m_category, from = m_next] {
            return store->categoryStreamSightings(ns, category, from, ScanBatch);
        },
        [this, generation](const Result<QList<StreamSighting>>& sightings) {
            if (generation != m_generation)
                return;
            m_inFlight = false;
            if (!sightings) {
                stop();
                Q_EMIT failed(sightings.error());
                return;
            }
            if (sightings->isEmpty())
                return;
            m_next = sightings->constLast().globalPosition + 1;
            Q_EMIT arrived(*sightings);
            if (sightings->size() == ScanBatch)
                QTimer::singleShot(0, this, &CategoryTail::poll); // still behind: read on at once
        });
}

void MemberRates::reset(int members)
{
    m_arrivals = QList<QList<qint64>>(std::max(members, 0));
    m_startedMs = -1;
}

void MemberRates::record(int member, qint64 nowMs)
{
    if (m_startedMs < 0)
        m_startedMs = nowMs;
    if (member >= 0 && member < m_arrivals.size())
        m_arrivals[member].append(nowMs);
}

QList<double> MemberRates::rates(qint64 nowMs)
{
    QList<double> result(m_arrivals.size(), 0.0);
    if (m_startedMs < 0)
        return result;
    // Over the window, or over the time since the first arrival while the window is not yet full.
    const qint64 span = std::clamp<qint64>(nowMs - m_startedMs, 1000, WindowMs);
    for (qsizetype m = 0; m < m_arrivals.size(); ++m) {
        QList<qint64>& arrivals = m_arrivals[m];
        arrivals.erase(arrivals.cbegin(),
                       std::lower_bound(arrivals.cbegin(), arrivals.cend(), nowMs - WindowMs));
        result[m] = double(arrivals.size()) * 1000.0 / double(span);
    }
    return result;
}

} // namespace mdb
