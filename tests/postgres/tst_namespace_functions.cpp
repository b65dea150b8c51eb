// The server functions of an mdbstudio PostgreSQL namespace, called in SQL as any Message DB client
// calls them, next to the official install's: each case has its answer written down here, from the
// behaviour observed on Message DB 1.3 (../shared/spec/message-db.md), and both places must give
// it. Also: layout 1 namespaces, as earlier versions made them, and their upgrade in place.
#include "TestStores.h"
#include "storage/Hash64.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QUuid>

using namespace mdb;

namespace {

enum class Place
{
    Official, // the official install, schema message_store, through its search_path
    Mdbstudio // a namespace mdbstudio created, every name schema-qualified
};

// A statement's answer as text: the rows' values ("a,b;c,d", NULL as NULL, "(no rows)"), or
// "ERROR <SQLSTATE>: <message>".
QString answer(QSqlQuery& q, const QString& sql)
{
    if (!q.exec(sql)) {
        // QPSQL gives the server's whole report ("ERROR:  text\nCONTEXT: ..."): keep the message.
        QString text = q.lastError().databaseText().section(u'\n', 0, 0);
        text.remove(QRegularExpression(QStringLiteral("^ERROR:\\s+")));
        return QStringLiteral("ERROR %1: %2").arg(q.lastError().nativeErrorCode(), text);
    }
    QStringList rows;
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < q.record().count(); ++i) {
            const QVariant v = q.value(i);
            values << (v.isNull() ? QStringLiteral("NULL") : v.toString());
        }
        rows << values.join(u',');
    }
    return rows.isEmpty() ? QStringLiteral("(no rows)") : rows.join(u';');
}

template <typename T>
QString problem(const Result<T>& result)
{
    return result ? QString() : result.error().message;
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

struct Case
{
    const char* name;
    QString sql;      // {ns}: the schema; {c}: a category of this run's own; {id}: a fresh uuid
    QString expected; // with {c} as in sql
};

} // namespace

class NamespaceFunctionsTest : public QObject
{
    Q_OBJECT

private:
    mdbtest::TestStore m_ours;
    QString m_category = mdbtest::uniqueName(QStringLiteral("fn"));
    int m_connections = 0;

    // A new session on the place, its search_path on the namespace (so that catalogue output names
    // types and functions without their schema); nothing else set.
    QSqlDatabase session(Place place)
    {
        const QString name = QStringLiteral("fn%1").arg(++m_connections);
        QSqlDatabase db = place == Place::Official
                              ? mdbtest::directPostgresConnection(name, QStringLiteral("message_store"))
                              : mdbtest::directPostgresConnection(name);
        if (db.open())
            QSqlQuery(db).exec(QStringLiteral("SET search_path TO %1, public").arg(schema(place)));
        return db;
    }
    QString schema(Place place) const
    {
        return place == Place::Official ? QStringLiteral("message_store") : u'"' + m_ours.ns + u'"';
    }
    QString schemaName(Place place) const
    {
        return place == Place::Official ? QStringLiteral("message_store") : m_ours.ns;
    }
    QString filled(QString text, Place place) const
    {
        text.replace(QStringLiteral("{ns}"), schema(place)).replace(QStringLiteral("{c}"), m_category);
        for (qsizetype at = text.indexOf(QStringLiteral("{id}")); at >= 0;
             at = text.indexOf(QStringLiteral("{id}")))
            text.replace(at, 4, newId());
        return text;
    }
    static void addPlaceRows(const QList<Case>& cases)
    {
        QTest::addColumn<int>("place");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected");
        for (Place place : {Place::Official, Place::Mdbstudio}) {
            for (const Case& c : cases)
                QTest::addRow("%s: %s", place == Place::Official ? "official" : "mdbstudio", c.name)
                    << int(place) << c.sql << c.expected;
        }
    }
    void runCase()
    {
        QFETCH(int, place);
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        const Place where = Place(place);
        QSqlDatabase db = session(where);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        QCOMPARE(answer(q, filled(sql, where)), filled(expected, where));
    }

private Q_SLOTS:
    void initTestCase()
    {
        MDB_OPEN_TARGET(opened, mdbtest::Target::Postgres);
        m_ours = std::move(opened);
    }

