#pragma once

#include "model/StressMetrics.h"
#include "model/StressWorkload.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

namespace mdb {

// The threads of a stress run: writer loops (a thread per writer, each on its own connection),
// channel loops (a few threads driving many PostgreSQL connections at once, as pgbench's -j),
// reader loops (Mixed), the start barrier and the stop flags. StressRun owns one and shares it
// with every thread it starts; the ticker reads it through the metrics and the atomics.
class StressDriver
{
public:
    static constexpr int TickMs = 100;      // how often a channel loop looks at the stop flag
    static constexpr int ErrorPauseMs = 20; // after a failed write, so a dead server is not hammered

    StressDriver(std::shared_ptr<Store> target, StressConfig config, QString runId);

    const StressConfig& config() const { return workload.config(); }
    double elapsedMs() const;
    // The run's clock starts once every writer has its connection: a run measures writes, not
    // logins (pgbench leaves its connecting out of its figures too).
    double connectedMs() const { return double(std::max<qint64>(0, m_connectedUs.load())) / 1000.0; }
    bool isConnected() const { return m_connectedUs.load() >= 0; }
    bool measured() const { return elapsedMs() >= connectedMs() + double(config().warmupMs); }
    // When the last writer stopped, in ms since the start.
    double writingEndedMs() const { return double(m_writingEndedUs.load()) / 1000.0; }

    // Thread bodies.
    void writeLoop(int writer);
    void driveLoop(const std::vector<int>& writers);
    void readLoop();

    const std::shared_ptr<Store> store;
    const StressWorkload workload;
    StressMetrics metrics;
    std::atomic<bool> stop{false};
    std::atomic<bool> cancelled{false};       // writing stopped before its end
    std::atomic<bool> verifyCancelled{false}; // verification stopped too
    std::atomic<int> writersRunning{0};
    std::atomic<qint64> reads{0};

private:
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
    using Cursor = StressWorkload::Cursor;

    Turn nextTurn(const Cursor& cursor, double& waitMs);
    Outcome record(Cursor& cursor, const WriteRequest& request, const Result<qint64>& written,
                   double latencyMs);
    // Opens the calling writer thread's connection, then waits for every writer to have one.
    void connect();
    // `count` writers have their connections; waits for the others.
    void arrive(int count);
    void writerEnded();

    const std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    std::atomic<qint64> m_tickets{0};
    std::atomic<int> m_writersConnecting{0};
    std::atomic<qint64> m_connectedUs{-1};   // when the last writer had its connection, since the start
    std::atomic<qint64> m_writingEndedUs{0}; // when the last writer stopped, since the start
};

} // namespace mdb
