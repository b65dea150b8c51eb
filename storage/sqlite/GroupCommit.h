#pragma once
// Group commit for one SQLite namespace: concurrent write calls that arrive while a commit is in
// flight are applied together in the next transaction, each in its own savepoint, and each caller
// is answered once the transaction holding its write has committed. See docs/group-commit.md.

#include "storage/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mdb {

// What the group-commit writer of one namespace has done since the store opened it.
struct SqliteWriteStats
{
    qint64 writes = 0;          // write calls committed (a writeMessages batch counts once)
    qint64 failedWrites = 0;    // write calls answered with an error
    qint64 transactions = 0;    // write transactions begun, one per group
    qint64 commits = 0;         // write transactions committed
    qint64 largestGroup = 0;    // the most write calls one transaction carried
    qint64 waiting = 0;         // write calls queued now behind the group in flight
    bool groupInFlight = false; // a leader is running a transaction now
};

// The SQLite error of a result code as a StoreError: the kind from the primary code, the text
// (sqlite3_errmsg) as the message and the extended code as sqlState, as QSQLITE reports them.
StoreError sqliteStoreError(int extendedCode, const QString& text, const QString& context = {});

// One message of a write call, checked and encoded in the caller's thread so that the leader only
// binds bytes. A null QByteArray stands for SQL NULL.
struct EncodedWrite
{
    QString streamName; // for error texts
    QByteArray streamUtf8;
    QByteArray typeUtf8;
    QByteArray dataUtf8;
    QByteArray metadataUtf8;
    QString id; // canonical, or empty when idError is set
    QByteArray idUtf8;
    std::optional<StoreError> idError; // an id that is not a uuid, reported in write_message's order
    std::optional<qint64> expectedVersion;
    bool streamNull = false;
    bool typeNull = false;
};

// How a namespace file's writer opens its connection.
struct SqliteWriterSettings
{
    bool synchronousNormal = false;
    // Opened read-only: SQLite itself then refuses every write ("attempt to write a readonly database").
    bool readOnly = false;
    int busyTimeoutMs = 5000;
};

// The writer of one namespace file: one sqlite3 connection of its own, used only by the thread
// leading the current group, and the queue of write calls waiting for the next group.
class SqliteGroupWriter
{
public:
    SqliteGroupWriter(QString ns, QString path, SqliteWriterSettings settings);
    ~SqliteGroupWriter();
    SqliteGroupWriter(const SqliteGroupWriter&) = delete;
    SqliteGroupWriter& operator=(const SqliteGroupWriter&) = delete;

    // Writes one call's messages, all or none, and returns their stream positions once committed.
    Result<QList<qint64>> write(const std::vector<EncodedWrite>& messages);

    SqliteWriteStats stats() const;

    // Waits for the group in flight and closes the connection (before the file is deleted). A later
    // write opens it again if the file is there.
    void close();

private:
    struct Pending
    {
        const std::vector<EncodedWrite>* messages = nullptr;
        std::optional<Result<QList<qint64>>> outcome; // written by the leader without the mutex
        bool done = false;                            // set under the mutex once outcome is final
        // Woken alone, when its outcome is final or when it is to lead the next group: a finished
        // group wakes only its own callers and the next leader, not every waiting thread.
        std::condition_variable wake;
    };

    // Applies the group's calls and those that join it before its commit, then commits.
    void runGroup(std::vector<Pending*>& group, std::chrono::steady_clock::time_point gatherUntil);
    // Moves the calls queued meanwhile into the group, waiting for the previous group's size until
    // `gatherUntil`; false when there are none.
    bool lateArrivals(std::vector<Pending*>& group, std::chrono::steady_clock::time_point gatherUntil);
    Result<QList<qint64>> apply(const std::vector<EncodedWrite>& messages, bool& transactionLost);
    Status ensureOpen();
    Status open();
    void closeConnection();
    StoreError lastError(int rc, const QString& context = {}) const;
    int exec(sqlite3_stmt* statement);

    const QString m_ns;
    const QString m_path;
    const QByteArray m_pathBytes;
    const SqliteWriterSettings m_settings;

    // Guarded by m_mutex.
    mutable std::mutex m_mutex;
    std::condition_variable m_idle;    // close() waits on this for the leader to finish
    std::condition_variable m_arrived; // a leader gathering its group waits on this
    size_t m_lastGroupSize = 0;
    size_t m_gatherTarget = 0; // while a leader gathers: the queue length it waits for
    std::chrono::nanoseconds m_lastGroupTime{0};
    std::deque<Pending*> m_queue;
    bool m_leading = false;
    SqliteWriteStats m_stats;

    // Used only by the leader (m_leading set), or under m_mutex with no leader.
    sqlite3* m_db = nullptr;
    quint64 m_inode = 0;
    quint64 m_device = 0;
    bool m_checkIdFirst = false; // a file mdbstudio did not make may lack the unique id index
    sqlite3_stmt* m_begin = nullptr;
    sqlite3_stmt* m_commit = nullptr;
    sqlite3_stmt* m_rollback = nullptr;
    sqlite3_stmt* m_savepoint = nullptr;
    sqlite3_stmt* m_release = nullptr;
    sqlite3_stmt* m_rollbackTo = nullptr;
    sqlite3_stmt* m_version = nullptr;
    sqlite3_stmt* m_idTaken = nullptr;
    sqlite3_stmt* m_insert = nullptr;
};

} // namespace mdb