    // Names, arguments, defaults, results, volatility and language of the twelve functions.
    void signatures_data()
    {
        addPlaceRows(
            {{"functions",
              QStringLiteral("SELECT p.proname, pg_get_function_arguments(p.oid), "
                             "pg_get_function_result(p.oid), p.provolatile, l.lanname "
                             "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                             "JOIN pg_language l ON l.oid = p.prolang "
                             "WHERE n.nspname = current_schema() ORDER BY p.proname"),
              QStringLiteral(
                  "acquire_lock,stream_name character varying,bigint,v,plpgsql;"
                  "cardinal_id,stream_name character varying,character varying,i,plpgsql;"
                  "category,stream_name character varying,character varying,i,plpgsql;"
                  "get_category_messages,category character varying, \"position\" bigint DEFAULT 1, "
                  "batch_size bigint DEFAULT 1000, correlation character varying DEFAULT "
                  "NULL::character varying, consumer_group_member bigint DEFAULT NULL::bigint, "
                  "consumer_group_size bigint DEFAULT NULL::bigint, condition character varying "
                  "DEFAULT NULL::character varying,SETOF message,v,plpgsql;"
                  "get_last_stream_message,stream_name character varying, type character varying "
                  "DEFAULT NULL::character varying,SETOF message,v,plpgsql;"
                  "get_stream_messages,stream_name character varying, \"position\" bigint DEFAULT 0, "
                  "batch_size bigint DEFAULT 1000, condition character varying DEFAULT "
                  "NULL::character varying,SETOF message,v,plpgsql;"
                  "hash_64,value character varying,bigint,i,plpgsql;"
                  "id,stream_name character varying,character varying,i,plpgsql;"
                  "is_category,stream_name character varying,boolean,i,plpgsql;"
                  "message_store_version,,character varying,v,plpgsql;"
                  "stream_version,stream_name character varying,bigint,v,plpgsql;"
                  "write_message,id character varying, stream_name character varying, type "
                  "character varying, data jsonb, metadata jsonb DEFAULT NULL::jsonb, "
                  "expected_version bigint DEFAULT NULL::bigint,bigint,v,plpgsql")},
             {"table columns",
              QStringLiteral("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                             "coalesce(pg_get_expr(d.adbin, d.adrelid), '') "
                             "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid "
                             "AND d.adnum = a.attnum WHERE a.attrelid = 'messages'::regclass "
                             "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"),
              QStringLiteral("global_position,bigint,true,nextval('messages_global_position_seq'::"
                             "regclass);position,bigint,true,;time,timestamp without time zone,"
                             "true,(now() AT TIME ZONE 'utc'::text);stream_name,text,true,;"
                             "type,text,true,;data,jsonb,false,;metadata,jsonb,false,;"
                             "id,uuid,true,gen_random_uuid()")},
             {"row type",
              QStringLiteral("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                             "WHERE a.attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'message' "
                             "AND typnamespace = current_schema()::regnamespace) ORDER BY a.attnum"),
              QStringLiteral("id,character varying;stream_name,character varying;type,character varying;"
                             "position,bigint;global_position,bigint;data,character varying;"
                             "metadata,character varying;time,timestamp without time zone")},
             {"indexes",
              QStringLiteral("SELECT indexname, regexp_replace(indexdef, ' ON \\S+ ', ' ON ') FROM "
                             "pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"),
              QStringLiteral("messages_category,CREATE INDEX messages_category ON USING btree "
                             "(category((stream_name)::character varying), global_position, "
                             "category(((metadata ->> 'correlationStreamName'::text))::character "
                             "varying));messages_id,CREATE UNIQUE INDEX messages_id ON USING btree "
                             "(id);messages_pkey,CREATE UNIQUE INDEX messages_pkey ON USING btree "
                             "(global_position);messages_stream,CREATE UNIQUE INDEX messages_stream "
                             "ON USING btree (stream_name, \"position\")")},
             {"version", QStringLiteral("SELECT {ns}.message_store_version()"), QStringLiteral("1.3.0")}});
    }
    void signatures() { runCase(); }

