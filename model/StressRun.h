#pragma once

#include "model/StressMetrics.h"
#include "model/StressWorkload.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <thread>
#include <vector>

namespace mdb {

class StressDriver;

// Concurrent writers (and readers, in Mixed mode) against one namespace, each thread on its own
// connection, then a verification of everything written. The same engine drives the stress panel,
// `mdbctl stress` and the benchmarks. Signals arrive on the thread that owns the object.
// What is written is the StressWorkload's, the threads are the StressDriver's, the counting is
// StressMetrics', the report is StressSummary's (StressReport.cpp); this class starts, samples,
// cancels and finishes.
class StressRun : public QObject
{
    Q_OBJECT
public:
    explicit StressRun(QObject* parent = nullptr);
    ~StressRun() override;

    void start(std::shared_ptr<Store> store, const StressConfig& config);
    // Stops the writers after the write each has in flight; the run then verifies what was
    // acknowledged and finishes. Cancelling again during the verification stops that too.
    void cancel();
    // Stops the writers and any verification at once, e.g. when the window goes.
    void cancelAll();
    bool isRunning() const { return m_running; }
    // Blocks until the run has finished; for command-line use without an event loop.
    StressSummary runToEnd(std::shared_ptr<Store> store, const StressConfig& config);

Q_SIGNALS:
    void sample(const mdb::StressSample& sample);
    // The verification has read this many of the run's messages back.
    void verifying(qint64 messagesRead);
    void finished(const mdb::StressSummary& summary);

private:
    void tick();
    void finish();

    std::shared_ptr<StressDriver> m_driver;
    QList<StressSample> m_samples;
    double m_nextSampleMs = 0;
    int m_clientThreads = 0;
    std::vector<std::thread> m_threads;
    std::thread m_verifier;
    QTimer m_ticker;
    bool m_running = false;
};

} // namespace mdb

Q_DECLARE_METATYPE(mdb::StressSample)
Q_DECLARE_METATYPE(mdb::StressSummary)
