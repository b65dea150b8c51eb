#include "model/FindScan.h"

#include <limits>

namespace mdb {

namespace {

constexpr qint64 MaxChunk = 5000000;
constexpr qint64 MinChunk = 1000;
constexpr qint64 Unlimited = std::numeric_limits<qint64>::max();

query::Filter timeFilter(const QString& op, qint64 micros)
{
    // Built from text so that it is exactly what a user would type; the text is always valid.
    return *query::Filter::compile(QStringLiteral("time %1 \"%2\"").arg(op, timeText(micros)));
}

// `filter` and the time range, as one filter.
Result<query::Filter> withTimeRange(const query::Filter& filter, std::optional<qint64> since,
                                    std::optional<qint64> until)
{
    QString text = QStringLiteral("(%1)").arg(filter.text());
    if (since)
        text += QStringLiteral(" and time >= \"%1\"").arg(timeText(*since));
    if (until)
        text += QStringLiteral(" and time <= \"%1\"").arg(timeText(*until));
    return query::Filter::compile(text);
}

} // namespace

Result<std::optional<Message>> seekTime(Store& store, const QString& ns,
                                        const std::optional<QString>& category, qint64 timeMicros,
                                        const std::shared_ptr<QueryCancel>& cancel)
{
    const Result<std::optional<Message>> first = store.messageNear(ns, category, 0, false);
    if (!first || !*first)
        return first;
    const Result<std::optional<Message>> last = store.messageNear(ns, category, Unlimited, true);
    if (!last || !*last)
        return last;
    // P(g): the message at or after g is no older than timeMicros - skew. Once a message at or
    // after the time is reached, P holds for every later position, skew included; so the
    // boundary found below is at or before the answer, and the scan forward from it is exact.
    const qint64 floor = timeMicros - TimeSkewMicros;
    qint64 hi = (*last)->globalPosition;
    if ((*last)->timeMicros < floor)
        return std::optional<Message>{};
    qint64 lo = (*first)->globalPosition;
    if ((*first)->timeMicros >= floor) {
        hi = lo;
    } else {
        while (hi - lo > 1) {
            if (cancel && cancel->isCancelled())
                return StoreError::make(ErrorKind::Timeout,
                                        QStringLiteral("canceling statement due to user request"));
            const qint64 mid = lo + (hi - lo) / 2;
            const Result<std::optional<Message>> probe = store.messageNear(ns, category, mid, false);
            if (!probe)
                return probe.error();
            if (*probe && (*probe)->timeMicros >= floor)
                hi = mid;
            else
                lo = mid;
        }
    }
    FindQuery forward;
    forward.filter = timeFilter(QStringLiteral(">="), timeMicros);
    forward.scope = category ? FindQuery::Scope::Category : FindQuery::Scope::Namespace;
    forward.scopeName = category.value_or(QString());
    forward.from = hi;
    forward.to = (*last)->globalPosition;
    forward.limit = 1;
    forward.cancel = cancel;
    return store.findMessages(ns, forward).transform([](const FindChunk& chunk) -> std::optional<Message> {
        if (chunk.matches.isEmpty())
            return std::nullopt;
        return chunk.matches.constFirst();
    });
}

FindScan::FindScan(std::shared_ptr<Store> store, QString ns, FindRequest request,
                   std::shared_ptr<QueryCancel> cancel)
    : m_store(std::move(store))
    , m_ns(std::move(ns))
    , m_request(std::move(request))
    , m_cancel(std::move(cancel))
{
    m_allowed = m_request.maxMatches > 0 ? m_request.maxMatches : Unlimited;
}

Status FindScan::start()
{
    const FindRequest& r = m_request;
    if (r.sinceMicros || r.untilMicros) {
        Result<query::Filter> ranged = withTimeRange(r.filter, r.sinceMicros, r.untilMicros);
        if (!ranged)
            return ranged.error();
        m_request.filter = *ranged;
    }
    m_first = std::max<qint64>(r.from, 0);
    if (r.scope == FindQuery::Scope::Stream) {
        // A stream is scanned by position, through the stream index.
        const Result<std::optional<qint64>> version = m_store->streamVersion(m_ns, r.scopeName);
        if (!version)
            return version.error();
        m_last = std::min(version->value_or(-1), r.to.value_or(Unlimited));
        m_next = m_first;
        return Done{};
    }
    const std::optional<QString> category =
        r.scope == FindQuery::Scope::Category ? std::optional<QString>(r.scopeName) : std::nullopt;
    const Result<std::optional<Message>> head = m_store->messageNear(m_ns, category, Unlimited, true);
    if (!head)
        return head.error();
    m_last = *head ? std::min((*head)->globalPosition, r.to.value_or(Unlimited)) : -1;
    // Progress counts from the scope's first message on, not from position 0.
    const Result<std::optional<Message>> firstMessage = m_store->messageNear(m_ns, category, m_first, false);
    if (!firstMessage)
        return firstMessage.error();
    if (*firstMessage)
        m_first = (*firstMessage)->globalPosition;
    if (r.sinceMicros) {
        const Result<std::optional<Message>> since =
            seekTime(*m_store, m_ns, category, *r.sinceMicros, m_cancel);
        if (!since)
            return since.error();
        if (!*since)
            m_last = -1; // nothing that new
        else
            m_first = std::max(m_first, (*since)->globalPosition);
    }
    if (r.untilMicros && m_last >= 0) {
        // Every message from the first one past until + skew on is newer than until.
        const Result<std::optional<Message>> after =
            seekTime(*m_store, m_ns, category, *r.untilMicros + TimeSkewMicros + 1, m_cancel);
        if (!after)
            return after.error();
        if (*after)
            m_last = std::min(m_last, (*after)->globalPosition - 1);
    }
    m_next = m_first;
    return Done{};
}

Result<MessageList> FindScan::next()
{
    if (m_outcome != Outcome::Running)
        return MessageList{};
    if (m_next > m_last) {
        m_outcome = Outcome::Finished;
        return MessageList{};
    }
    FindQuery q;
    q.filter = m_request.filter;
    q.scope = m_request.scope;
    q.scopeName = m_request.scopeName;
    q.from = m_next;
    q.to = m_last - m_next < m_chunk ? m_last : m_next + m_chunk - 1;
    q.limit = m_allowed - m_matches;
    q.cancel = m_cancel;
    QElapsedTimer timer;
    timer.start();
    Result<FindChunk> chunk = m_store->findMessages(m_ns, q);
    if (!chunk)
        return chunk.error();
    const qint64 ms = timer.elapsed();
    // Chunks sized to the database's pace: a cancel is honoured between two of them.
    if (ms < TargetChunkMs / 2)
        m_chunk = std::min(MaxChunk, m_chunk * 2);
    else if (ms > TargetChunkMs * 2)
        m_chunk = std::max(MinChunk, m_chunk / 2);
    m_next = chunk->scannedThrough + 1;
    m_matches += chunk->matches.size();
    if (m_next > m_last)
        m_outcome = Outcome::Finished;
    else if (m_matches >= m_allowed)
        m_outcome = Outcome::CapReached;
    return std::move(chunk->matches);
}

Result<MessageList> findAll(std::shared_ptr<Store> store, const QString& ns, FindRequest request,
                            std::shared_ptr<QueryCancel> cancel,
                            const std::function<void(const FindScan&)>& afterChunk)
{
    FindScan scan(std::move(store), ns, std::move(request), std::move(cancel));
    if (Status started = scan.start(); !started)
        return started.error();
    MessageList all;
    while (scan.outcome() == FindScan::Outcome::Running) {
        Result<MessageList> found = scan.next();
        if (!found)
            return found.error();
        all += *found;
        if (afterChunk)
            afterChunk(scan);
    }
    return all;
}

void FindScan::allowMore(qint64 more)
{
    if (m_outcome != Outcome::CapReached)
        return;
    m_allowed = m_matches + more;
    m_outcome = m_next > m_last ? Outcome::Finished : Outcome::Running;
}

} // namespace mdb