    // The stream-name functions and the hash, NULLs and edge cases included.
    void anatomy_data()
    {
        addPlaceRows({
            {"category of types and ids",
             QStringLiteral("SELECT {ns}.category('account:command+position-123-456')"),
             QStringLiteral("account:command+position")},
            {"category of a category", QStringLiteral("SELECT {ns}.category('account')"),
             QStringLiteral("account")},
            {"category of empty", QStringLiteral("SELECT {ns}.category('') = ''"), QStringLiteral("true")},
            {"category of NULL", QStringLiteral("SELECT {ns}.category(NULL)"), QStringLiteral("NULL")},
            {"id after the first dash", QStringLiteral("SELECT {ns}.id('account-123-456')"),
             QStringLiteral("123-456")},
            {"id of a trailing dash", QStringLiteral("SELECT {ns}.id('account-') = ''"),
             QStringLiteral("true")},
            {"no id without a dash", QStringLiteral("SELECT {ns}.id('account')"), QStringLiteral("NULL")},
            {"id of NULL", QStringLiteral("SELECT {ns}.id(NULL)"), QStringLiteral("NULL")},
            {"cardinal id", QStringLiteral("SELECT {ns}.cardinal_id('account-789+abc')"),
             QStringLiteral("789")},
            {"cardinal id of '+x'", QStringLiteral("SELECT {ns}.cardinal_id('account-+x') = ''"),
             QStringLiteral("true")},
            {"no cardinal id", QStringLiteral("SELECT {ns}.cardinal_id('account')"), QStringLiteral("NULL")},
            {"is_category", QStringLiteral("SELECT {ns}.is_category('account:command+position')"),
             QStringLiteral("true")},
            {"is_category of a stream", QStringLiteral("SELECT {ns}.is_category('account-1')"),
             QStringLiteral("false")},
            {"is_category of empty", QStringLiteral("SELECT {ns}.is_category('')"), QStringLiteral("true")},
            {"is_category of NULL", QStringLiteral("SELECT {ns}.is_category(NULL)"), QStringLiteral("true")},
            {"hash of empty", QStringLiteral("SELECT {ns}.hash_64('')"),
             QStringLiteral("-3162216497309240828")},
            {"hash of UTF-8", QStringLiteral("SELECT {ns}.hash_64('äöü')"),
             QStringLiteral("723346632877524233")},
            {"hash of NULL", QStringLiteral("SELECT {ns}.hash_64(NULL)"), QStringLiteral("NULL")},
            {"lock key is the category's hash", QStringLiteral("SELECT {ns}.acquire_lock('someStream-123')"),
             QStringLiteral("2053039834977696644")},
            {"no lock for NULL", QStringLiteral("SELECT {ns}.acquire_lock(NULL)"), QStringLiteral("NULL")},
            {"version of an empty stream", QStringLiteral("SELECT {ns}.stream_version('{c}-empty')"),
             QStringLiteral("NULL")},
            {"no last message",
             QStringLiteral("SELECT count(*) FROM {ns}.get_last_stream_message('{c}-empty')"),
             QStringLiteral("0")},
        });
    }
    void anatomy() { runCase(); }

