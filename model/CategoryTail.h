#pragma once

#include "storage/Store.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace mdb {

// Follows a category's new messages by global position, as a consumer would: polls on a worker
// thread, reads at most ScanBatch stream sightings at a time and reads again at once while it is
// behind. Nothing runs while it is stopped; answers that arrive after stop() are dropped.
class CategoryTail : public QObject
{
    Q_OBJECT
public:
    static constexpr int PollIntervalMs = 200;
    static constexpr qint64 ScanBatch = 5000;

    explicit CategoryTail(QObject* parent = nullptr);

    // Follows `category` from `fromGlobalPosition` on.
    void start(std::shared_ptr<Store> store, const QString& ns, const QString& category,
               qint64 fromGlobalPosition);
    void stop();
    bool isRunning() const { return m_running; }
    qint64 nextGlobalPosition() const { return m_next; }

Q_SIGNALS:
    void arrived(const QList<mdb::StreamSighting>& sightings);
    void failed(const mdb::StoreError& error); // the tail has stopped

private:
    void poll();

    std::shared_ptr<Store> m_store;
    QString m_namespace;
    QString m_category;
    qint64 m_next = 1;
    bool m_running = false;
    bool m_inFlight = false;
    quint64 m_generation = 0;
    QTimer m_timer;
};

// Messages per second per member over a sliding window, from arrivals recorded as they come.
class MemberRates
{
public:
    static constexpr qint64 WindowMs = 3000;

    void reset(int members);
    void record(int member, qint64 nowMs);
    // Every member's rate as of `nowMs`; arrivals older than the window are forgotten.
    QList<double> rates(qint64 nowMs);

private:
    QList<QList<qint64>> m_arrivals; // per member, arrival times in ms, oldest first
    qint64 m_startedMs = -1;
};

} // namespace mdb
