#pragma once

#include "storage/Store.h"

#include <QElapsedTimer>

#include <functional>
#include <memory>
#include <optional>

namespace mdb {

// How far Message DB's times may run out of global-position order. A message's time is its write
// transaction's start, and its global position comes when it inserts: a transaction that runs
// for S seconds can leave messages up to S seconds older than some before them. Go-to-time and
// time ranges are exact as long as no write transaction lasts longer (docs/find.md).
constexpr qint64 TimeSkewMicros = 10 * 1000000;

// What a search looks at: a filter over a scope (the namespace, a category or a stream), from a
// position on, optionally within a time range, up to a number of matches.
struct FindRequest
{
    query::Filter filter;
    FindQuery::Scope scope = FindQuery::Scope::Namespace;
    QString scopeName;
    std::optional<qint64> sinceMicros; // time >= since
    std::optional<qint64> untilMicros; // time <= until
    qint64 from = 0;                   // where to start (global position; stream: position)
    std::optional<qint64> to;          // where to stop, inclusive; absent: the scope's last
    qint64 maxMatches = 1000;          // the cap; 0 for none
};

// The first message at or after `timeMicros` (of `category`, when given): a binary search over
// global positions (time has no index), then a short forward scan that makes the answer exact
// despite times out of order by up to TimeSkewMicros. Absent when every message is older.
Result<std::optional<Message>> seekTime(Store& store, const QString& ns,
                                        const std::optional<QString>& category, qint64 timeMicros,
                                        const std::shared_ptr<QueryCancel>& cancel = {});

// A search walked in bounded chunks of positions, each evaluated by the database, sized so that a
// chunk takes about TargetChunkMs (so a cancel between chunks is prompt and progress moves). Runs
// synchronously on the calling thread: mdbctl runs it inline, FindSession on a worker.
class FindScan
{
public:
    static constexpr qint64 TargetChunkMs = 60;
    static constexpr qint64 FirstChunk = 20000;

    enum class Outcome
    {
        Running,
        Finished,   // the whole range was scanned
        CapReached, // the cap on matches stopped it; continue() goes on ("find more")
    };

    FindScan(std::shared_ptr<Store> store, QString ns, FindRequest request,
             std::shared_ptr<QueryCancel> cancel = {});

    // Finds where the range starts and ends: the scope's first and last positions, and the time
    // range's through seekTime.
    Status start();
    // Scans the next chunk; its matches (at most what the cap leaves).
    Result<MessageList> next();
    // After CapReached: allows `more` matches again from where the scan stopped.
    void allowMore(qint64 more);

    Outcome outcome() const { return m_outcome; }
    qint64 matches() const { return m_matches; }
    qint64 first() const { return m_first; }
    qint64 last() const { return m_last; }
    // The last position looked at; the scan goes on after it.
    qint64 scannedThrough() const { return m_next - 1; }
    // Of the range's positions, how many have been looked at, and how many there are.
    qint64 scanned() const { return std::max<qint64>(0, m_next - m_first); }
    qint64 total() const { return std::max<qint64>(0, m_last - m_first + 1); }
    const FindRequest& request() const { return m_request; }

private:
    std::shared_ptr<Store> m_store;
    QString m_ns;
    FindRequest m_request;
    std::shared_ptr<QueryCancel> m_cancel;
    qint64 m_first = 0;
    qint64 m_last = -1;
    qint64 m_next = 0;
    qint64 m_chunk = FirstChunk;
    qint64 m_matches = 0;
    qint64 m_allowed = 0; // matches allowed before the cap
    Outcome m_outcome = Outcome::Running;
};

// Every match of a request (up to its cap), the scan run to its end on the calling thread;
// `afterChunk` sees the scan after each chunk, for progress.
Result<MessageList> findAll(std::shared_ptr<Store> store, const QString& ns, FindRequest request,
                            std::shared_ptr<QueryCancel> cancel = {},
                            const std::function<void(const FindScan&)>& afterChunk = {});

} // namespace mdb