    // When several arguments are wrong, the first check in Message DB's order is the one reported;
    // the rows run in order, so the writes build on each other.
    void errorOrder_data()
    {
        const QString groupRead = QStringLiteral("SELECT position FROM {ns}.get_category_messages(%1)");
        const QString gate = QStringLiteral("ERROR P0001: Retrieval with SQL condition is not activated");
        addPlaceRows({
            {"category before all else", groupRead.arg(QStringLiteral("'x-1', 1, 10, 'y-1', 0, 0, 'true'")),
             QStringLiteral("ERROR P0001: Must be a category: x-1")},
            {"correlation before the group", groupRead.arg(QStringLiteral("'x', 1, 10, 'y-1', 5, 0, 'true'")),
             QStringLiteral("ERROR P0001: Correlation must be a category (Correlation: y-1)")},
            {"member without size", groupRead.arg(QStringLiteral("'x', 1, 10, NULL, 5, NULL, 'true'")),
             QStringLiteral("ERROR P0001: Consumer group member and size must be specified (Consumer Group "
                            "Member: 5, Consumer Group Size: <NULL>)")},
            {"size before member", groupRead.arg(QStringLiteral("'x', 1, 10, NULL, -1, 0, 'true'")),
             QStringLiteral(
                 "ERROR P0001: Consumer group size must not be less than 1 (Consumer Group Member: "
                 "-1, Consumer Group Size: 0)")},
            {"negative member", groupRead.arg(QStringLiteral("'x', 1, 10, NULL, -1, 1, 'true'")),
             QStringLiteral("ERROR P0001: Consumer group member must not be less than 0 (Consumer Group "
                            "Member: -1, Consumer Group Size: 1)")},
            {"member past the size", groupRead.arg(QStringLiteral("'x', 1, 10, NULL, 2, 2, 'true'")),
             QStringLiteral("ERROR P0001: Consumer group member must be less than the group size (Consumer "
                            "Group Member: 2, Consumer Group Size: 2)")},
            {"condition gate before the smallint size",
             groupRead.arg(QStringLiteral("'x', 1, 10, NULL, 0, 40000, 'true'")), gate},
            {"largest smallint size", groupRead.arg(QStringLiteral("'{c}', 1, 10, NULL, 0, 32767")),
             QStringLiteral("(no rows)")},
            {"size past smallint", groupRead.arg(QStringLiteral("'{c}', 1, 10, NULL, 0, 32768")),
             QStringLiteral("ERROR 22003: smallint out of range")},
            {"negative category batch", groupRead.arg(QStringLiteral("'{c}', 1, -2")),
             QStringLiteral("ERROR 2201W: LIMIT must not be negative")},
            {"stream name before the gate",
             QStringLiteral("SELECT position FROM {ns}.get_stream_messages('x', 0, 10, 'true')"),
             QStringLiteral("ERROR P0001: Must be a stream name: x")},
            {"NULL stream name", QStringLiteral("SELECT position FROM {ns}.get_stream_messages(NULL)"),
             QStringLiteral("ERROR P0001: Must be a stream name: <NULL>")},
            {"stream gate",
             QStringLiteral("SELECT position FROM {ns}.get_stream_messages('{c}-1', 0, 10, 'true')"), gate},
            {"negative stream batch",
             QStringLiteral("SELECT position FROM {ns}.get_stream_messages('{c}-1', 0, -2)"),
             QStringLiteral("ERROR 2201W: LIMIT must not be negative")},
            {"version before the id",
             QStringLiteral("SELECT {ns}.write_message('not-a-uuid', '{c}-1', 'T', '{}', NULL, 7)"),
             QStringLiteral("ERROR P0001: Wrong expected version: 7 (Stream: {c}-1, Stream Version: -1)")},
            {"id before the type",
             QStringLiteral("SELECT {ns}.write_message('not-a-uuid', '{c}-1', NULL, '{}')"),
             QStringLiteral("ERROR 22P02: invalid input syntax for type uuid: \"not-a-uuid\"")},
            {"version before the type",
             QStringLiteral("SELECT {ns}.write_message('{id}', '{c}-1', NULL, '{}', NULL, 3)"),
             QStringLiteral("ERROR P0001: Wrong expected version: 3 (Stream: {c}-1, Stream Version: -1)")},
            {"NULL type", QStringLiteral("SELECT {ns}.write_message('{id}', '{c}-1', NULL, '{}')"),
             QStringLiteral("ERROR 23502: null value in column \"type\" of relation \"messages\" violates "
                            "not-null constraint")},
            {"NULL id", QStringLiteral("SELECT {ns}.write_message(NULL, '{c}-1', 'T', '{}')"),
             QStringLiteral("ERROR 23502: null value in column \"id\" of relation \"messages\" violates "
                            "not-null constraint")},
            {"NULL stream", QStringLiteral("SELECT {ns}.write_message('{id}', NULL, 'T', '{}')"),
             QStringLiteral("ERROR 23502: null value in column \"stream_name\" of relation \"messages\" "
                            "violates not-null constraint")},
            {"first write", QStringLiteral("SELECT {ns}.write_message('{id}', '{c}-1', 'T', '{}', NULL, -1)"),
             QStringLiteral("0")},
            {"must not exist",
             QStringLiteral("SELECT {ns}.write_message('{id}', '{c}-1', 'T', '{}', NULL, -1)"),
             QStringLiteral("ERROR P0001: Wrong expected version: -1 (Stream: {c}-1, Stream Version: 0)")},
            {"second write", QStringLiteral("SELECT {ns}.write_message('{id}', '{c}-1', 'U', '{}', NULL, 0)"),
             QStringLiteral("1")},
            {"unchecked write", QStringLiteral("SELECT {ns}.write_message('{id}', '{c}-1', 'T', NULL)"),
             QStringLiteral("2")},
            {"a category name is a stream to write",
             QStringLiteral("SELECT {ns}.write_message('{id}', '{c}', 'T', '{}')"), QStringLiteral("0")},
            {"stream version", QStringLiteral("SELECT {ns}.stream_version('{c}-1')"), QStringLiteral("2")},
            {"NULL position and batch mean the defaults",
             QStringLiteral("SELECT position FROM {ns}.get_stream_messages('{c}-1', NULL, NULL)"),
             QStringLiteral("0;1;2")},
            {"batch 0", QStringLiteral("SELECT position FROM {ns}.get_stream_messages('{c}-1', 0, 0)"),
             QStringLiteral("(no rows)")},
            {"batch -1", QStringLiteral("SELECT position FROM {ns}.get_stream_messages('{c}-1', 1, -1)"),
             QStringLiteral("1;2")},
            {"negative position",
             QStringLiteral("SELECT position FROM {ns}.get_stream_messages('{c}-1', -5, 2)"),
             QStringLiteral("0;1")},
            {"category from its default position",
             QStringLiteral("SELECT stream_name, position FROM {ns}.get_category_messages('{c}')"),
             QStringLiteral("{c}-1,0;{c}-1,1;{c}-1,2;{c},0")},
            {"a stream without an id has no member",
             QStringLiteral("SELECT stream_name FROM {ns}.get_category_messages('{c}', 1, 10, NULL, 0, 1)"),
             QStringLiteral("{c}-1;{c}-1;{c}-1")},
            {"last of a type",
             QStringLiteral("SELECT position, type FROM {ns}.get_last_stream_message('{c}-1', 'U')"),
             QStringLiteral("1,U")},
            {"last of a category's name",
             QStringLiteral("SELECT position FROM {ns}.get_last_stream_message('{c}')"), QStringLiteral("0")},
            {"NULL data reads as NULL",
             QStringLiteral("SELECT data FROM {ns}.get_last_stream_message('{c}-1')"),
             QStringLiteral("NULL")},
        });
    }
    void errorOrder() { runCase(); }

