#include "model/StressRun.h"

#include "model/StressDriver.h"
#include "storage/JsonbText.h"
#include "storage/Store.h"

#include <QEventLoop>
#include <QRandomGenerator>

#include <algorithm>

namespace mdb {

namespace {

constexpr int SampleMs = 1000; // one chart sample a second

} // namespace

StressRun::StressRun(QObject* parent)
    : QObject(parent)
{
    m_ticker.setInterval(StressDriver::TickMs);
    connect(&m_ticker, &QTimer::timeout, this, &StressRun::tick);
}

StressRun::~StressRun()
{
    if (m_driver) {
        m_driver->stop = true;
        m_driver->verifyCancelled = true;
    }
    for (std::thread& t : m_threads)
        t.join();
    if (m_verifier.joinable())
        m_verifier.join();
}

void StressRun::start(std::shared_ptr<Store> store, const StressConfig& config)
{
    StressConfig settled = config;
    settled.writers = std::max(1, config.writers);
    const int writers = settled.writers;
    m_driver = std::make_shared<StressDriver>(
        std::move(store), std::move(settled),
        QString::number(QRandomGenerator::global()->generate64() % 0xffffffffffULL, 16));
    m_samples.clear();
    m_nextSampleMs = SampleMs;
    m_running = true;
    // Writers share client threads only where the store sends writes without waiting for them.
    if (config.threads > 0 && config.threads < writers && m_driver->store->capabilities().writeChannels) {
        m_clientThreads = config.threads;
        for (int t = 0; t < config.threads; ++t) {
            std::vector<int> mine;
            for (int w = t; w < writers; w += config.threads)
                mine.push_back(w);
            m_threads.emplace_back([driver = m_driver, mine] { driver->driveLoop(mine); });
        }
    } else {
        m_clientThreads = writers;
        for (int w = 0; w < writers; ++w)
            m_threads.emplace_back([driver = m_driver, w] { driver->writeLoop(w); });
    }
    if (config.mode == StressMode::Mixed) {
        for (int r = 0; r < std::max(1, config.readers); ++r)
            m_threads.emplace_back([driver = m_driver] { driver->readLoop(); });
    }
    m_ticker.start();
}

void StressRun::cancel()
{
    if (!m_driver || !m_running)
        return;
    if (m_driver->stop.load() && m_driver->writersRunning.load() == 0) {
        m_driver->verifyCancelled = true; // writing is over: a cancel now stops the verification
        return;
    }
    m_driver->cancelled = true;
    m_driver->stop = true;
}

void StressRun::cancelAll()
{
    if (!m_driver)
        return;
    m_driver->cancelled = m_driver->writersRunning.load() > 0;
    m_driver->stop = true;
    m_driver->verifyCancelled = true;
}

void StressRun::tick()
{
    StressDriver& d = *m_driver;
    const double elapsed = d.elapsedMs();
    const bool writingDone = d.writersRunning.load() == 0;
    // Nothing to chart while the writers connect: the run's seconds count from when they all have.
    if (!writingDone && (!d.isConnected() || elapsed < m_nextSampleMs))
        return;
    m_nextSampleMs = elapsed + SampleMs;
    const StressSample sample = d.metrics.takeSample(
        std::max(0.0, (elapsed - d.connectedMs() - double(d.config().warmupMs)) / 1000.0));
    if (d.measured() && (sample.writes > 0 || !writingDone)) {
        m_samples.append(sample);
        Q_EMIT this->sample(sample);
    }
    if (writingDone) {
        d.stop = true; // readers too
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
    auto summary = std::make_shared<StressSummary>();
    summary->config = m_driver->config();
    summary->runId = m_driver->workload.runId();
    summary->clientThreads = m_clientThreads;
    summary->samples = m_samples;
    m_verifier = std::thread([this, driver = m_driver, summary, threads = std::move(m_threads)]() mutable {
        for (std::thread& t : threads)
            t.join();
        const StressConfig& config = driver->config();
        summary->cancelled = driver->cancelled.load();
        summary->seconds = std::max(
            0.001, (driver->writingEndedMs() - driver->connectedMs() - double(config.warmupMs)) / 1000.0);
        summary->reads = driver->reads.load();
        QList<AcknowledgedWrite> acknowledged = driver->metrics.summarize(*summary);
        summary->writesPerSecond = double(summary->writes) / summary->seconds;
        if (config.verify) {
            // The data as the store renders it (jsonb text), worked out here rather than in the
            // writers' measured loop.
            for (AcknowledgedWrite& write : acknowledged) {
                if (write.data)
                    if (const Result<QString> rendered = toJsonbText(*write.data))
                        write.data = *rendered;
            }
            StoreVerifier verifier(*driver->store, config.ns);
            verifier.setCategories(driver->workload.categories());
            verifier.setAcknowledged(acknowledged);
            verifier.setCancelFlag(&driver->verifyCancelled);
            verifier.setProgress([this](qint64 read) {
                QMetaObject::invokeMethod(this, [this, read] { Q_EMIT verifying(read); });
            });
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
