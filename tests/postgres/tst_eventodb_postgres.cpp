// EventoDB's PostgreSQL layout, opened as it is: its registry lists namespaces by id, reads and
// writes go to the schema the registry names (writes through the namespace's own write_message,
// read back by EventoDB's own functions), its rules are the ones applied, and bad registries give
// clear errors and change nothing. The layout is made by tests/data/eventodb/ from docs/eventodb.md.
#include "EventoDbFixture.h"
#include "TestStores.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace mdb;

namespace {

WriteRequest deposit(const QString& stream, const QString& data, std::optional<qint64> expected = {},
                     std::optional<QString> metadata = {})
{
    return WriteRequest{{}, stream, QStringLiteral("Deposited"), data, std::move(metadata), expected};
}

QStringList texts(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* item : items)
        out << QString::fromUtf8(item);
    return out;
}

QStringList idsOf(const MessageList& messages)
{
    QStringList out;
    for (const Message& m : messages)
        out << m.streamName + u'/' + QString::number(m.position);
    return out;
}

} // namespace

class EventoDbPostgresTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<Store> m_store;
    QString m_tenant; // "tenant-<hex>": a dash, as EventoDB ids have them
    QString m_other;  // "Other_NS<hex>": capitals
    QStringList m_made;

    QString make(const QString& id, const QString& description, const QString& schema = {})
    {
        m_made << id;
        return mdbtest::makeEventoDbPostgresNamespace(id, description, schema);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("MDBSTUDIO_TEST_PG_URL")) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_URL is not set");
            QSKIP("no PostgreSQL server");
        }
        m_tenant = mdbtest::uniqueName(QStringLiteral("tenant")).insert(6, u'-');
        m_other = QStringLiteral("Other_NS") + mdbtest::uniqueName(QStringLiteral("x")).mid(1);
        QCOMPARE(make(m_tenant, QStringLiteral("Tenant A")), QString());
        QCOMPARE(make(m_other, QString()), QString());
        Result<std::unique_ptr<Store>> opened = Store::openNamed(mdbtest::postgresUrl());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        m_store = std::move(*opened);
    }

    void cleanupTestCase()
    {
        m_store.reset();
        for (const QString& id : std::as_const(m_made))
            mdbtest::dropEventoDbPostgresNamespace(id);
    }

    void namespacesAreListedByIdWithTheirKind()
    {
        Result<QStringList> names = m_store->listNamespaces();
        QVERIFY(names);
        QVERIFY2(names->contains(m_tenant), qPrintable(names->join(u' ')));
        QVERIFY(names->contains(m_other));
        QVERIFY(!names->contains(mdbtest::eventoDbSchemaFor(m_tenant)));

        Result<NamespaceInfo> info = m_store->describeNamespace(m_tenant);
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        QCOMPARE(info->kind, NamespaceKind::EventoDb);
        QCOMPARE(namespaceKindName(info->kind), QStringLiteral("eventodb"));
        QCOMPARE(info->location, QStringLiteral("schema ") + mdbtest::eventoDbSchemaFor(m_tenant));
        QCOMPARE(info->description, QStringLiteral("Tenant A"));
        QVERIFY(info->createdAtSeconds);
        QVERIFY(qAbs(*info->createdAtSeconds - QDateTime::currentSecsSinceEpoch()) < 600);
        QCOMPARE(info->layout, 2);
        QCOMPARE(namespaceLayoutName(*info), QStringLiteral("EventoDB namespace, schema version 2"));
        QVERIFY(info->rules.startsWith(QStringLiteral("EventoDB's on PostgreSQL")));
        QVERIFY(info->indexes.contains(QStringLiteral("messages_category")));
        // Its physical schema name answers too, and is the same namespace.
        Result<NamespaceInfo> bySchema = m_store->describeNamespace(mdbtest::eventoDbSchemaFor(m_tenant));
        QVERIFY(bySchema);
        QCOMPARE(bySchema->kind, NamespaceKind::EventoDb);
    }

    void writesLandAsEventoDbsOwnAndReadBack()
    {
        const QString stream = QStringLiteral("account-1");
        Result<qint64> first =
            m_store->writeMessage(m_tenant, deposit(stream, QStringLiteral(R"({"amount": 5})"), -1));
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        QCOMPARE(*first, 0);
        QCOMPARE(*m_store->writeMessage(m_tenant, deposit(stream, QStringLiteral(R"({"amount": 12})"), 0)),
                 1);

        // The wrong expected version in Message DB's words, with EventoDB's SQLSTATE.
        Result<qint64> wrong = m_store->writeMessage(m_tenant, deposit(stream, QStringLiteral("{}"), 5));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, ErrorKind::WrongExpectedVersion);
        QCOMPARE(wrong.error().message,
                 QStringLiteral("Wrong expected version: 5 (Stream: account-1, Stream Version: 1)"));
        QCOMPARE(wrong.error().sqlState, QStringLiteral("P0003"));

        // EventoDB's own read function serves what mdbstudio wrote, in EventoDB's schema.
        const QString schema = mdbtest::eventoDbSchemaFor(m_tenant);
        QCOMPARE(
            mdbtest::queryTestDatabase(
                QStringLiteral(
                    "SELECT type || ' ' || position || ' ' || data::text FROM \"%1\".get_stream_messages("
                    "'account-1') ORDER BY position")
                    .arg(schema)),
            (QStringList{QStringLiteral(R"(Deposited 0 {"amount": 5})"),
                         QStringLiteral(R"(Deposited 1 {"amount": 12})")}));
        // Nothing went elsewhere: the other namespace is empty.
        QCOMPARE(m_store->streamMessages(m_other, StreamQuery{stream, {}, {}, {}})->size(), 0);
    }

    void readsWhatEventoDbWrote()
    {
        const QString schema = mdbtest::eventoDbSchemaFor(m_other);
        // Written the way EventoDB's server writes: its function, client-made lowercase ids.
        QStringList writes;
        const QStringList streams{QStringLiteral("order-1"), QStringLiteral("order-2"),
                                  QStringLiteral("order-3"), QStringLiteral("order-123"),
                                  QStringLiteral("invoice-9")};
        for (int round = 0; round < 2; ++round)
            for (const QString& s : streams)
                writes << QStringLiteral(
                              "SELECT \"%1\".write_message(gen_random_uuid()::varchar, '%2', 'Placed', "
                              "'{\"round\": %3}', '{\"correlationStreamName\": \"billing-7\"}')")
                              .arg(schema, s)
                              .arg(round);
        QCOMPARE(mdbtest::runOnTestDatabase(writes), QString());

        Result<QStringList> categories = m_store->listCategories(m_other);
        QVERIFY(categories);
        QCOMPARE(*categories, (QStringList{QStringLiteral("invoice"), QStringLiteral("order")}));
        Result<CategoryStats> stats = m_store->categoryStats(m_other, QStringLiteral("order"));
        QVERIFY(stats);
        QCOMPARE(stats->messages, 8);
        QCOMPARE(stats->streams, 4);

        Result<MessageList> page =
            m_store->categoryMessagesBefore(m_other, QStringLiteral("order"), 1000000, 3);
        QVERIFY(page);
        // The newest three, in ascending order.
        QCOMPARE(idsOf(*page), texts({"order-2/1", "order-3/1", "order-123/1"}));
        QVERIFY(page->first().id.contains(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f-]{27}$"))));
        QCOMPARE(page->first().data, std::optional<QString>(QStringLiteral(R"({"round": 1})")));

        Result<MessageList> stream =
            m_store->streamMessages(m_other, StreamQuery{QStringLiteral("order-2"), {}, {}, {}});
        QVERIFY(stream);
        QCOMPARE(idsOf(*stream), texts({"order-2/0", "order-2/1"}));
        QCOMPARE(*m_store->streamVersion(m_other, QStringLiteral("order-2")), std::optional<qint64>(1));
        // EventoDB answers -1 for a stream without messages; mdbstudio shows "no stream", as for Message DB.
        QCOMPARE(*m_store->streamVersion(m_other, QStringLiteral("order-404")), std::optional<qint64>());
        Result<std::optional<Message>> last =
            m_store->lastStreamMessage(m_other, LastMessageQuery{QStringLiteral("order-1"), {}});
        QVERIFY(last && *last);
        QCOMPARE((*last)->position, 1);

        // Consumer groups as EventoDB's server splits them: the hash of the cardinal id, mod the size
        // (123 hashes to member 3 of 4, 1 to member 2).
        CategoryQuery member3{QStringLiteral("order"), {}, {}, {}, 3, 4, {}};
        QCOMPARE(idsOf(*m_store->categoryMessages(m_other, member3)), texts({"order-123/0", "order-123/1"}));
        CategoryQuery member2{QStringLiteral("order"), {}, {}, {}, 2, 4, {}};
        QVERIFY(idsOf(*m_store->categoryMessages(m_other, member2)).contains(QStringLiteral("order-1/0")));
        // EventoDB's rules, not Message DB's: a member at or above the size reads nothing, no error.
        CategoryQuery tooHigh{QStringLiteral("order"), {}, {}, {}, 4, 4, {}};
        Result<MessageList> none = m_store->categoryMessages(m_other, tooHigh);
        QVERIFY2(none, qPrintable(none ? QString() : none.error().message));
        QCOMPARE(none->size(), 0);
        CategoryQuery correlated{QStringLiteral("order"), {}, 2, QStringLiteral("billing"), {}, {}, {}};
        QCOMPARE(m_store->categoryMessages(m_other, correlated)->size(), 2);

        // Find reads the same table with the same filter language.
        FindQuery find;
        find.filter = *query::Filter::compile(QStringLiteral("data.round = 1 and category = \"order\""));
        find.to = 1000000;
        Result<FindChunk> found = m_store->findMessages(m_other, find);
        QVERIFY2(found, qPrintable(found ? QString() : found.error().message));
        QCOMPARE(found->matches.size(), 4);
    }

    void mdbctlShowsTheKindAndReads()
    {
        QProcess p;
        p.start(QStringLiteral(MDBCTL_PATH),
                {QStringLiteral("--store"), mdbtest::postgresUrl(), QStringLiteral("namespaces")});
        QVERIFY(p.waitForFinished(30000));
        const QString listing = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(listing.contains(m_tenant + QStringLiteral("\teventodb\t")), qPrintable(listing));

        p.start(QStringLiteral(MDBCTL_PATH),
                {QStringLiteral("--store"), mdbtest::postgresUrl(), QStringLiteral("--ns"), m_tenant,
                 QStringLiteral("namespace"), QStringLiteral("info"), m_tenant});
        QVERIFY(p.waitForFinished(30000));
        const QString info = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(info.contains(QStringLiteral("kind:      eventodb\n")), qPrintable(info));
        QVERIFY2(info.contains(QStringLiteral("rules:     EventoDB's on PostgreSQL")), qPrintable(info));
    }

    void neverAltersEventoDbsNamespaces()
    {
        Status dropped = m_store->dropNamespace(m_tenant);
        QVERIFY(!dropped);
        QVERIFY(dropped.error().message.contains(QStringLiteral("was not created by mdbstudio")));
        QVERIFY(m_store->describeNamespace(m_tenant));
        // An mdbstudio namespace may not take an EventoDB id either.
        const QString lower = QStringLiteral("plain") + mdbtest::uniqueName(QStringLiteral("_"));
        QCOMPARE(make(lower, QString()), QString());
        Status created = m_store->createNamespace(lower);
        QVERIFY(!created);
        QCOMPARE(created.error().message, QStringLiteral("namespace \"%1\" already exists").arg(lower));
    }

    void badRegistriesGiveClearErrorsAndChangeNothing()
    {
        // A registry row whose schema is missing.
        const QString missing = mdbtest::uniqueName(QStringLiteral("gone-"));
        QCOMPARE(make(missing, QString()), QString());
        QCOMPARE(mdbtest::runOnTestDatabase(
                     {QStringLiteral("DROP SCHEMA \"%1\" CASCADE").arg(mdbtest::eventoDbSchemaFor(missing))}),
                 QString());
        Result<MessageList> read =
            m_store->streamMessages(missing, StreamQuery{QStringLiteral("a-1"), {}, {}, {}});
        QVERIFY(!read);
        QCOMPARE(read.error().kind, ErrorKind::NotFound);
        QCOMPARE(read.error().message,
                 QStringLiteral("EventoDB namespace \"%1\" is registered, but its schema \"%2\" "
                                "holds no messages table")
                     .arg(missing, mdbtest::eventoDbSchemaFor(missing)));

        // A schema version this mdbstudio does not know.
        const QString future = mdbtest::uniqueName(QStringLiteral("future-"));
        QCOMPARE(make(future, QString()), QString());
        QCOMPARE(mdbtest::runOnTestDatabase(
                     {QStringLiteral("INSERT INTO \"%1\"._schema_version (version) VALUES (3)")
                          .arg(mdbtest::eventoDbSchemaFor(future))}),
                 QString());
        Result<qint64> write =
            m_store->writeMessage(future, deposit(QStringLiteral("a-1"), QStringLiteral("{}")));
        QVERIFY(!write);
        QCOMPARE(
            write.error().message,
            QStringLiteral("EventoDB namespace \"%1\" has schema version 3, which this mdbstudio does not "
                           "know (it reads versions 1 to 2)")
                .arg(future));
        QCOMPARE(mdbtest::queryTestDatabase(QStringLiteral("SELECT count(*) FROM \"%1\".messages")
                                                .arg(mdbtest::eventoDbSchemaFor(future))),
                 QStringList{QStringLiteral("0")});

        // An id whose schema name PostgreSQL cut at 63 bytes: the schema may be another id's.
        const QString longId =
            QStringLiteral("long-") + QString(60, u'x') + mdbtest::uniqueName(QStringLiteral("-"));
        QCOMPARE(make(longId, QString()), QString());
        Result<QStringList> names = m_store->listNamespaces();
        QVERIFY(names);
        QVERIFY(names->contains(longId));
        Result<NamespaceInfo> refused = m_store->describeNamespace(longId);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("is longer than PostgreSQL's 63 bytes")),
                 qPrintable(refused.error().message));
        QVERIFY(!m_store->writeMessage(longId, deposit(QStringLiteral("a-1"), QStringLiteral("{}"))));
        // The registry keeps its rows as they were.
        QCOMPARE(mdbtest::queryTestDatabase(
                     QStringLiteral(
                         "SELECT count(*) FROM eventodb_store.namespaces WHERE id IN ('%1', '%2', '%3')")
                         .arg(missing, future, longId)),
                 QStringList{QStringLiteral("3")});
    }
};

QTEST_GUILESS_MAIN(EventoDbPostgresTest)
#include "tst_eventodb_postgres.moc"