    // Conditions are refused unless message_store.sql_condition is present and not exactly 'off'.
    void conditionGate_data()
    {
        QTest::addColumn<int>("place");
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<bool>("allowed");
        const QList<std::tuple<const char*, QStringList, bool>> cases{
            {"never set", {}, false},
            {"off", {QStringLiteral("SET message_store.sql_condition = 'off'")}, false},
            {"on", {QStringLiteral("SET message_store.sql_condition = 'on'")}, true},
            {"true", {QStringLiteral("SET message_store.sql_condition = 'true'")}, true},
            {"OFF in capitals", {QStringLiteral("SET message_store.sql_condition = 'OFF'")}, true},
            {"reset after on",
             {QStringLiteral("SET message_store.sql_condition = 'on'"),
              QStringLiteral("RESET message_store.sql_condition")},
             true},
        };
        for (Place place : {Place::Official, Place::Mdbstudio}) {
            for (const auto& [name, settings, allowed] : cases)
                QTest::addRow("%s: %s", place == Place::Official ? "official" : "mdbstudio", name)
                    << int(place) << settings << allowed;
        }
    }
    void conditionGate()
    {
        QFETCH(int, place);
        QFETCH(QStringList, settings);
        QFETCH(bool, allowed);
        const Place where = Place(place);
        QSqlDatabase db = session(where);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        // A category of the row's own, with two messages in one stream.
        const QString gate = QStringLiteral("{c}gate%1").arg(++m_connections);
        QCOMPARE(answer(q, filled(QStringLiteral("SELECT {ns}.write_message('{id}', '%1-1', 'T', '{}'), "
                                                 "{ns}.write_message('{id}', '%1-1', 'T', '{}')")
                                      .arg(gate),
                                  where)),
                 QStringLiteral("0,1"));
        for (const QString& setting : settings)
            QVERIFY2(q.exec(setting), qPrintable(q.lastError().text()));
        // The condition narrows the rows before the batch's LIMIT applies.
        const QString stream =
            answer(q, filled(QStringLiteral("SELECT position FROM {ns}.get_stream_messages('%1-1', 0, 1, "
                                            "'position >= 1')")
                                 .arg(gate),
                             where));
        const QString category = answer(
            q, filled(QStringLiteral("SELECT position FROM {ns}.get_category_messages('%1', 1, 1, NULL, 0, "
                                     "1, 'position >= 1')")
                          .arg(gate),
                      where));
        const QString refused = QStringLiteral("ERROR P0001: Retrieval with SQL condition is not activated");
        QCOMPARE(stream, allowed ? QStringLiteral("1") : refused);
        QCOMPARE(category, allowed ? QStringLiteral("1") : refused);
    }

