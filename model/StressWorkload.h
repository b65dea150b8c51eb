#pragma once

#include "storage/Store.h"

#include <QHash>
#include <QStringList>

#include <functional>
#include <optional>

namespace mdb {

struct AcknowledgedWrite;

enum class StressMode
{
    Distinct,     // each writer its own category and streams: no shared lock
    SameStream,   // every writer races for one stream with expected versions
    SameCategory, // distinct streams in one category: Message DB's category lock serialises them
    Mixed,        // same-category writers plus readers paging through the category
};
QString stressModeName(StressMode mode);
std::optional<StressMode> stressModeFromName(const QString& name);

struct StressConfig
{
    QString ns;
    StressMode mode = StressMode::Distinct;
    int writers = 4;
    int readers = 2;           // Mixed only
    qint64 durationMs = 10000; // used when count is 0
    qint64 count = 0;          // writes to attempt (conflict retries aside); 0: run for durationMs
    int payloadBytes = 100;    // size of each message's data
    qint64 warmupMs = 0;       // writes in the warm-up are verified but not measured
    double targetRate = 0;     // total writes per second; 0 means as fast as the store goes
    int streamsPerWriter = 10; // Distinct and SameCategory
    // PostgreSQL: the writers' connections driven by this many threads, each waiting on several
    // sockets at once, as pgbench's -j; 0 (or as many as writers): a thread per writer. SQLite
    // writes always take a thread each, since they block in the group commit.
    int threads = 0;
    bool verify = true;
    // Called on the writer's thread as each write is acknowledged, before the writer goes on: a
    // log that outlives a killed process (mdbctl stress --ack-log).
    std::function<void(const AcknowledgedWrite&)> onAcknowledged;
};

// What a stress run writes, and where: each writer's categories and streams for the mode, each
// message's data filled to the payload size, and the request with or without an expected
// version. Read-only once made, so every writer thread shares it.
class StressWorkload
{
public:
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

    StressWorkload(StressConfig config, QString runId);

    const StressConfig& config() const { return m_config; }
    const QString& runId() const { return m_runId; }
    QString categoryOf(int writer) const;
    // Every category the run writes to: what the verification reads back.
    QStringList categories() const;
    QString streamOf(int writer, int index) const;

    Cursor cursorFor(int writer) const;
    // Chooses the stream of the write that begins and builds its data.
    void beginWrite(Cursor& cursor) const;
    // The request for one attempt of the write under way (a new id each time).
    WriteRequest attempt(const Cursor& cursor) const;

private:
    StressConfig m_config;
    QString m_runId;
};

} // namespace mdb
