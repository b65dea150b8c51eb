#pragma once
// What the benchmarks share: order statistics, resident memory, and a probe of how long the GUI
// thread goes without running its event loop.

#include "storage/Store.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <utility>

namespace mdb {

inline double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

inline double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

inline qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// CPU time the calling thread has used, in milliseconds.
inline double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// Measures how long the GUI thread goes without running its event loop, and how much of the
// longest such stretch the thread itself was running (the rest it waited for a core).
class LatencyProbe : public QObject
{
public:
    LatencyProbe()
    {
        m_timer.setInterval(1);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const double gap = double(m_clock.nsecsElapsed()) / 1e6;
            const double cpu = threadCpuMs();
            m_clock.restart();
            m_worst = std::max(m_worst, gap);
            m_busiest = std::max(m_busiest, cpu - m_cpuAtTick);
            m_cpuAtTick = cpu;
            if (gap > 16)
                ++m_overFrame;
        });
    }
    void start()
    {
        m_worst = 0;
        m_busiest = 0;
        m_overFrame = 0;
        m_cpuAtTick = threadCpuMs();
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worst() const { return m_worst; }
    // The most CPU time the thread used between two ticks.
    double busiest() const { return m_busiest; }
    int overFrame() const { return m_overFrame; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_worst = 0;
    double m_busiest = 0;
    double m_cpuAtTick = 0;
    int m_overFrame = 0;
};

// Waits in the event loop for `done`; a benchmark that cannot finish says so and stops.
template <typename Predicate>
void waitFor(Predicate done)
{
    if (!QTest::qWaitFor(done, 120000)) {
        std::fprintf(stderr, "timed out waiting for the store\n");
        std::exit(1);
    }
}

// Runs the event loop, as the application does, until `done` holds. (QTest::qWaitFor and qWait
// sleep in 10 ms steps between passes, which would hold back the very paints and events a
// benchmark times, and stall the GUI thread.)
template <typename Predicate>
void runEventsUntil(Predicate done)
{
    if (done())
        return;
    QEventLoop loop;
    QTimer check;
    check.setInterval(1);
    check.setTimerType(Qt::PreciseTimer);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(120000, &loop, [] {
        std::fprintf(stderr, "timed out waiting for the store\n");
        std::exit(1);
    });
    check.start();
    loop.exec();
}

// Runs the event loop for `ms` milliseconds.
inline void runEventsFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

// Wall time of a whole process, start to exit: what a user reaching for a shell pays.
inline double timeProcess(const QString& program, const QStringList& args,
                          const QMap<QString, QString>& env = {}, const QString& outputFile = {})
{
    QProcess p;
    if (!outputFile.isEmpty())
        p.setStandardOutputFile(outputFile);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (auto it = env.begin(); it != env.end(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(60000);
    if (p.exitCode() != 0)
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program), p.readAllStandardError().constData());
    return double(t.nsecsElapsed()) / 1e6;
}

// The options the browsing and find benchmarks share: --store, --ns, --category, --runs (5 by
// default) and --label.
inline void addStoreBenchOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("store"), QStringLiteral("store URL"), QStringLiteral("url")});
    parser.addOption({QStringLiteral("ns"), QStringLiteral("namespace"), QStringLiteral("name")});
    parser.addOption({QStringLiteral("category"), QStringLiteral("category"), QStringLiteral("name")});
    parser.addOption(
        {QStringLiteral("runs"), QStringLiteral("repetitions"), QStringLiteral("n"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("label"), QStringLiteral("section title"), QStringLiteral("text")});
}

// The store named by --store (and --ns) of a benchmark's command line; no store, with the reason
// printed, when it cannot be opened.
inline std::pair<std::shared_ptr<Store>, QString> openBenchStore(const QCommandLineParser& parser)
{
    Result<std::unique_ptr<Store>> opened = Store::openNamed(parser.value(QStringLiteral("store")));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return {};
    }
    std::shared_ptr<Store> store(std::move(opened).value());
    const QString ns =
        parser.isSet(QStringLiteral("ns")) ? parser.value(QStringLiteral("ns")) : store->defaultNamespace();
    return {store, ns};
}

} // namespace mdb