    // write_message takes the category's lock before it reads the stream's version: while another
    // session holds the lock, a write with a wrong expected version waits (and here times out)
    // instead of reporting the version; another category is not held up.
    void lockBeforeVersionRead_data()
    {
        QTest::addColumn<int>("place");
        QTest::newRow("official") << int(Place::Official);
        QTest::newRow("mdbstudio") << int(Place::Mdbstudio);
    }
    void lockBeforeVersionRead()
    {
        QFETCH(int, place);
        const Place where = Place(place);
        QSqlDatabase holder = session(where);
        QSqlDatabase writer = session(where);
        QVERIFY(holder.isOpen() && writer.isOpen());
        QSqlQuery h(holder);
        QSqlQuery w(writer);
        QVERIFY(h.exec(QStringLiteral("BEGIN")));
        const QString key = answer(h, filled(QStringLiteral("SELECT {ns}.acquire_lock('{c}lock-1')"), where));
        QCOMPARE(key, QString::number(hash64(m_category + QStringLiteral("lock"))));
        // The lock as pg_locks shows it: advisory, exclusive, its key split into two 32-bit halves.
        const quint64 bits = quint64(key.toLongLong());
        QCOMPARE(
            answer(w, QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = "
                                     "'ExclusiveLock' AND granted AND classid::bigint = %1 AND objid::bigint "
                                     "= %2 AND objsubid = 1")
                          .arg(bits >> 32)
                          .arg(bits & 0xffffffffULL)),
            QStringLiteral("1"));
        QVERIFY(w.exec(QStringLiteral("SET lock_timeout = '300ms'")));
        QCOMPARE(answer(w, filled(QStringLiteral(
                                      "SELECT {ns}.write_message('{id}', '{c}lock-2', 'T', '{}', NULL, 99)"),
                                  where)),
                 QStringLiteral("ERROR 55P03: canceling statement due to lock timeout"));
        QCOMPARE(
            answer(w, filled(QStringLiteral("SELECT {ns}.write_message('{id}', '{c}other-2', 'T', '{}')"),
                             where)),
            QStringLiteral("0"));
        QVERIFY(h.exec(QStringLiteral("ROLLBACK")));
        QCOMPARE(
            answer(w, filled(QStringLiteral(
                                 "SELECT {ns}.write_message('{id}', '{c}lock-2', 'T', '{}', NULL, 99)"),
                             where)),
            filled(QStringLiteral(
                       "ERROR P0001: Wrong expected version: 99 (Stream: {c}lock-2, Stream Version: -1)"),
                   where));
    }

    // A namespace of layout 1 (earlier mdbstudio versions) keeps working as it is, shows that an
    // upgrade is waiting, and is upgraded in place: the same messages, the current functions.
    void earlierLayoutUpgradedInPlace()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Postgres);
        const QString stream = mdbtest::uniqueName(QStringLiteral("up")) + QStringLiteral("-1");
        WriteRequest w;
        w.streamName = stream;
        w.type = QStringLiteral("Before");
        w.data = QStringLiteral(R"({"n": 1})");
        QVERIFY(t->writeMessage(t.ns, w));
        QCOMPARE(mdbtest::makeEarlierLayout(t.ns), QString());

        Result<NamespaceInfo> before = t->describeNamespace(t.ns);
        QVERIFY2(before, qPrintable(problem(before)));
        QCOMPARE(before->layout, 1);
        QCOMPARE(before->currentLayout, 2);
        QVERIFY(before->upgradable());
        QCOMPARE(namespaceLayoutName(*before),
                 QStringLiteral("mdbstudio layout 1 (upgrade to layout 2 available)"));
        // Layout 1 still writes and reads, with its own functions.
        w.type = QStringLiteral("OnLayout1");
        w.expectedVersion = 0;
        QCOMPARE(mdbtest::outcome(t->writeMessage(t.ns, w)), QStringLiteral("1"));
        QCOMPARE(functionBodies(t.ns),
                 functionBodies(QStringLiteral("message_store"), QStringLiteral("message_store")));
        Result<MessageList> kept = t->streamMessages(t.ns, {stream, {}, {}, {}});
        QVERIFY(kept && kept->size() == 2);

        Result<LayoutUpgrade> upgraded = t->upgradeNamespace(t.ns);
        QVERIFY2(upgraded, qPrintable(problem(upgraded)));
        QCOMPARE(upgraded->from, 1);
        QCOMPARE(upgraded->to, 2);
        // The current functions, as a namespace made now has them, and no longer Message DB's.
        QCOMPARE(functionBodies(t.ns), functionBodies(m_ours.ns));
        QVERIFY(functionBodies(t.ns) !=
                functionBodies(QStringLiteral("message_store"), QStringLiteral("message_store")));
        Result<NamespaceInfo> after = t->describeNamespace(t.ns);
        QCOMPARE(after->layout, 2);
        QVERIFY(!after->upgradable());
        QCOMPARE(namespaceLayoutName(*after), QStringLiteral("mdbstudio layout 2 (current)"));
        // Every message as it was, and writing goes on from there.
        Result<MessageList> same = t->streamMessages(t.ns, {stream, {}, {}, {}});
        QVERIFY(same);
        QCOMPARE(same->size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(same->at(i).id, kept->at(i).id);
            QCOMPARE(same->at(i).globalPosition, kept->at(i).globalPosition);
            QCOMPARE(same->at(i).type, kept->at(i).type);
            QCOMPARE(same->at(i).data, kept->at(i).data);
            QCOMPARE(same->at(i).timeMicros, kept->at(i).timeMicros);
        }
        w.type = QStringLiteral("After");
        w.expectedVersion = 1;
        QCOMPARE(mdbtest::outcome(t->writeMessage(t.ns, w)), QStringLiteral("2"));
        w.expectedVersion = 1;
        QCOMPARE(t->writeMessage(t.ns, w).error().kind, ErrorKind::WrongExpectedVersion);
        // A second upgrade has nothing to do.
        Result<LayoutUpgrade> again = t->upgradeNamespace(t.ns);
        QVERIFY(again);
        QVERIFY(!again->changed());
        QCOMPARE(again->to, 2);
    }

    // Upgrades refuse what mdbstudio did not make, and read-only connections, changing nothing.
    void upgradeRefusals()
    {
        MDB_OPEN_TARGET(official, mdbtest::Target::Official);
        Result<LayoutUpgrade> refused = official->upgradeNamespace(official.ns);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::ReadOnly);
        QCOMPARE(
            refused.error().message,
            QStringLiteral("namespace \"message_store\" was not created by mdbstudio; it is left as it is"));

        MDB_OPEN_TARGET(t, mdbtest::Target::Postgres);
        QCOMPARE(mdbtest::makeEarlierLayout(t.ns), QString());
        mdbtest::TestStore readOnly = mdbtest::reopen(t, {false, true});
        QVERIFY2(readOnly.store, qPrintable(readOnly.problem));
        Result<LayoutUpgrade> blocked = readOnly->upgradeNamespace(t.ns);
        QVERIFY(!blocked);
        QCOMPARE(blocked.error().kind, ErrorKind::ReadOnly);
        QCOMPARE(t->describeNamespace(t.ns)->layout, 1);
        QCOMPARE(functionBodies(t.ns),
                 functionBodies(QStringLiteral("message_store"), QStringLiteral("message_store")));

        Result<LayoutUpgrade> missing = t->upgradeNamespace(QStringLiteral("no_such_namespace"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().message, QStringLiteral("namespace \"no_such_namespace\" does not exist"));
    }

    // mdbctl's namespace upgrade and namespace info, as a user runs them.
    void mdbctlUpgrade()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Postgres);
        QCOMPARE(mdbtest::makeEarlierLayout(t.ns), QString());
        const auto mdbctl = [](const QStringList& args, const QString& url = mdbtest::postgresUrl()) {
            QProcess p;
            p.start(QStringLiteral(MDBCTL_PATH), QStringList{QStringLiteral("--store"), url} + args);
            p.waitForFinished(30000);
            return std::make_pair(p.exitCode(),
                                  QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
        };
        auto [infoCode, info] = mdbctl({QStringLiteral("namespace"), QStringLiteral("info"), t.ns});
        QCOMPARE(infoCode, 0);
        QVERIFY2(
            info.contains(QStringLiteral("layout:    mdbstudio layout 1 (upgrade to layout 2 available)")),
            qPrintable(info));
        auto [code, text] = mdbctl({QStringLiteral("namespace"), QStringLiteral("upgrade"), t.ns});
        QCOMPARE(code, 0);
        QCOMPARE(text,
                 QStringLiteral("upgraded %1 from layout 1 to layout 2; its messages are kept\n").arg(t.ns));
        auto [againCode, again] =
            mdbctl({QStringLiteral("--json"), QStringLiteral("namespace"), QStringLiteral("upgrade"), t.ns});
        QCOMPARE(againCode, 0);
        QCOMPARE(again,
                 QStringLiteral("{\"upgraded\":\"%1\",\"from\":2,\"to\":2,\"changed\":false}\n").arg(t.ns));
        auto [jsonCode, json] =
            mdbctl({QStringLiteral("--json"), QStringLiteral("namespace"), QStringLiteral("info"), t.ns});
        QCOMPARE(jsonCode, 0);
        QVERIFY2(json.contains(QStringLiteral("\"layout\":2,\"current_layout\":2}")), qPrintable(json));
        auto [officialCode, official] =
            mdbctl({QStringLiteral("namespace"), QStringLiteral("upgrade"), QStringLiteral("message_store")},
                   mdbtest::officialUrl());
        QCOMPARE(officialCode, 1);
        QCOMPARE(
            official,
            QStringLiteral(
                "mdbctl: namespace \"message_store\" was not created by mdbstudio; it is left as it is\n"));
        auto [usageCode, usage] = mdbctl({QStringLiteral("namespace"), QStringLiteral("upgrade")});
        QCOMPARE(usageCode, 2);
        QVERIFY2(usage.contains(QStringLiteral("(create, drop, info, upgrade)")), qPrintable(usage));
    }

private:
    // Each function of the schema `ns` with its body, as the catalogue holds them (`database`:
    // the test database, or message_store for the official install).
    QString functionBodies(const QString& ns, const QString& database = {})
    {
        QString result;
        {
            QSqlDatabase db = mdbtest::directPostgresConnection(QStringLiteral("bodies"), database);
            if (!db.open())
                return db.lastError().text();
            QSqlQuery q(db);
            result =
                answer(q, QStringLiteral("SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON "
                                         "n.oid = p.pronamespace WHERE n.nspname = '%1' ORDER BY 1")
                              .arg(ns));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bodies"));
        // mdbstudio's bodies name their own schema; compare them with it left out.
        return result.replace(u'"' + ns + u'"', QStringLiteral("{ns}"));
    }
};

QTEST_GUILESS_MAIN(NamespaceFunctionsTest)
#include "tst_namespace_functions.moc"
