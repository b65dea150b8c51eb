#include "TestStores.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <poll.h>

namespace mdbtest {

QString targetName(Target target)
{
    switch (target) {
    case Target::Sqlite:
        return QStringLiteral("sqlite");
    case Target::Postgres:
        return QStringLiteral("postgres");
    case Target::Official:
        return QStringLiteral("official");
    case Target::Earlier:
        return QStringLiteral("earlier");
    case Target::Upgraded:
        return QStringLiteral("upgraded");
    }
    return {};
}

Target targetFromEnvironment()
{
    const QString name = qEnvironmentVariable("MDBSTUDIO_TEST_TARGET", QStringLiteral("sqlite"));
    if (name == u"postgres")
        return Target::Postgres;
    if (name == u"official")
        return Target::Official;
    if (name == u"earlier")
        return Target::Earlier;
    if (name == u"upgraded")
        return Target::Upgraded;
    return Target::Sqlite;
}

bool postgresRequired()
{
    return qEnvironmentVariableIsSet("MDBSTUDIO_TEST_REQUIRE_PG");
}

bool viaPgBouncer()
{
    return qEnvironmentVariable("MDBSTUDIO_TEST_VIA") == u"pgbouncer";
}

QString postgresUrl()
{
    return viaPgBouncer() ? pgBouncerUrl() : qEnvironmentVariable("MDBSTUDIO_TEST_PG_URL");
}

QString officialUrl()
{
    return viaPgBouncer() ? pgBouncerOfficialUrl() : qEnvironmentVariable("MDBSTUDIO_TEST_OFFICIAL_URL");
}

QString pgBouncerUrl()
{
    return qEnvironmentVariable("MDBSTUDIO_TEST_PGBOUNCER_PG_URL");
}

QString pgBouncerOfficialUrl()
{
    return qEnvironmentVariable("MDBSTUDIO_TEST_PGBOUNCER_OFFICIAL_URL");
}

TestStore::~TestStore()
{
    if (store && dropOnExit)
        (void)store->dropNamespace(ns);
}

namespace {

TestStore openAt(const QString& url, TargetOptions options)
{
    TestStore t;
    mdb::Result<std::unique_ptr<mdb::Store>> store =
        mdb::Store::openNamed(url, {options.readOnly, options.conditions});
    if (!store) {
        t.problem = QStringLiteral("cannot open %1: %2").arg(url, store.error().message);
        return t;
    }
    t.store = std::move(store).value();
    return t;
}

} // namespace

TestStore openTarget(Target target, TargetOptions options)
{
    if (target == Target::Sqlite) {
        auto dir = std::make_unique<QTemporaryDir>();
        TestStore t = openAt(dir->path(), options);
        t.dir = std::move(dir);
        t.ns = QStringLiteral("message_store");
        if (t.store) {
            if (mdb::Status s = t.store->createNamespace(t.ns); !s) {
                t.problem = s.error().message;
                t.store.reset();
            }
        }
        return t;
    }
    const QString url = target == Target::Official ? officialUrl() : postgresUrl();
    if (url.isEmpty()) {
        TestStore t;
        t.problem = viaPgBouncer()
                        ? QStringLiteral("no PgBouncer in front of the test PostgreSQL (run scripts/test.sh)")
                        : QStringLiteral("no test PostgreSQL (run scripts/test.sh)");
        return t;
    }
    if (target == Target::Official) {
        TestStore t = openAt(url, options);
        t.ns = QStringLiteral("message_store");
        return t;
    }
    TestStore t = openAt(url, options);
    if (!t.store)
        return t;
    t.ns = uniqueName(QStringLiteral("t_"));
    if (mdb::Status s = t.store->createNamespace(t.ns); !s) {
        t.problem = s.error().message;
        t.store.reset();
        return t;
    }
    t.dropOnExit = true;
    if (target == Target::Earlier || target == Target::Upgraded) {
        if (QString problem = makeEarlierLayout(t.ns); !problem.isEmpty()) {
            t.problem = problem;
            t.store.reset();
            return t;
        }
    }
    if (target == Target::Upgraded) {
        mdb::Result<mdb::LayoutUpgrade> upgraded = t.store->upgradeNamespace(t.ns);
        if (!upgraded || upgraded->from != 1 || !upgraded->changed()) {
            t.problem = upgraded ? QStringLiteral("upgrade from layout %1 to %2 changed nothing")
                                       .arg(upgraded->from)
                                       .arg(upgraded->to)
                                 : upgraded.error().message;
            t.store.reset();
        }
    }
    return t;
}

QString makeEarlierLayout(const QString& ns)
{
    static const QStringList functions{QStringLiteral("hash_64"),
                                       QStringLiteral("category"),
                                       QStringLiteral("id"),
                                       QStringLiteral("cardinal_id"),
                                       QStringLiteral("is_category"),
                                       QStringLiteral("acquire_lock"),
                                       QStringLiteral("stream_version"),
                                       QStringLiteral("write_message"),
                                       QStringLiteral("get_stream_messages"),
                                       QStringLiteral("get_category_messages"),
                                       QStringLiteral("get_last_stream_message"),
                                       QStringLiteral("message_store_version")};
    const QString schema = u'"' + ns + u'"';
    QStringList definitions;
    {
        QSqlDatabase official = directPostgresConnection(QStringLiteral("earlier-layout-source"),
                                                         QStringLiteral("message_store"));
        if (!official.open())
            return QStringLiteral("cannot reach the official install: %1").arg(official.lastError().text());
        QSqlQuery q(official);
        if (!q.exec(QStringLiteral(
                        "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON "
                        "n.oid = p.pronamespace WHERE n.nspname = 'message_store' AND p.proname IN ('%1')")
                        .arg(functions.join(QStringLiteral("', '")))))
            return q.lastError().text();
        while (q.next()) {
            // The header names message_store; the body's unqualified names follow the search_path.
            const QString definition = q.value(0).toString();
            const qsizetype body = definition.indexOf(QStringLiteral("AS $function$"));
            if (body < 0)
                return QStringLiteral("unexpected function definition: %1").arg(definition.left(80));
            QString header = definition.left(body);
            header.replace(QStringLiteral("message_store."), schema + u'.');
            definitions << header + QStringLiteral(" SET search_path TO %1, public\n").arg(schema) +
                               definition.mid(body);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("earlier-layout-source"));
    if (definitions.size() != functions.size())
        return QStringLiteral("the official install has %1 of Message DB's %2 functions")
            .arg(definitions.size())
            .arg(functions.size());
    QString problem;
    {
        QSqlDatabase db = directPostgresConnection(QStringLiteral("earlier-layout-target"));
        if (!db.open())
            return db.lastError().text();
        QSqlQuery q(db);
        definitions << QStringLiteral("COMMENT ON SCHEMA %1 IS 'mdbstudio namespace, layout 1'").arg(schema);
        for (const QString& statement : std::as_const(definitions)) {
            if (!q.exec(statement)) {
                problem = q.lastError().text();
                break;
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("earlier-layout-target"));
    return problem;
}

TestStore reopen(const TestStore& original, TargetOptions options)
{
    mdb::StoreLocation location = original.store->location();
    location.conditionsEnabled = options.conditions;
    location.readOnly = options.readOnly;
    return reopen(original, location);
}

TestStore reopen(const TestStore& original, const mdb::StoreLocation& location)
{
    TestStore t;
    mdb::Result<std::unique_ptr<mdb::Store>> store = mdb::Store::open(location);
    if (!store) {
        t.problem = store.error().message;
        return t;
    }
    t.store = std::move(store).value();
    t.ns = original.ns;
    return t;
}

QString uniqueName(const QString& prefix)
{
    return prefix + QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 16)
                        .rightJustified(12, u'0');
}

QList<mdb::WriteRequest> consumerGroupExample(const QString& category)
{
    const QStringList ids{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("6"),
                          QStringLiteral("123+456")};
    const auto event = [](const QString& stream) {
        return mdb::WriteRequest{{}, stream, QStringLiteral("Event"), QStringLiteral("{}"), {}, {}};
    };
    QList<mdb::WriteRequest> batch;
    for (int i = 0; i < ids.size(); ++i) {
        for (int k = 0; k <= i; ++k)
            batch << event(category + u'-' + ids.at(i));
    }
    batch << event(category);
    return batch;
}

QSqlDatabase directPostgresConnection(const QString& connectionName, const QString& database)
{
    const mdb::Result<mdb::StoreLocation> location =
        mdb::StoreLocation::parse(qEnvironmentVariable("MDBSTUDIO_TEST_PG_URL"));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    if (!location)
        return db;
    const QMap<QString, QString>& p = location->pgParams;
    db.setHostName(p.value(QStringLiteral("host")));
    db.setPort(p.value(QStringLiteral("port")).toInt());
    db.setUserName(p.value(QStringLiteral("user")));
    db.setDatabaseName(database.isEmpty() ? p.value(QStringLiteral("dbname")) : database);
    return db;
}

QString outcome(const mdb::Result<qint64>& written)
{
    return written ? QString::number(*written) : written.error().message;
}

QString outcome(const mdb::Result<mdb::MessageList>& read)
{
    return read ? QString::number(read->size()) : read.error().message;
}

CategoryLock::CategoryLock(const QString& ns, const QString& category)
{
    m_db = directPostgresConnection(QStringLiteral("lock-holder"));
    m_held = m_db.open() && QSqlQuery(m_db).exec(QStringLiteral("BEGIN")) &&
             QSqlQuery(m_db).exec(
                 QStringLiteral("SELECT pg_advisory_xact_lock(\"%1\".hash_64('%2'))").arg(ns, category));
}

void CategoryLock::release()
{
    if (!m_db.isValid())
        return;
    QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("lock-holder"));
}

QList<QJsonObject> readJsonLines(const QString& fileName)
{
    QList<QJsonObject> rows;
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            rows << QJsonDocument::fromJson(line).object();
    }
    return rows;
}

QString testDataPath(const QString& fileName)
{
    return QStringLiteral(MDBSTUDIO_TEST_DATA_DIR "/") + fileName;
}

mdb::Result<qint64> writeByChannel(mdb::WriteChannel& channel, const mdb::WriteRequest& request)
{
    if (mdb::Status sent = channel.send(request); !sent)
        return sent.error();
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (std::optional<mdb::Result<qint64>> answer = channel.receive())
            return *answer;
        pollfd socket{channel.socket(), POLLIN, 0};
        ::poll(&socket, 1, 100);
    }
    return mdb::StoreError::make(mdb::ErrorKind::Timeout, QStringLiteral("no answer in 10 s"));
}

} // namespace mdbtest
