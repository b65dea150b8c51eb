#include "storage/sqlite/GroupCommit.h"

#include "storage/MessageDbRules.h"
#include "storage/NamespaceName.h"

#include <QFile>

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>

namespace mdb {
namespace {

constexpr qint64 ApplicationId = 0x4D444253; // "MDBS", set by sqlite/sql/namespace.sql
constexpr int NormalCheckpointPages = 4000;  // the log's auto-checkpoint at synchronous=NORMAL
constexpr std::chrono::milliseconds MaxGatherWait{10};

qint64 nowMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

void bindBytes(sqlite3_stmt* statement, int index, const QByteArray& bytes)
{
    // SQLITE_STATIC: the bytes live in the caller's EncodedWrite until its outcome is set.
    if (bytes.isNull())
        sqlite3_bind_null(statement, index);
    else
        sqlite3_bind_text(statement, index, bytes.constData(), int(bytes.size()), SQLITE_STATIC);
}

} // namespace

StoreError sqliteStoreError(int extendedCode, const QString& text, const QString& context)
{
    ErrorKind kind = ErrorKind::Internal;
    switch (extendedCode & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        kind = ErrorKind::Timeout;
        break;
    case SQLITE_READONLY:
        kind = ErrorKind::ReadOnly;
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOTADB:
        kind = ErrorKind::Connection;
        break;
    case SQLITE_CONSTRAINT:
        kind = ErrorKind::Conflict;
        break;
    case SQLITE_ERROR: // bad SQL, e.g. in a raw condition
        kind = ErrorKind::InvalidArgument;
        break;
    default:
        break;
    }
    const QString message = context.isEmpty() ? text : context + QStringLiteral(": ") + text;
    return StoreError::make(kind, message, QString::number(extendedCode));
}

SqliteGroupWriter::SqliteGroupWriter(QString ns, QString path, SqliteWriterSettings settings)
    : m_ns(std::move(ns))
    , m_path(std::move(path))
    , m_pathBytes(QFile::encodeName(m_path))
    , m_settings(settings)
{}

SqliteGroupWriter::~SqliteGroupWriter()
{
    close();
}

SqliteWriteStats SqliteGroupWriter::stats() const
{
    std::lock_guard lock(m_mutex);
    SqliteWriteStats s = m_stats;
    s.waiting = qint64(m_queue.size());
    s.groupInFlight = m_leading;
    return s;
}

void SqliteGroupWriter::close()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return !m_leading; });
    closeConnection(); // no leader can start while the mutex is held
}

Result<QList<qint64>> SqliteGroupWriter::write(const std::vector<EncodedWrite>& messages)
{
    Pending me;
    me.messages = &messages;
    std::unique_lock lock(m_mutex);
    m_queue.push_back(&me);
    // A gathering leader is woken once, by the call that completes its group.
    if (m_gatherTarget != 0 && m_queue.size() >= m_gatherTarget)
        m_arrived.notify_one();
    me.wake.wait(lock, [&] { return me.done || !m_leading; });
    if (me.done)
        return std::move(*me.outcome);

    // Lead: take every call queued so far, in arrival order (this one among them); more join
    // while the group is applied (lateArrivals).
    m_leading = true;
    std::vector<Pending*> group(m_queue.begin(), m_queue.end());
    m_queue.clear();
    const auto started = std::chrono::steady_clock::now();
    // Gathering holds the file's write lock, so it is capped whatever the last group cost (a busy
    // wait on BEGIN counts in that).
    const auto gatherUntil = started + std::min<std::chrono::nanoseconds>(m_lastGroupTime / 2, MaxGatherWait);
    lock.unlock();
    runGroup(group, gatherUntil);
    const auto took = std::chrono::steady_clock::now() - started;
    lock.lock();
    m_lastGroupSize = group.size();
    m_lastGroupTime = took;
    m_stats.transactions += 1;
    m_stats.largestGroup = std::max<qint64>(m_stats.largestGroup, qint64(group.size()));
    m_leading = false;
    for (Pending* p : group) {
        if (p->outcome->ok())
            ++m_stats.writes;
        else
            ++m_stats.failedWrites;
        if (p == &me)
            continue;
        p->done = true;       // from here on the follower may return and free its Pending,
        p->wake.notify_one(); // so it is woken while the mutex still keeps it waiting
    }
    // The first call that arrived during this group leads the next one.
    if (!m_queue.empty())
        m_queue.front()->wake.notify_one();
    m_idle.notify_all();
    return std::move(*me.outcome);
}

