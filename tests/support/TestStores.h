#pragma once

#include "storage/Store.h"
#include "storage/postgres/PostgresStore.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace mdbtest {

// The three places a conformance run can target.
enum class Target
{
    Sqlite,   // an mdbstudio SQLite namespace in a temporary directory
    Postgres, // an mdbstudio namespace (schema) created in the test PostgreSQL database
    Official, // the official Message DB install (schema message_store) in the test cluster
    Earlier,  // an mdbstudio namespace with layout 1's functions, as earlier versions made it
    Upgraded, // such a namespace after upgradeNamespace brought it to the current layout
};
QString targetName(Target target);
// MDBSTUDIO_TEST_TARGET: sqlite (default), postgres, official, earlier or upgraded.
Target targetFromEnvironment();
// PostgreSQL tests must run, not skip, when MDBSTUDIO_TEST_REQUIRE_PG is set (the test script sets it).
bool postgresRequired();
// MDBSTUDIO_TEST_VIA=pgbouncer: the PostgreSQL targets are reached through the test cluster's
// PgBouncer (transaction pooling) instead of directly.
bool viaPgBouncer();
QString postgresUrl();          // MDBSTUDIO_TEST_PG_URL, or through PgBouncer MDBSTUDIO_TEST_PGBOUNCER_PG_URL
QString officialUrl();          // MDBSTUDIO_TEST_OFFICIAL_URL, or MDBSTUDIO_TEST_PGBOUNCER_OFFICIAL_URL
QString pgBouncerUrl();         // MDBSTUDIO_TEST_PGBOUNCER_PG_URL: the test database through PgBouncer
QString pgBouncerOfficialUrl(); // MDBSTUDIO_TEST_PGBOUNCER_OFFICIAL_URL: message_store through PgBouncer

// A store opened for one target with a namespace of its own; removes that namespace at the end.
struct TestStore
{
    std::unique_ptr<mdb::Store> store;
    QString ns;
    QString problem; // why the store could not be opened
    std::unique_ptr<QTemporaryDir> dir;
    bool dropOnExit = false;

    TestStore() = default;
    TestStore(TestStore&&) = default;
    TestStore& operator=(TestStore&&) = default;
    ~TestStore();
    mdb::Store* operator->() const { return store.get(); }
};

struct TargetOptions
{
    bool conditions = false;
    bool readOnly = false; // honoured by reopen(); a fresh target must be writable to be set up
};
TestStore openTarget(Target target, TargetOptions options = {});
// Opens another handle on the same store and namespace, e.g. read-only or with conditions enabled.
// Keep `original` alive while it is used: it owns the namespace.
TestStore reopen(const TestStore& original, TargetOptions options);
// The same, at a location of the caller's making (e.g. with a statement timeout).
TestStore reopen(const TestStore& original, const mdb::StoreLocation& location);

// Turns the mdbstudio namespace `ns` of the test database into one of layout 1, as mdbstudio
// made them before its functions were written anew: layout 1 had Message DB's own function bodies,
// so they are taken from the official install in the test cluster, with each function pointed at
// `ns` by its search_path, and the schema comment says layout 1. Empty on success, else the problem.
QString makeEarlierLayout(const QString& ns);

// A name no earlier run has used: prefix + 12 hex digits (no '-', so it is a category).
QString uniqueName(const QString& prefix);

// Message DB's consumer-group worked example in `category`: streams with the ids 1, 2, 3, 6 and
// 123+456 holding 1 to 5 messages in that order, and one message in the category's own stream,
// which has no id. For n = 3, member 0 reads 1 message, members 1 and 2 read 7 each.
QList<mdb::WriteRequest> consumerGroupExample(const QString& category);

// A plain QPSQL connection to the test server (MDBSTUDIO_TEST_PG_URL's host, port and user), to
// its test database or to `database`, beside the stores under test and never through a pooler;
// not yet opened.
QSqlDatabase directPostgresConnection(const QString& connectionName, const QString& database = {});

// A write's outcome as text: the position written, or the store's error.
QString outcome(const mdb::Result<qint64>& written);
// A write sent on a PostgreSQL write channel, its answer awaited on the channel's socket as a
// driving thread does (at most 10 s).
mdb::Result<qint64> writeByChannel(mdb::WriteChannel& channel, const mdb::WriteRequest& request);
// A read's outcome as text: how many messages it returned, or the store's error.
QString outcome(const mdb::Result<mdb::MessageList>& read);

// A session straight to the test server (never through a pooler) holding the category lock
// write_message takes, until released or dropped.
class CategoryLock
{
public:
    CategoryLock(const QString& ns, const QString& category);
    ~CategoryLock() { release(); }
    CategoryLock(const CategoryLock&) = delete;
    CategoryLock& operator=(const CategoryLock&) = delete;
    bool held() const { return m_held; }
    void release();

private:
    QSqlDatabase m_db;
    bool m_held = false;
};

QList<QJsonObject> readJsonLines(const QString& fileName);
QString testDataPath(const QString& fileName);

} // namespace mdbtest

// Opens `target` into `var`, failing (when PostgreSQL is required) or skipping when it cannot.
#define MDB_OPEN_TARGET(var, target, ...)                                                                    \
    mdbtest::TestStore var = mdbtest::openTarget(target __VA_OPT__(, ) __VA_ARGS__);                         \
    if (!var.store) {                                                                                        \
        if (target != mdbtest::Target::Sqlite && !mdbtest::postgresRequired())                               \
            QSKIP(qPrintable(var.problem));                                                                  \
        QFAIL(qPrintable(var.problem));                                                                      \
    }
