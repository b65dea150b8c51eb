#include "model/StressDriver.h"

#include "storage/Store.h"

#include <poll.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace mdb {

namespace {

double msSince(const std::chrono::steady_clock::time_point& start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

StressDriver::StressDriver(std::shared_ptr<Store> target, StressConfig config, QString runId)
    : store(std::move(target))
    , workload(std::move(config), std::move(runId))
    , metrics(workload.config().writers)
{
    writersRunning = workload.config().writers;
    m_writersConnecting = workload.config().writers;
}

double StressDriver::elapsedMs() const
{
    return msSince(m_started);
}

StressDriver::Turn StressDriver::nextTurn(const Cursor& c, double& waitMs)
{
    if (stop.load())
        return Turn::End;
    const double now = elapsedMs();
    if (config().count == 0 && now >= connectedMs() + double(config().warmupMs + config().durationMs))
        return Turn::End;
    if (config().targetRate > 0) {
        const double interval = double(config().writers) * 1000.0 / config().targetRate;
        const double due = connectedMs() + double(c.sequence) * interval;
        if (due > now) {
            waitMs = due - now;
            return Turn::Wait;
        }
    }
    if (config().count > 0 && m_tickets.fetch_add(1) >= config().count)
        return Turn::End;
    return Turn::Write;
}

StressDriver::Outcome StressDriver::record(Cursor& c, const WriteRequest& request,
                                           const Result<qint64>& written, double latencyMs)
{
    WriterMetrics& me = metrics.writer(c.writer);
    const bool measure = measured();
    if (written) {
        c.versions.insert(c.stream, *written);
        const AcknowledgedWrite acknowledged{*request.id, c.stream, *written,  request.type,
                                             c.data,      c.writer, c.sequence};
        if (config().onAcknowledged)
            config().onAcknowledged(acknowledged);
        // Kept only when verified; its data is rendered as the store shows it then.
        me.acknowledged(acknowledged, config().verify, measure, latencyMs);
        ++c.sequence;
        return Outcome::Done;
    }
    if (written.error().kind == ErrorKind::WrongExpectedVersion) {
        // Until acknowledged or failed for another reason: a conflict re-reads the stream's
        // version and tries again, as an application would.
        me.conflict(measure);
        const Result<std::optional<qint64>> version = store->streamVersion(config().ns, c.stream);
        c.versions.insert(c.stream, version && *version ? **version : -1);
        if (!stop.load())
            return Outcome::Retry;
        ++c.sequence;
        return Outcome::Done;
    }
    me.error(written.error().message);
    ++c.sequence;
    return Outcome::Failed;
}

void StressDriver::writerEnded()
{
    const qint64 endedUs = qint64(elapsedMs() * 1000);
    qint64 previous = m_writingEndedUs.load();
    while (endedUs > previous && !m_writingEndedUs.compare_exchange_weak(previous, endedUs)) {
    }
    --writersRunning;
}

void StressDriver::writeLoop(int w)
{
    Cursor c = workload.cursorFor(w);
    connect();
    for (;;) {
        double waitMs = 0;
        const Turn turn = nextTurn(c, waitMs);
        if (turn == Turn::End)
            break;
        if (turn == Turn::Wait) {
            std::this_thread::sleep_for(std::chrono::microseconds(qint64(waitMs * 1000)));
            continue;
        }
        workload.beginWrite(c);
        for (;;) {
            const WriteRequest request = workload.attempt(c);
            const auto t0 = std::chrono::steady_clock::now();
            const Result<qint64> written = store->writeMessage(config().ns, request);
            const Outcome outcome = record(c, request, written, msSince(t0));
            if (outcome == Outcome::Retry)
                continue;
            if (outcome == Outcome::Failed) // so that a dead server is not hammered
                std::this_thread::sleep_for(std::chrono::milliseconds(ErrorPauseMs));
            break;
        }
    }
    writerEnded();
}

void StressDriver::driveLoop(const std::vector<int>& writerIndices)
{
    // Each writer keeps its own connection and one write in flight; this thread sends on every
    // connection that is free and waits on all their sockets at once, as a pgbench thread does.
    struct Slot
    {
        Cursor cursor;
        std::unique_ptr<WriteChannel> channel;
        WriteRequest request;
        std::chrono::steady_clock::time_point sentAt;
        double notBeforeMs = 0; // a pause after an error, or the target rate's schedule
        bool underWay = false;  // a write begun and not yet settled
        bool ended = false;
    };
    std::vector<Slot> slots(writerIndices.size());
    for (size_t i = 0; i < slots.size(); ++i) {
        slots[i].cursor = workload.cursorFor(writerIndices[i]);
        slots[i].channel = store->writeChannel(config().ns);
        (void)slots[i].channel->open(); // a failure is met again, and counted, at the first write
    }
    arrive(int(slots.size()));

    const auto sendAttempt = [this](Slot& s) {
        s.request = workload.attempt(s.cursor);
        s.sentAt = std::chrono::steady_clock::now();
        return s.channel->send(s.request);
    };
    // Settles the outcome of the write under way: a conflict sends it again at once (its version
    // read anew), any other outcome ends it, an error with a pause.
    const auto settle = [this, &sendAttempt](Slot& s, Result<qint64> written) {
        for (;;) {
            const Outcome outcome = record(s.cursor, s.request, written, msSince(s.sentAt));
            if (outcome != Outcome::Retry) {
                s.underWay = false;
                if (outcome == Outcome::Failed)
                    s.notBeforeMs = elapsedMs() + ErrorPauseMs;
                return;
            }
            const Status sent = sendAttempt(s);
            if (sent)
                return;
            written = sent.error();
        }
    };

    size_t running = slots.size();
    std::vector<pollfd> sockets;
    std::vector<Slot*> waiting;
    while (running > 0) {
        double wakeMs = elapsedMs() + TickMs; // looks at the stop flag at least this often
        for (Slot& s : slots) {
            if (s.ended || s.channel->inFlight())
                continue;
            const double now = elapsedMs();
            if (s.notBeforeMs > now) {
                wakeMs = std::min(wakeMs, s.notBeforeMs);
                continue;
            }
            if (!s.underWay) {
                double waitMs = 0;
                const Turn turn = nextTurn(s.cursor, waitMs);
                if (turn == Turn::End) {
                    s.ended = true;
                    --running;
                    writerEnded();
                    continue;
                }
                if (turn == Turn::Wait) {
                    s.notBeforeMs = now + waitMs;
                    wakeMs = std::min(wakeMs, s.notBeforeMs);
                    continue;
                }
                workload.beginWrite(s.cursor);
                s.underWay = true;
            }
            if (const Status sent = sendAttempt(s); !sent)
                settle(s, sent.error());
            if (!s.channel->inFlight())
                wakeMs = std::min(wakeMs, s.notBeforeMs);
        }
        sockets.clear();
        waiting.clear();
        for (Slot& s : slots) {
            if (s.channel->inFlight()) {
                sockets.push_back({s.channel->socket(), POLLIN, 0});
                waiting.push_back(&s);
            }
        }
        const int timeoutMs = int(std::clamp(std::ceil(wakeMs - elapsedMs()), 0.0, double(TickMs)));
        if (sockets.empty()) {
            if (running > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(timeoutMs));
            continue;
        }
        if (::poll(sockets.data(), nfds_t(sockets.size()), timeoutMs) <= 0)
            continue;
        for (size_t i = 0; i < sockets.size(); ++i) {
            if (sockets[i].revents == 0)
                continue;
            if (std::optional<Result<qint64>> written = waiting[i]->channel->receive())
                settle(*waiting[i], *written);
        }
    }
}

void StressDriver::connect()
{
    // The cheapest call that opens the thread's connection (PostgreSQL) and finds the namespace.
    // A failure is not counted here: the first write meets it again and reports it.
    (void)store->messageStoreVersion(config().ns);
    arrive(1);
}

void StressDriver::arrive(int count)
{
    if (m_writersConnecting.fetch_sub(count) == count)
        m_connectedUs = qint64(elapsedMs() * 1000);
    while (m_connectedUs.load() < 0 && !stop.load())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void StressDriver::readLoop()
{
    // Pages through the category as a consumer would, from the start again when caught up.
    const QString category = workload.categoryOf(0);
    qint64 position = 1;
    while (!stop.load()) {
        const Result<MessageList> page =
            store->categoryMessages(config().ns, {category, position, 100, {}, {}, {}, {}});
        if (!page || page->isEmpty()) {
            position = 1;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        reads += page->size();
        position = page->constLast().globalPosition + 1;
    }
}

} // namespace mdb
