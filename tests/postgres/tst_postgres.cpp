// PostgreSQL-only behaviour: the official install's own functions agree with ours for any name,
// the official install works for any login and is never altered, sessions and servers that fail,
// writes sent without waiting answer as writes do.
#include "TestStores.h"
#include "storage/Hash64.h"
#include "storage/StreamName.h"
#include "storage/Uuid.h"
#include "storage/postgres/PostgresStore.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace mdb;

namespace {

QString portUrl(const QString& userInfo, const QString& db)
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
        .arg(userInfo, qEnvironmentVariable("MDBSTUDIO_TEST_PG_PORT"), db);
}

QString randomStreamName(QRandomGenerator& rng)
{
    static const QString alphabet = QString::fromUtf8("ab09-+:_xyzÄöüé日本😀 ");
    QString name;
    const int length = int(rng.bounded(0, 14));
    for (int i = 0; i < length; ++i) {
        const QChar c = alphabet.at(rng.bounded(alphabet.size()));
        if (c.isHighSurrogate()) // keep the emoji whole
            name += QString::fromUtf8("😀");
        else if (!c.isLowSurrogate())
            name += c;
    }
    return name;
}

} // namespace

class PostgresTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (mdbtest::officialUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_OFFICIAL_URL is not set");
            QSKIP("no test PostgreSQL (run scripts/test.sh)");
        }
    }

    void serverFunctionsAgreeWithOursForAnyName()
    {
        QSqlDatabase db =
            mdbtest::directPostgresConnection(QStringLiteral("direct"), QStringLiteral("message_store"));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QStringList names;
        for (const QJsonObject& v :
             mdbtest::readJsonLines(mdbtest::testDataPath(QStringLiteral("hash64-vectors.jsonl"))))
            names << v.value(QStringLiteral("stream_name")).toString();
        QRandomGenerator rng(20261127);
        for (int i = 0; i < 700; ++i)
            names << randomStreamName(rng);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SET search_path TO message_store, public")));
        QVERIFY(q.prepare(
            QStringLiteral("SELECT category(:s), cardinal_id(:s), is_category(:s), hash_64(cardinal_id(:s)), "
                           "MOD(@hash_64(cardinal_id(:s)), 3), MOD(@hash_64(cardinal_id(:s)), 7), "
                           "MOD(@hash_64(cardinal_id(:s)), 16)")));
        for (const QString& name : std::as_const(names)) {
            q.bindValue(QStringLiteral(":s"), name);
            QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
            QCOMPARE(StreamName::category(name), q.value(0).toString());
            const std::optional<QString> cardinal = StreamName::cardinalId(name);
            QCOMPARE(cardinal.has_value(), !q.value(1).isNull());
            QCOMPARE(StreamName::isCategory(name), q.value(2).toBool());
            if (!cardinal)
                continue;
            QCOMPARE(*cardinal, q.value(1).toString());
            QCOMPARE(hash64(*cardinal), q.value(3).toLongLong());
            QCOMPARE(**consumerGroupMember(name, 3), q.value(4).toLongLong());
            QCOMPARE(**consumerGroupMember(name, 7), q.value(5).toLongLong());
            QCOMPARE(**consumerGroupMember(name, 16), q.value(6).toLongLong());
        }
        q = QSqlQuery();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("direct"));
    }

    void summariesMatchTheOfficialViews()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Official);
        QSqlDatabase db =
            mdbtest::directPostgresConnection(QStringLiteral("views"), QStringLiteral("message_store"));
        QVERIFY(db.open());
        const QList<std::pair<SummaryKind, QString>> views{
            {SummaryKind::Type,
             QStringLiteral("SELECT type, '', message_count, percent FROM message_store.type_summary")},
            {SummaryKind::Stream,
             QStringLiteral(
                 "SELECT stream_name, '', message_count, percent FROM message_store.stream_summary")},
            {SummaryKind::CategoryType,
             QStringLiteral(
                 "SELECT category, type, message_count, percent FROM message_store.category_type_summary")},
        };
        for (const auto& [kind, sql] : views) {
            // Other suites write to the official install meanwhile: hold writers off (SHARE mode
            // lets reads through) so that the view and our summary count the same rows.
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            QVERIFY(q.exec(QStringLiteral("LOCK TABLE message_store.messages IN SHARE MODE")));
            Result<QList<SummaryRow>> ours = t->summary(t.ns, kind);
            QVERIFY(ours);
            QMap<QString, std::pair<qint64, QString>> expected;
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
            while (q.next())
                expected.insert(q.value(0).toString() + u'|' + q.value(1).toString(),
                                {q.value(2).toLongLong(), q.value(3).toString()});
            QCOMPARE(ours->size(), expected.size());
            for (const SummaryRow& r : *ours) {
                const auto e = expected.value(r.key + u'|' + r.secondKey);
                QCOMPARE(r.messages, e.first);
                QCOMPARE(QString::number(r.percent, 'f', 2), QString::number(e.second.toDouble(), 'f', 2));
            }
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
        }
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("views"));
    }

    void officialWorksAsTheMessageStoreRole()
    {
        Result<std::unique_ptr<Store>> store =
            Store::openNamed(qEnvironmentVariable("MDBSTUDIO_TEST_OFFICIAL_ROLE_URL"));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        Store& s = *store.value();
        const QString stream = mdbtest::uniqueName(QStringLiteral("role")) + QStringLiteral("-1");
        WriteRequest r{{}, stream, QStringLiteral("T"), QStringLiteral("{}"), {}, -1};
        QCOMPARE(*s.writeMessage(QStringLiteral("message_store"), r), 0);
        QCOMPARE(s.streamMessages(QStringLiteral("message_store"), {stream, {}, {}, {}})->size(), 1);
        // The role may not create schemas: a clear error, nothing made.
        const Status created = s.createNamespace(mdbtest::uniqueName(QStringLiteral("denied_")));
        QVERIFY(!created);
        QVERIFY2(created.error().message.contains(QStringLiteral("permission denied")),
                 qPrintable(created.error().message));
    }

    void officialIsNeverDropped()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Official);
        const Status dropped = t->dropNamespace(QStringLiteral("message_store"));
        QVERIFY(!dropped);
        QCOMPARE(dropped.error().kind, ErrorKind::ReadOnly);
        QCOMPARE(t->describeNamespace(QStringLiteral("message_store"))->kind,
                 NamespaceKind::OfficialMessageDb);
        QCOMPARE(t->createNamespace(QStringLiteral("message_store")).error().kind, ErrorKind::Conflict);
    }

    void readOnlyIsEnforcedByTheSession()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Postgres);
        mdbtest::TestStore ro = mdbtest::reopen(t, {false, true});
        QVERIFY2(ro.store, qPrintable(ro.problem));
        Result<qint64> w = ro->writeMessage(
            t.ns, {{}, QStringLiteral("ro-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}});
        QVERIFY(!w);
        QCOMPARE(w.error().kind, ErrorKind::ReadOnly);
        QVERIFY2(w.error().message.contains(QStringLiteral("read-only transaction")),
                 qPrintable(w.error().message));
        QVERIFY(!ro->createNamespace(mdbtest::uniqueName(QStringLiteral("ro_"))));
        QVERIFY(ro->streamMessages(t.ns, {QStringLiteral("ro-1"), {}, {}, {}}));
        QCOMPARE(*t->streamVersion(t.ns, QStringLiteral("ro-1")), std::optional<qint64>());
    }

    void wrongPasswordIsAClearError()
    {
        Result<std::unique_ptr<Store>> wrong =
            Store::openNamed(portUrl(QStringLiteral("mdbstudio_pw:wrong"), QStringLiteral("mdbstudio_test")));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, ErrorKind::Connection);
        QVERIFY2(wrong.error().message.contains(QStringLiteral("password authentication failed")),
                 qPrintable(wrong.error().message));
        QVERIFY(!wrong.error().message.contains(QStringLiteral("wrong")));
        Result<std::unique_ptr<Store>> right = Store::openNamed(
            portUrl(QStringLiteral("mdbstudio_pw:right-password"), QStringLiteral("mdbstudio_test")));
        QVERIFY2(right, qPrintable(right ? QString() : right.error().message));
    }

    void deadServerIsAClearError()
    {
        // Port 1 on loopback: nothing listens there.
        Result<std::unique_ptr<Store>> down =
            Store::openNamed(QStringLiteral("postgresql://postgres@127.0.0.1:1/x"));
        QVERIFY(!down);
        QCOMPARE(down.error().kind, ErrorKind::Connection);
        QVERIFY2(down.error().message.contains(QStringLiteral("Connection refused")),
                 qPrintable(down.error().message));
    }

    void droppedConnectionIsReported_thenReopened()
    {
        // A store of its own, named so that only its sessions are terminated.
        const QString appName = mdbtest::uniqueName(QStringLiteral("mdbstudio_victim_"));
        Result<std::unique_ptr<Store>> victim =
            Store::openNamed(mdbtest::postgresUrl() + QStringLiteral("?application_name=") + appName);
        QVERIFY(victim);
        Store& t = *victim.value();
        MDB_OPEN_TARGET(owner, mdbtest::Target::Postgres);
        QVERIFY(t.streamVersion(owner.ns, QStringLiteral("x-1")));
        // Another session terminates ours, as a restart or an administrator would.
        QSqlDatabase db =
            mdbtest::directPostgresConnection(QStringLiteral("killer"), QStringLiteral("mdbstudio_test"));
        QVERIFY(db.open());
        QSqlQuery kill(db);
        QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                         "application_name = '%1'")
                              .arg(appName)));
        kill = QSqlQuery();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("killer"));
        Result<std::optional<qint64>> lost = t.streamVersion(owner.ns, QStringLiteral("x-1"));
        QVERIFY(!lost);
        QCOMPARE(lost.error().kind, ErrorKind::Connection);
        // The next call connects again.
        QVERIFY2(t.streamVersion(owner.ns, QStringLiteral("x-1")), "no reconnect after a dropped connection");
    }

    // Writes sent without waiting (mdbctl stress --threads) answer exactly as writeMessage does,
    // on an mdbstudio namespace and on the official install, and survive a dropped connection.
    void writeChannelsAnswerAsWritesDo_data()
    {
        QTest::addColumn<bool>("official");
        QTest::newRow("mdbstudio namespace") << false;
        QTest::newRow("official install") << true;
    }
    void writeChannelsAnswerAsWritesDo()
    {
        QFETCH(bool, official);
        const QString appName = mdbtest::uniqueName(QStringLiteral("mdbstudio_channel_"));
        const QString base = official ? mdbtest::officialUrl() : mdbtest::postgresUrl();
        Result<std::unique_ptr<Store>> opened =
            Store::openNamed(base + QStringLiteral("?application_name=") + appName);
        QVERIFY(opened);
        auto* pg = dynamic_cast<PostgresStore*>(opened->get());
        QVERIFY(pg && pg->capabilities().writeChannels);
        QString ns = QStringLiteral("message_store");
        if (!official) {
            ns = mdbtest::uniqueName(QStringLiteral("channel_"));
            QVERIFY(pg->createNamespace(ns));
        }
        const auto dropNamespace = qScopeGuard([&] {
            if (!official)
                (void)pg->dropNamespace(ns);
        });
        const QString stream = mdbtest::uniqueName(QStringLiteral("channelTest")) + QStringLiteral("-1");
        std::unique_ptr<WriteChannel> channel = pg->writeChannel(ns);
        QVERIFY(channel->open());

        const auto write = [&](const WriteRequest& r) {
            return mdbtest::writeByChannel(*channel, r);
        };
        const QString id = newUuid();
        QCOMPARE(write({id, stream, QStringLiteral("Opened"), QStringLiteral(R"({"a": 1})"), {}, {}}).value(),
                 0);
        QCOMPARE(write({newUuid(), stream, QStringLiteral("Deposited"), QStringLiteral("{}"), {}, 0}).value(),
                 1);

        // Refusals: the same kind and words as a plain write of the same request.
        const QList<WriteRequest> refused{
            {newUuid(), stream, QStringLiteral("Late"), QStringLiteral("{}"), {}, 0}, // wrong version
            {id, stream, QStringLiteral("Again"), QStringLiteral("{}"), {}, {}},      // duplicate id
            {newUuid(), stream, QStringLiteral("Bad"), QStringLiteral("{"), {}, {}},  // invalid JSON
            {newUuid(), QStringLiteral("stream-with-no-type"), QString(), QStringLiteral("{}"), {}, {}},
        };
        for (const WriteRequest& r : refused) {
            const Result<qint64> byChannel = write(r);
            const Result<qint64> plain = pg->writeMessage(ns, r);
            QVERIFY(!byChannel && !plain);
            QCOMPARE(byChannel.error().kind, plain.error().kind);
            QCOMPARE(byChannel.error().message, plain.error().message);
            QVERIFY(!channel->inFlight());
        }
        QCOMPARE(write({newUuid(), stream, QStringLiteral("Deposited"), QStringLiteral("{}"), {}, 1}).value(),
                 2);

        // A dropped connection fails one write with a connection error; the next connects again.
        QSqlDatabase db = mdbtest::directPostgresConnection(QStringLiteral("channel-killer"),
                                                            QStringLiteral("mdbstudio_test"));
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(
            QStringLiteral(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '%1'")
                .arg(appName)));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("channel-killer"));
        QTest::qWait(100); // the backends' ends reach the sockets
        const Result<qint64> lost =
            write({newUuid(), stream, QStringLiteral("Lost"), QStringLiteral("{}"), {}, {}});
        QVERIFY(!lost);
        QCOMPARE(lost.error().kind, ErrorKind::Connection);
        QCOMPARE(write({newUuid(), stream, QStringLiteral("After"), QStringLiteral("{}"), {}, 2}).value(), 3);
        QCOMPARE(**pg->streamVersion(ns, stream), 3);
    }
};

QTEST_GUILESS_MAIN(PostgresTest)
#include "tst_postgres.moc"