StoreError SqliteGroupWriter::lastError(int rc, const QString& context) const
{
    const int code = m_db ? sqlite3_extended_errcode(m_db) : rc;
    const QString text =
        m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
    return sqliteStoreError(code ? code : rc, text, context);
}

int SqliteGroupWriter::exec(sqlite3_stmt* statement)
{
    const int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

bool SqliteGroupWriter::lateArrivals(std::vector<Pending*>& group,
                                     std::chrono::steady_clock::time_point gatherUntil)
{
    std::unique_lock lock(m_mutex);
    // When the last group carried several writers, they are busy coming back with their next
    // writes: wait for them until `gatherUntil`. A writer alone (last group of one) never waits.
    // The calls already applied meanwhile are what gathering at the start would have wasted.
    if (m_lastGroupSize > 1 && group.size() + m_queue.size() < m_lastGroupSize) {
        m_gatherTarget = m_lastGroupSize - group.size();
        m_arrived.wait_until(lock, gatherUntil, [this] { return m_queue.size() >= m_gatherTarget; });
        m_gatherTarget = 0;
    }
    if (m_queue.empty())
        return false;
    group.insert(group.end(), m_queue.begin(), m_queue.end());
    m_queue.clear();
    return true;
}

void SqliteGroupWriter::runGroup(std::vector<Pending*>& group,
                                 std::chrono::steady_clock::time_point gatherUntil)
{
    const auto failAll = [&group](const StoreError& e) {
        for (Pending* p : group)
            p->outcome = e;
    };
    if (Status ready = ensureOpen(); !ready)
        return failAll(ready.error());
    if (int rc = exec(m_begin); rc != SQLITE_OK)
        return failAll(lastError(rc));

    // A savepoint per call of several messages, so that its failure undoes that call alone (even
    // a call alone so far: others may join before the commit). A call of one message needs none:
    // each of its checks fails before it changes anything, and a failed INSERT undoes only itself.
    bool anyApplied = false;
    for (size_t next = 0;; ++next) {
        // The calls that arrived while the group was being applied join it before its commit.
        if (next == group.size() && !lateArrivals(group, gatherUntil))
            break;
        Pending* p = group[next];
        // A file mdbstudio did not make may have triggers or conflict clauses of its own, which
        // can leave a failed insert's changes behind: a savepoint for every call there.
        const bool savepoints = p->messages->size() > 1 || m_checkIdFirst;
        if (savepoints) {
            if (int rc = exec(m_savepoint); rc != SQLITE_OK) {
                const StoreError e = lastError(rc);
                exec(m_rollback);
                return failAll(e);
            }
        }
        bool transactionLost = false;
        Result<QList<qint64>> result = apply(*p->messages, transactionLost);
        if (transactionLost) {
            // SQLite rolled the whole transaction back (an I/O error, a full disk): every call of
            // the group, including those already applied, fails with that error.
            const StoreError e = result.error();
            if (!sqlite3_get_autocommit(m_db))
                exec(m_rollback);
            return failAll(e);
        }
        if (savepoints) {
            int rc = SQLITE_OK;
            if (!result)
                rc = exec(m_rollbackTo);
            if (rc == SQLITE_OK)
                rc = exec(m_release);
            if (rc != SQLITE_OK) {
                const StoreError e = lastError(rc);
                if (!sqlite3_get_autocommit(m_db))
                    exec(m_rollback);
                return failAll(e);
            }
        }
        anyApplied = anyApplied || result.ok();
        p->outcome = std::move(result);
    }
    if (!anyApplied) {
        exec(m_rollback);
        return;
    }
    if (int rc = exec(m_commit); rc != SQLITE_OK) {
        // Nothing of the group is durable: every call that was applied fails with the error.
        const StoreError e = lastError(rc, QStringLiteral("COMMIT failed"));
        if (!sqlite3_get_autocommit(m_db))
            exec(m_rollback);
        for (Pending* p : group) {
            if (p->outcome->ok())
                p->outcome = e;
        }
        return;
    }
    std::lock_guard lock(m_mutex);
    ++m_stats.commits;
}

Result<QList<qint64>> SqliteGroupWriter::apply(const std::vector<EncodedWrite>& messages,
                                               bool& transactionLost)
{
    const auto sqliteFailed = [this, &transactionLost](int rc) {
        transactionLost = sqlite3_get_autocommit(m_db) != 0;
        return lastError(rc);
    };
    const qint64 time = nowMicros(); // one time per call, read inside the write transaction
    QList<qint64> positions;
    positions.reserve(qsizetype(messages.size()));
    for (const EncodedWrite& m : messages) {
        // The steps of write_message, in its order.
        bindBytes(m_version, 1, m.streamUtf8);
        int rc = sqlite3_step(m_version);
        if (rc != SQLITE_ROW) {
            sqlite3_reset(m_version);
            return sqliteFailed(rc);
        }
        const qint64 current =
            sqlite3_column_type(m_version, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(m_version, 0);
        sqlite3_reset(m_version);
        if (m.expectedVersion && *m.expectedVersion != current)
            return MessageDbRules::wrongExpectedVersion(*m.expectedVersion, m.streamName, current);
        if (m.idError)
            return *m.idError;
        if (m.streamNull)
            return MessageDbRules::notNullViolation(QStringLiteral("stream_name"));
        if (m.typeNull)
            return MessageDbRules::notNullViolation(QStringLiteral("type"));
        if (m_checkIdFirst) {
            bindBytes(m_idTaken, 1, m.idUtf8);
            rc = sqlite3_step(m_idTaken);
            sqlite3_reset(m_idTaken);
            if (rc == SQLITE_ROW)
                return MessageDbRules::duplicateMessageId(m.id);
            if (rc != SQLITE_DONE)
                return sqliteFailed(rc);
        }
        const qint64 position = current + 1;
        sqlite3_bind_int64(m_insert, 1, position);
        sqlite3_bind_int64(m_insert, 2, time);
        bindBytes(m_insert, 3, m.streamUtf8);
        bindBytes(m_insert, 4, m.typeUtf8);
        bindBytes(m_insert, 5, m.dataUtf8);
        bindBytes(m_insert, 6, m.metadataUtf8);
        bindBytes(m_insert, 7, m.idUtf8);
        rc = sqlite3_step(m_insert);
        if (rc != SQLITE_DONE) {
            // The unique index on id answers the duplicate check in the insert itself; a failed
            // statement undoes only itself.
            const bool duplicateId = sqlite3_extended_errcode(m_db) == SQLITE_CONSTRAINT_UNIQUE &&
                                     QByteArray(sqlite3_errmsg(m_db)).contains("messages.id");
            const StoreError e = duplicateId ? MessageDbRules::duplicateMessageId(m.id) : sqliteFailed(rc);
            sqlite3_reset(m_insert);
            return e;
        }
        sqlite3_reset(m_insert);
        positions.append(position);
    }
    return positions;
}

Status SqliteGroupWriter::ensureOpen()
{
    // A file deleted or replaced behind our back must not keep a stale connection alive.
    struct stat st;
    if (::stat(m_pathBytes.constData(), &st) != 0) {
        closeConnection();
        return namespaceNotFound(m_ns);
    }
    if (m_db && (quint64(st.st_ino) != m_inode || quint64(st.st_dev) != m_device))
        closeConnection();
    if (m_db)
        return Done{};
    m_inode = quint64(st.st_ino);
    m_device = quint64(st.st_dev);
    Status opened = open();
    if (!opened)
        closeConnection();
    return opened;
}

Status SqliteGroupWriter::open()
{
    // Only the leader uses this connection, so SQLite's own per-connection mutex is not needed.
    int rc = sqlite3_open_v2(
        m_pathBytes.constData(), &m_db,
        (m_settings.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return lastError(rc, QStringLiteral("Cannot open %1").arg(m_path));
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, m_settings.busyTimeoutMs);

    const auto scalar = [this](const char* sql, qint64& value, bool& found) -> int {
        sqlite3_stmt* s = nullptr;
        int code = sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr);
        if (code != SQLITE_OK)
            return code;
        code = sqlite3_step(s);
        found = code == SQLITE_ROW;
        if (found)
            value = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return code == SQLITE_ROW || code == SQLITE_DONE ? SQLITE_OK : code;
    };
    qint64 appId = 0;
    bool found = false;
    if (rc = scalar("PRAGMA application_id", appId, found); rc != SQLITE_OK)
        return lastError(rc, QStringLiteral("Cannot read %1").arg(m_path));
    if (appId != ApplicationId) {
        qint64 one = 0;
        bool hasTable = false;
        rc = scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'", one, hasTable);
        if (rc != SQLITE_OK || !hasTable)
            return StoreError::make(ErrorKind::NotFound,
                                    QStringLiteral("%1 holds no Message DB messages table").arg(m_path));
    }
    m_checkIdFirst = appId != ApplicationId;
    if (rc = sqlite3_exec(m_db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr); rc != SQLITE_OK)
        return lastError(rc, QStringLiteral("Cannot switch %1 to WAL").arg(m_path));
    // FULL survives power loss; NORMAL (an explicit option) may lose the last commits in WAL mode.
    rc = sqlite3_exec(
        m_db, m_settings.synchronousNormal ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL",
        nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return lastError(rc);
    // At NORMAL a commit does not sync; the checkpoint that copies the log into the database syncs
    // both files, and at SQLite's default (every 1,000 pages) those two fsyncs were most of a
    // write's cost. Every 4,000 pages (16 MB of log at 4 KiB pages) a quarter as often. At FULL each
    // commit syncs the log, and a small log rewritten in place keeps that sync cheap: the default
    // stays (benchmarks.md).
    if (m_settings.synchronousNormal)
        sqlite3_wal_autocheckpoint(m_db, NormalCheckpointPages);

    const std::pair<sqlite3_stmt**, const char*> statements[] = {
        {&m_begin, "BEGIN IMMEDIATE"},
        {&m_commit, "COMMIT"},
        {&m_rollback, "ROLLBACK"},
        {&m_savepoint, "SAVEPOINT write_call"},
        {&m_release, "RELEASE write_call"},
        {&m_rollbackTo, "ROLLBACK TO write_call"},
        {&m_version, "SELECT max(position) FROM messages WHERE stream_name = ?1"},
        {&m_idTaken, "SELECT 1 FROM messages WHERE id = ?1"},
        {&m_insert, "INSERT INTO messages (position, time, stream_name, type, data, metadata, id) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
    };
    for (const auto& [statement, sql] : statements) {
        // Kept for the life of the connection: a write never prepares anything.
        rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr);
        if (rc != SQLITE_OK)
            return lastError(rc);
    }
    return Done{};
}

void SqliteGroupWriter::closeConnection()
{
    for (sqlite3_stmt** s : {&m_begin, &m_commit, &m_rollback, &m_savepoint, &m_release, &m_rollbackTo,
                             &m_version, &m_idTaken, &m_insert}) {
        sqlite3_finalize(*s);
        *s = nullptr;
    }
    if (m_db)
        sqlite3_close(m_db);
    m_db = nullptr;
}

} // namespace mdb
