#include "model/StressRun.h"

#include "storage/JsonbText.h"
#include "storage/Store.h"
#include "storage/Uuid.h"

#include <QEventLoop>
#include <QHash>
#include <QRandomGenerator>

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace mdb {

namespace {

constexpr int TickMs = 100;      // how often the run checks its end
constexpr int SampleMs = 1000;   // one chart sample a second
constexpr int ErrorPauseMs = 20; // after a failed write, so a dead server is not hammered

double msSince(const std::chrono::steady_clock::time_point& start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

struct StressRun::Shared
{
    struct Writer
    {
        std::mutex mutex;          // guards everything below; held briefly by the writer and the ticker
        std::vector<double> fresh; // latencies since the last tick
        std::vector<double> all;   // every measured latency
        qint64 writes = 0, conflicts = 0, errors = 0;
        qint64 tickWrites = 0, tickConflicts = 0, tickErrors = 0;
        QMap<QString, qint64> errorsByKind;
        QList<AcknowledgedWrite> acknowledged; // kept when the run verifies
        qint64 acknowledgedCount = 0;
    };

    std::shared_ptr<Store> store;
    StressConfig config;
    QString runId;
    std::atomic<bool> stop{false};
    std::atomic<bool> cancelled{false};       // writing stopped before its end
    std::atomic<bool> verifyCancelled{false}; // verification stopped too
    std::atomic<qint64> tickets{0};
    std::atomic<int> writersRunning{0};
    std::atomic<qint64> reads{0};
    std::chrono::steady_clock::time_point started;
    std::vector<std::unique_ptr<Writer>> writers;
    QList<StressSample> samples;
    std::atomic<qint64> verifyProgress{0};
    std::atomic<qint64> writingEndedUs{0}; // when the last writer stopped, since `started`
    std::atomic<int> writersConnecting{0};
    std::atomic<qint64> connectedUs{-1}; // when the last writer had its connection, since `started`
    int clientThreads = 0;               // threads driving the writers
    double nextSampleMs = 0;

    QString categoryOf(int writer) const
    {
        if (config.mode == StressMode::Distinct)
            return QStringLiteral("stress%1w%2").arg(runId).arg(writer);
        return QStringLiteral("stress%1").arg(runId);
    }
    QStringList categories() const
    {
        if (config.mode != StressMode::Distinct)
            return {categoryOf(0)};
        QStringList all;
        for (int w = 0; w < config.writers; ++w)
            all << categoryOf(w);
        return all;
    }
    QString streamOf(int writer, int index) const
    {
        switch (config.mode) {
        case StressMode::SameStream:
            return categoryOf(0) + QStringLiteral("-0");
        case StressMode::Distinct:
            return categoryOf(writer) + u'-' + QString::number(index);
        default:
            return categoryOf(0) + QStringLiteral("-w%1s%2").arg(writer).arg(index);
        }
    }
    // The run's clock starts once every writer has its connection: a run measures writes, not
    // logins (pgbench leaves its connecting out of its figures too).
    double connectedMs() const { return double(std::max<qint64>(0, connectedUs.load())) / 1000.0; }
    bool measured() const { return msSince(started) >= connectedMs() + double(config.warmupMs); }
    // Opens the calling writer thread's connection, then waits for every writer to have one.
    void connect();
    // `count` writers have their connections; waits for the others.
    void arrive(int count);

    // One writer's place in its run: the stream and data of the write under way, its sequence,
    // the versions it has seen.
    struct Cursor
    {
        int writer = 0;
        QStringList streams;
        int next = 0;
        qint64 sequence = 0;
        QHash<QString, qint64> versions;
        QString pad; // fills each message to the configured payload size
        QString stream;
        QString data;
    };
    enum class Turn
    {
        Write,
        Wait, // the target rate's schedule: not yet
        End,
    };
    enum class Outcome
    {
        Done,   // acknowledged, or given up after a conflict because the run stops
        Retry,  // a conflict: the version has been read again, try again
        Failed, // counted as an error; the writer pauses before its next write
    };
    Cursor cursorFor(int w) const;
    Turn nextTurn(const Cursor& c, double& waitMs);
    void beginWrite(Cursor& c) const;
    WriteRequest attempt(const Cursor& c) const;
    Outcome record(Cursor& c, const WriteRequest& request, const Result<qint64>& written, double latencyMs);
    void writerEnded();

    void writeLoop(int w);
    void driveLoop(const std::vector<int>& writerIndices);
    void readLoop();
};

StressRun::Shared::Cursor StressRun::Shared::cursorFor(int w) const
{
    Cursor c;
    c.writer = w;
    const int streamCount = config.mode == StressMode::SameStream ? 1 : std::max(1, config.streamsPerWriter);
    for (int i = 0; i < streamCount; ++i)
        c.streams << streamOf(w, i);
    c.pad = QString(std::max(0, config.payloadBytes - 40), u'x');
    return c;
}

StressRun::Shared::Turn StressRun::Shared::nextTurn(const Cursor& c, double& waitMs)
{
    if (stop.load())
        return Turn::End;
    const double now = msSince(started);
    if (config.count == 0 && now >= connectedMs() + double(config.warmupMs + config.durationMs))
        return Turn::End;
    if (config.targetRate > 0) {
        const double interval = double(config.writers) * 1000.0 / config.targetRate;
        const double due = connectedMs() + double(c.sequence) * interval;
        if (due > now) {
            waitMs = due - now;
            return Turn::Wait;
        }
    }
    if (config.count > 0 && tickets.fetch_add(1) >= config.count)
        return Turn::End;
    return Turn::Write;
}

void StressRun::Shared::beginWrite(Cursor& c) const
{
    c.stream = c.streams.at(c.next++ % c.streams.size());
    // Built in one allocation: the writers' own work competes with the writes they measure.
    c.data = u"{\"writer\": " + QString::number(c.writer) + u", \"seq\": " + QString::number(c.sequence) +
             u", \"pad\": \"" + c.pad + u"\"}";
}

WriteRequest StressRun::Shared::attempt(const Cursor& c) const
{
    WriteRequest request{newUuid(), c.stream, QStringLiteral("StressWritten"), c.data, {}, {}};
    // Racing writers need the expected version; writers of their own streams write as
    // applications appending events usually do, without one.
    if (config.mode == StressMode::SameStream)
        request.expectedVersion = c.versions.value(c.stream, -1);
    return request;
}

StressRun::Shared::Outcome StressRun::Shared::record(Cursor& c, const WriteRequest& request,
                                                     const Result<qint64>& written, double latencyMs)
{
    Writer& me = *writers.at(c.writer);
    const bool measure = measured();
    if (written) {
        c.versions.insert(c.stream, *written);
        const AcknowledgedWrite acknowledged{*request.id, c.stream, *written,  request.type,
                                             c.data,      c.writer, c.sequence};
        if (config.onAcknowledged)
            config.onAcknowledged(acknowledged);
        std::lock_guard lock(me.mutex);
        ++me.acknowledgedCount;
        if (config.verify) // data rendered as the store shows it when verified
            me.acknowledged.append(acknowledged);
        if (measure) {
            ++me.writes;
            ++me.tickWrites;
            me.fresh.push_back(latencyMs);
            me.all.push_back(latencyMs);
        }
        ++c.sequence;
        return Outcome::Done;
    }
    if (written.error().kind == ErrorKind::WrongExpectedVersion) {
        // Until acknowledged or failed for another reason: a conflict re-reads the stream's
        // version and tries again, as an application would.
        {
            std::lock_guard lock(me.mutex);
            if (measure) {
                ++me.conflicts;
                ++me.tickConflicts;
            }
        }
        const Result<std::optional<qint64>> version = store->streamVersion(config.ns, c.stream);
        c.versions.insert(c.stream, version && *version ? **version : -1);
        if (!stop.load())
            return Outcome::Retry;
        ++c.sequence;
        return Outcome::Done;
    }
    {
        std::lock_guard lock(me.mutex);
        ++me.errors;
        ++me.tickErrors;
        ++me.errorsByKind[written.error().message];
    }
    ++c.sequence;
    return Outcome::Failed;
}

void StressRun::Shared::writerEnded()
{
    const qint64 endedUs = qint64(msSince(started) * 1000);
    qint64 previous = writingEndedUs.load();
    while (endedUs > previous && !writingEndedUs.compare_exchange_weak(previous, endedUs)) {
    }
    --writersRunning;
}

void StressRun::Shared::writeLoop(int w)
{
    Cursor c = cursorFor(w);
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
        beginWrite(c);
        for (;;) {
            const WriteRequest request = attempt(c);
            const auto t0 = std::chrono::steady_clock::now();
            const Result<qint64> written = store->writeMessage(config.ns, request);
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

void StressRun::Shared::driveLoop(const std::vector<int>& writerIndices)
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
        slots[i].cursor = cursorFor(writerIndices[i]);
        slots[i].channel = store->writeChannel(config.ns);
        (void)slots[i].channel->open(); // a failure is met again, and counted, at the first write
    }
    arrive(int(slots.size()));

    const auto sendAttempt = [this](Slot& s) {
        s.request = attempt(s.cursor);
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
                    s.notBeforeMs = msSince(started) + ErrorPauseMs;
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
        double wakeMs = msSince(started) + TickMs; // looks at the stop flag at least this often
        for (Slot& s : slots) {
            if (s.ended || s.channel->inFlight())
                continue;
            const double now = msSince(started);
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
                beginWrite(s.cursor);
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
        const int timeoutMs = int(std::clamp(std::ceil(wakeMs - msSince(started)), 0.0, double(TickMs)));
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

void StressRun::Shared::connect()
{
    // The cheapest call that opens the thread's connection (PostgreSQL) and finds the namespace.
    // A failure is not counted here: the first write meets it again and reports it.
    (void)store->messageStoreVersion(config.ns);
    arrive(1);
}

void StressRun::Shared::arrive(int count)
{
    if (writersConnecting.fetch_sub(count) == count)
        connectedUs = qint64(msSince(started) * 1000);
    while (connectedUs.load() < 0 && !stop.load())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void StressRun::Shared::readLoop()
{
    // Pages through the category as a consumer would, from the start again when caught up.
    const QString category = categoryOf(0);
    qint64 position = 1;
    while (!stop.load()) {
        const Result<MessageList> page =
            store->categoryMessages(config.ns, {category, position, 100, {}, {}, {}, {}});
        if (!page || page->isEmpty()) {
            position = 1;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        reads += page->size();
        position = page->constLast().globalPosition + 1;
    }
}

StressRun::StressRun(QObject* parent)
    : QObject(parent)
{
    m_ticker.setInterval(TickMs);
    connect(&m_ticker, &QTimer::timeout, this, &StressRun::tick);
}

StressRun::~StressRun()
{
    if (m_shared) {
        m_shared->stop = true;
        m_shared->verifyCancelled = true;
    }
    for (std::thread& t : m_threads)
        t.join();
    if (m_verifier.joinable())
        m_verifier.join();
}

void StressRun::start(std::shared_ptr<Store> store, const StressConfig& config)
{
    m_shared = std::make_shared<Shared>();
    m_shared->store = std::move(store);
    m_shared->config = config;
    m_shared->config.writers = std::max(1, config.writers);
    m_shared->runId = QString::number(QRandomGenerator::global()->generate64() % 0xffffffffffULL, 16);
    m_shared->started = std::chrono::steady_clock::now();
    for (int w = 0; w < m_shared->config.writers; ++w)
        m_shared->writers.push_back(std::make_unique<Shared::Writer>());
    m_shared->writersRunning = m_shared->config.writers;
    m_shared->writersConnecting = m_shared->config.writers;
    m_running = true;
    m_shared->nextSampleMs = SampleMs;
    const int writers = m_shared->config.writers;
    // Writers share client threads only where the store sends writes without waiting for them.
    if (config.threads > 0 && config.threads < writers && m_shared->store->capabilities().writeChannels) {
        m_shared->clientThreads = config.threads;
        for (int t = 0; t < config.threads; ++t) {
            std::vector<int> mine;
            for (int w = t; w < writers; w += config.threads)
                mine.push_back(w);
            m_threads.emplace_back([shared = m_shared, mine] { shared->driveLoop(mine); });
        }
    } else {
        m_shared->clientThreads = writers;
        for (int w = 0; w < writers; ++w)
            m_threads.emplace_back([shared = m_shared, w] { shared->writeLoop(w); });
    }
    if (config.mode == StressMode::Mixed) {
        for (int r = 0; r < std::max(1, config.readers); ++r)
            m_threads.emplace_back([shared = m_shared] { shared->readLoop(); });
    }
    m_ticker.start();
}

void StressRun::cancel()
{
    if (!m_shared || !m_running)
        return;
    if (m_shared->stop.load() && m_shared->writersRunning.load() == 0) {
        m_shared->verifyCancelled = true; // writing is over: a cancel now stops the verification
        return;
    }
    m_shared->cancelled = true;
    m_shared->stop = true;
}

void StressRun::cancelAll()
{
    if (!m_shared)
        return;
    m_shared->cancelled = m_shared->writersRunning.load() > 0;
    m_shared->stop = true;
    m_shared->verifyCancelled = true;
}

void StressRun::tick()
{
    Shared& s = *m_shared;
    const double elapsed = msSince(s.started);
    const bool writingDone = s.writersRunning.load() == 0;
    // Nothing to chart while the writers connect: the run's seconds count from when they all have.
    if (!writingDone && (s.connectedUs.load() < 0 || elapsed < s.nextSampleMs))
        return;
    s.nextSampleMs = elapsed + SampleMs;
    StressSample sample;
    sample.second = std::max(0.0, (elapsed - s.connectedMs() - double(s.config.warmupMs)) / 1000.0);
    std::vector<double> latencies;
    for (const auto& w : s.writers) {
        std::lock_guard lock(w->mutex);
        sample.writes += w->tickWrites;
        sample.conflicts += w->tickConflicts;
        sample.errors += w->tickErrors;
        w->tickWrites = w->tickConflicts = w->tickErrors = 0;
        latencies.insert(latencies.end(), w->fresh.begin(), w->fresh.end());
        w->fresh.clear();
    }
    sample.latency = LatencySummary::of(std::move(latencies));
    if (s.measured() && (sample.writes > 0 || !writingDone)) {
        s.samples.append(sample);
        Q_EMIT this->sample(sample);
    }
    if (writingDone) {
        s.stop = true; // readers too
        m_ticker.stop();
        finish();
    }
}

void StressRun::finish()
{
    // Joining the threads, the totals over every latency and the verification may take long
    // after a long run: all on a thread of their own, the GUI thread only gets the summary.
    if (m_verifier.joinable())
        m_verifier.join();
    m_verifier = std::thread([this, shared = m_shared, threads = std::move(m_threads)]() mutable {
        for (std::thread& t : threads)
            t.join();
        const Shared& s = *shared;
        auto summary = std::make_shared<StressSummary>();
        summary->config = s.config;
        summary->runId = s.runId;
        summary->clientThreads = s.clientThreads;
        summary->cancelled = s.cancelled.load();
        summary->seconds = std::max(
            0.001, (double(s.writingEndedUs.load()) / 1000.0 - s.connectedMs() - double(s.config.warmupMs)) /
                       1000.0);
        summary->samples = s.samples;
        summary->reads = s.reads.load();
        std::vector<double> all;
        QList<AcknowledgedWrite> acknowledged;
        for (const auto& w : s.writers) {
            WriterResult r;
            r.writes = w->writes;
            r.conflicts = w->conflicts;
            r.errors = w->errors;
            r.errorsByKind = w->errorsByKind;
            r.latency = LatencySummary::of(w->all);
            summary->writes += r.writes;
            summary->conflicts += r.conflicts;
            summary->errors += r.errors;
            for (auto it = r.errorsByKind.cbegin(); it != r.errorsByKind.cend(); ++it)
                summary->errorsByKind[it.key()] += it.value();
            all.insert(all.end(), w->all.begin(), w->all.end());
            acknowledged += w->acknowledged;
            summary->acknowledged += w->acknowledgedCount;
            summary->writers.append(r);
        }
        summary->latency = LatencySummary::of(std::move(all));
        summary->writesPerSecond = double(summary->writes) / summary->seconds;
        if (s.config.verify) {
            // The data as the store renders it (jsonb text), worked out here rather than in the
            // writers' measured loop.
            for (AcknowledgedWrite& write : acknowledged) {
                if (write.data)
                    if (const Result<QString> rendered = toJsonbText(*write.data))
                        write.data = *rendered;
            }
            StoreVerifier verifier(*s.store, s.config.ns);
            verifier.setCategories(s.categories());
            verifier.setAcknowledged(acknowledged);
            verifier.setCancelFlag(&shared->verifyCancelled);
            verifier.setProgress([shared](qint64 read) { shared->verifyProgress = read; });
            Result<VerifyReport> report = verifier.run();
            if (report)
                summary->verification = *report;
            else
                summary->verifyError = report.error().message;
        }
        QMetaObject::invokeMethod(this, [this, summary] {
            m_running = false;
            Q_EMIT finished(*summary);
        });
    });
    m_threads.clear();
}

StressSummary StressRun::runToEnd(std::shared_ptr<Store> store, const StressConfig& config)
{
    StressSummary result;
    QEventLoop loop;
    const QMetaObject::Connection done =
        connect(this, &StressRun::finished, &loop, [&](const StressSummary& s) {
            result = s;
            loop.quit();
        });
    start(std::move(store), config);
    loop.exec();
    disconnect(done);
    return result;
}

} // namespace mdb
