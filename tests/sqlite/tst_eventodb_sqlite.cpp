// EventoDB's SQLite layout, opened as it is: a directory (or the metadata file itself) holding
// EventoDB's registry lists the registry's namespaces, each in the file the registry names;
// reads, search and consumer groups work on EventoDB's rows (unix-seconds times, JSON in BLOBs);
// writes leave rows in EventoDB's own format, read back here as EventoDB reads them; its rules are
// the ones applied; bad registries give clear errors, and nothing is created or changed by opening.
// The layout is made by tests/data/eventodb/sqlite-*.sql from docs/eventodb.md.
#include "EventoDbFixture.h"
#include "TestStores.h"

#include "storage/eventodb/EventoDbSqlite.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

namespace {

QStringList filesUnder(const QString& dir)
{
    // SQLite's own -wal and -shm companions come and go with connections; anything else counts.
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.endsWith(QStringLiteral("-wal")) && !path.endsWith(QStringLiteral("-shm")))
            files << QDir(dir).relativeFilePath(path);
    }
    files.sort();
    return files;
}

QStringList streamsOf(const MessageList& messages)
{
    QStringList out;
    for (const Message& m : messages)
        out << m.streamName + u'/' + QString::number(m.position);
    return out;
}

mdbtest::EventoDbSqliteRow row(const char* stream, const char* type, const char* data,
                               QByteArray metadata = {}, qint64 time = 1764300000)
{
    return {
        QString::fromUtf8(stream), QString::fromUtf8(type), QByteArray(data), std::move(metadata), time, {}};
}

} // namespace

class EventoDbSqliteTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QString tenantFile() const { return QDir(m_dir.path()).absoluteFilePath(QStringLiteral("tenant-a.db")); }

    QString mdbctl(const QStringList& arguments, int* exitCode = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral(MDBCTL_PATH), arguments);
        p.waitForFinished(30000);
        if (exitCode)
            *exitCode = p.exitCode();
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString dir = m_dir.path();
        QCOMPARE(mdbtest::makeEventoDbSqliteRegistry(dir), QString());
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(dir, QStringLiteral("tenant-a"),
                                                          QStringLiteral("Tenant A")),
                 QString());
        // Capitals, and a relative db_path (a server started with a relative --data-dir): found
        // beside the metadata file.
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(dir, QStringLiteral("Other_NS"), {},
                                                          QStringLiteral("data/Other_NS.db"), false),
                 QString());
        QCOMPARE(mdbtest::layOutEventoDbSqliteFile(QDir(dir).absoluteFilePath(QStringLiteral("Other_NS.db"))),
                 QString());
        // Registered, file not made yet; in a server's memory; an id that leads out of the directory.
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(dir, QStringLiteral("pending"), {}, {}, false),
                 QString());
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(dir, QStringLiteral("mem"), {},
                                                          QStringLiteral("file:mem?mode=memory&cache=shared"),
                                                          false),
                 QString());
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(
                     dir, QStringLiteral("../escape"), {},
                     QDir(dir).absoluteFilePath(QStringLiteral("../escape.db")), false),
                 QString());

        // Messages as EventoDB's server writes them: Go's compact JSON in BLOBs, seconds.
        QCOMPARE(
            mdbtest::writeEventoDbSqliteRows(
                tenantFile(), {row("account-1", "Opened", R"({"owner":"ann"})", QByteArray(""), 1764300000),
                               row("account-1", "Deposited", R"({"amount":10})",
                                   R"({"correlationStreamName":"Transfer-7"})", 1764300010),
                               row("account-2", "Opened", R"({"owner":"bob"})", {}, 1764300020),
                               row("account-2", "Deposited", R"({"amount":250})",
                                   R"({"correlationStreamName":"class_membership-1"})", 1764300030),
                               row("account", "Audited", R"({"ok":true})", {}, 1764300040),
                               row("account-123", "Deposited", R"({"amount":5})", {}, 1764300050),
                               row("transfer-7", "Initiated", R"({"amount":10})", {}, 1764300060)}),
            QString());
        Result<std::unique_ptr<Store>> opened = Store::openNamed(dir);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        m_store = std::move(*opened);
    }

    void listsTheRegistrysNamespacesWithTheirState()
    {
        Result<QStringList> names = m_store->listNamespaces();
        QVERIFY(names);
        QCOMPARE(*names,
                 (QStringList{QStringLiteral("../escape"), QStringLiteral("Other_NS"), QStringLiteral("mem"),
                              QStringLiteral("pending"), QStringLiteral("tenant-a")}));
        Result<NamespaceInfo> other = m_store->describeNamespace(QStringLiteral("Other_NS"));
        QVERIFY2(other, other ? "" : qPrintable(other.error().message));
        QCOMPARE(other->location, QDir(m_dir.path()).absoluteFilePath(QStringLiteral("Other_NS.db")));
        QCOMPARE(other->lastGlobalPosition, std::optional<qint64>());
        Result<NamespaceInfo> tenant = m_store->describeNamespace(QStringLiteral("tenant-a"));
        QVERIFY2(tenant, tenant ? "" : qPrintable(tenant.error().message));
        QCOMPARE(tenant->kind, NamespaceKind::EventoDb);
        QCOMPARE(tenant->layout, 2);
        QCOMPARE(tenant->description, QStringLiteral("Tenant A"));
        QVERIFY(tenant->createdAtSeconds && *tenant->createdAtSeconds > 1700000000);
        QCOMPARE(tenant->location, tenantFile());
        QVERIFY(tenant->unavailable.isEmpty());
        QVERIFY2(tenant->rules.startsWith(QStringLiteral("EventoDB's on SQLite")), qPrintable(tenant->rules));
        QCOMPARE(tenant->lastGlobalPosition, std::optional<qint64>(7));
        QVERIFY(tenant->indexes.contains(QStringLiteral("messages_category")));

        Result<NamespaceInfo> pending = m_store->describeNamespace(QStringLiteral("pending"));
        QVERIFY(pending);
        QCOMPARE(pending->kind, NamespaceKind::EventoDb);
        QVERIFY2(pending->unavailable.contains(QStringLiteral("does not exist yet")),
                 qPrintable(pending->unavailable));
        Result<NamespaceInfo> memory = m_store->describeNamespace(QStringLiteral("mem"));
        QVERIFY(memory);
        QVERIFY2(memory->unavailable.contains(QStringLiteral("memory of the EventoDB server")),
                 qPrintable(memory->unavailable));
        Result<NamespaceInfo> escape = m_store->describeNamespace(QStringLiteral("../escape"));
        QVERIFY(escape);
        QVERIFY2(escape->unavailable.contains(QStringLiteral("out of the store directory")),
                 qPrintable(escape->unavailable));
        // No "default" namespace: the first that can be opened.
        QCOMPARE(m_store->defaultNamespace(), QStringLiteral("Other_NS"));
    }

    void refusedNamespacesSayWhyAndChangeNothing()
    {
        const QStringList before = filesUnder(m_dir.path());
        for (const char* id : {"pending", "mem", "../escape", "unknown"}) {
            Result<QStringList> categories = m_store->listCategories(QString::fromUtf8(id));
            QVERIFY2(!categories, id);
            Result<qint64> written = m_store->writeMessage(
                QString::fromUtf8(id),
                WriteRequest{{}, QStringLiteral("x-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}});
            QVERIFY2(!written, id);
        }
        QCOMPARE(
            m_store->listCategories(QStringLiteral("pending")).error().message,
            QStringLiteral("EventoDB namespace \"pending\" cannot be opened: its file %1 does not exist yet "
                           "(EventoDB creates it on the namespace's first use)")
                .arg(QDir(m_dir.path()).absoluteFilePath(QStringLiteral("pending.db"))));
        QCOMPARE(m_store->listCategories(QStringLiteral("unknown")).error().message,
                 QStringLiteral("namespace \"unknown\" does not exist"));
        // EventoDB's namespaces are EventoDB's to make and drop.
        for (const Status& s : {m_store->createNamespace(QStringLiteral("made-here")),
                                m_store->dropNamespace(QStringLiteral("tenant-a"))}) {
            QVERIFY(!s);
            QVERIFY2(s.error().message.contains(QStringLiteral("is an EventoDB store")),
                     qPrintable(s.error().message));
        }
        QCOMPARE(filesUnder(m_dir.path()), before);
        QVERIFY(QFileInfo::exists(tenantFile()));
    }

    void browsesEventoDbsRows()
    {
        const QString ns = QStringLiteral("tenant-a");
        QCOMPARE(*m_store->listCategories(ns),
                 (QStringList{QStringLiteral("account"), QStringLiteral("transfer")}));
        Result<CategoryStats> stats = m_store->categoryStats(ns, QStringLiteral("account"));
        QVERIFY(stats);
        QCOMPARE(stats->messages, 6);
        QCOMPARE(stats->streams, 4);
        QCOMPARE(stats->lastGlobalPosition, std::optional<qint64>(6));
        Result<MessageList> page = m_store->categoryMessagesBefore(ns, QStringLiteral("account"), 100, 3);
        QVERIFY(page);
        QCOMPARE(streamsOf(*page), (QStringList{QStringLiteral("account-2/1"), QStringLiteral("account/0"),
                                                QStringLiteral("account-123/0")}));
        const Message& deposit = page->at(0);
        QCOMPARE(deposit.data, std::optional<QString>(QStringLiteral(R"({"amount":250})")));
        QCOMPARE(deposit.metadata,
                 std::optional<QString>(QStringLiteral(R"({"correlationStreamName":"class_membership-1"})")));
        QCOMPARE(deposit.timeMicros, qint64(1764300030) * 1000000);
        QCOMPARE(deposit.timeText(), QStringLiteral("2025-11-28T03:20:30.000000"));
        // An empty metadata BLOB is no metadata.
        Result<MessageList> first =
            m_store->streamMessages(ns, StreamQuery{QStringLiteral("account-1"), {}, {}, {}});
        QVERIFY(first);
        QCOMPARE(first->at(0).metadata, std::optional<QString>());
        QCOMPARE(*m_store->countCategoryMessages(ns, QStringLiteral("account"), 3), 4);
        Result<CategoryStreams> streams = m_store->categoryStreams(ns, QStringLiteral("account"), 2);
        QVERIFY(streams);
        QCOMPARE(streams->streams.size(), 4);
        QCOMPARE(streams->newest.size(), 2);
        QCOMPARE(streams->newest.at(0).streamName, QStringLiteral("account-123"));
        QCOMPARE(streams->newest.at(0).timeMicros, qint64(1764300050) * 1000000);
        Result<QList<StreamSighting>> sightings =
            m_store->categoryStreamSightings(ns, QStringLiteral("account"), 4, 10);
        QVERIFY(sightings);
        QCOMPARE(sightings->size(), 3);
        QCOMPARE(m_store->streamNames(ns)->size(), 5);
        Result<QList<SummaryRow>> types = m_store->summary(ns, SummaryKind::CategoryType);
        QVERIFY(types);
        QCOMPARE(types->at(0).key, QStringLiteral("account"));
        QCOMPARE(types->at(0).secondKey, QStringLiteral("Deposited"));
        QCOMPARE(types->at(0).messages, 3);
        Result<std::optional<Message>> near = m_store->messageNear(ns, QStringLiteral("transfer"), 1, false);
        QVERIFY(near && *near);
        QCOMPARE((*near)->globalPosition, 7);
    }

    void searchesInsideBlobJsonAndSeconds()
    {
        Result<query::Filter> filter = query::Filter::compile(QStringLiteral(
            R"(data.amount >= 10 and time >= "2025-11-28T03:20:10Z" and not metadata.correlationStreamName starts_with "Transfer")"));
        QVERIFY2(filter, filter ? "" : qPrintable(filter.error().message));
        FindQuery find;
        find.filter = *filter;
        find.from = 1;
        find.to = 100;
        Result<FindChunk> chunk = m_store->findMessages(QStringLiteral("tenant-a"), find);
        QVERIFY2(chunk, chunk ? "" : qPrintable(chunk.error().message));
        QCOMPARE(streamsOf(chunk->matches),
                 (QStringList{QStringLiteral("account-2/1"), QStringLiteral("transfer-7/0")}));
        find.scope = FindQuery::Scope::Category;
        find.scopeName = QStringLiteral("account");
        chunk = m_store->findMessages(QStringLiteral("tenant-a"), find);
        QVERIFY(chunk);
        QCOMPARE(streamsOf(chunk->matches), (QStringList{QStringLiteral("account-2/1")}));
    }

    void appliesEventoDbsRules()
    {
        const QString ns = QStringLiteral("tenant-a");
        // A stream read of a category name reads the stream of that name.
        Result<MessageList> stream =
            m_store->streamMessages(ns, StreamQuery{QStringLiteral("account"), {}, {}, {}});
        QVERIFY(stream);
        QCOMPARE(streamsOf(*stream), (QStringList{QStringLiteral("account/0")}));
        // A category read of a stream name reads nothing; an empty category reads everything.
        CategoryQuery category;
        category.category = QStringLiteral("account-1");
        QCOMPARE(m_store->categoryMessages(ns, category)->size(), 0);
        category.category.clear();
        QCOMPARE(m_store->categoryMessages(ns, category)->size(), 7);
        // A batch size of 0 reads everything.
        category.category = QStringLiteral("account");
        category.batchSize = 0;
        QCOMPARE(m_store->categoryMessages(ns, category)->size(), 6);
        category.batchSize.reset();
        // Correlation is EventoDB's LIKE: ASCII case ignored, '_' a wildcard.
        category.correlation = QStringLiteral("transfer");
        QCOMPARE(streamsOf(*m_store->categoryMessages(ns, category)),
                 (QStringList{QStringLiteral("account-1/1")}));
        category.correlation = QStringLiteral("class%membership");
        QCOMPARE(streamsOf(*m_store->categoryMessages(ns, category)),
                 (QStringList{QStringLiteral("account-2/1")}));
        category.correlation.reset();
        // Consumer groups: member >= size reads nothing; the stream without an id is hashed as the
        // empty cardinal id (member 2 of 3), account-123 as "123" (member 1 of 3), account-1 as
        // "1" (member 0) and account-2 as "2" (member 1).
        category.consumerGroupSize = 3;
        category.consumerGroupMember = 3;
        QCOMPARE(m_store->categoryMessages(ns, category)->size(), 0);
        category.consumerGroupMember = 2;
        QCOMPARE(streamsOf(*m_store->categoryMessages(ns, category)),
                 (QStringList{QStringLiteral("account/0")}));
        category.consumerGroupMember = 1;
        QCOMPARE(streamsOf(*m_store->categoryMessages(ns, category)),
                 (QStringList{QStringLiteral("account-2/0"), QStringLiteral("account-2/1"),
                              QStringLiteral("account-123/0")}));
        // An empty type asks for the last message of any type; an empty stream has no version.
        Result<std::optional<Message>> last =
            m_store->lastStreamMessage(ns, LastMessageQuery{QStringLiteral("account-1"), QString(u""_qs)});
        QVERIFY(last && *last);
        QCOMPARE((*last)->type, QStringLiteral("Deposited"));
        QCOMPARE(*m_store->streamVersion(ns, QStringLiteral("account-9")), std::optional<qint64>());
        QCOMPARE(*m_store->streamVersion(ns, QStringLiteral("account-1")), std::optional<qint64>(1));
        // No SQL condition.
        Result<MessageList> conditioned = m_store->streamMessages(
            ns, StreamQuery{QStringLiteral("account-1"), {}, {}, QStringLiteral("true")});
        QVERIFY(!conditioned);
        QCOMPARE(conditioned.error().message, QStringLiteral("EventoDB namespaces take no SQL condition"));
    }

    void writesRowsEventoDbServesAsItsOwn()
    {
        const QString ns = QStringLiteral("tenant-a");
        // AUTOINCREMENT: a global position once used is not used again.
        QCOMPARE(mdbtest::writeEventoDbSqliteRows(tenantFile(), {row("scratch-1", "T", "{}")}), QString());
        QCOMPARE(mdbtest::runOnSqliteFile(tenantFile(),
                                          {QStringLiteral("DELETE FROM messages WHERE global_position = 8")}),
                 QString());
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        Result<QList<qint64>> written = m_store->writeMessages(
            ns, {WriteRequest{
                     {},
                     QStringLiteral("account-1"),
                     QStringLiteral("Withdrawn"),
                     QStringLiteral(R"({"z": 1, "a": "<b>&", "n": 1.50, "big": 1e21, "tiny": 0.0000001})"),
                     QStringLiteral(R"({"correlationStreamName": "transfer-7"})"),
                     1},
                 WriteRequest{QStringLiteral("6F1C4A2E-9B0D-4B8A-8D2F-0C5E1A7B3D94"),
                              QStringLiteral("account-3"),
                              QStringLiteral("Opened"),
                              QStringLiteral("{}"),
                              {},
                              -1}});
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QCOMPARE(*written, (QList<qint64>{2, 0}));
        // Read back with the statements EventoDB's server uses, not mdbstudio's.
        const QStringList rows = mdbtest::querySqliteFile(
            tenantFile(),
            QStringLiteral(
                "SELECT global_position || '|' || position || '|' || typeof(data) || '|' || "
                "CAST(data AS TEXT) || '|' || typeof(metadata) || '|' || typeof(time) || '|' "
                "|| time || '|' || id FROM messages WHERE global_position > 7 ORDER BY global_position"));
        QCOMPARE(rows.size(), 2);
        const QStringList withdrawn = rows.at(0).split(u'|');
        QCOMPARE(withdrawn.at(0), QStringLiteral("9"));
        QCOMPARE(withdrawn.at(1), QStringLiteral("2"));
        QCOMPARE(withdrawn.at(2), QStringLiteral("blob"));
        QCOMPARE(withdrawn.at(3),
                 QStringLiteral(R"({"a":"\u003cb\u003e\u0026","big":1e+21,"n":1.5,"tiny":1e-7,"z":1})"));
        QCOMPARE(withdrawn.at(4), QStringLiteral("blob"));
        QCOMPARE(withdrawn.at(5), QStringLiteral("integer"));
        QVERIFY(withdrawn.at(6).toLongLong() >= before && withdrawn.at(6).toLongLong() <= before + 60);
        QVERIFY(QUuid::fromString(withdrawn.at(7)).isNull() == false);
        const QStringList opened = rows.at(1).split(u'|');
        QCOMPARE(opened.at(1), QStringLiteral("0"));
        QCOMPARE(opened.at(7), QStringLiteral("6f1c4a2e-9b0d-4b8a-8d2f-0c5e1a7b3d94"));

        // A wrong expected version: Message DB's words, and nothing of the call is written.
        Result<QList<qint64>> refused = m_store->writeMessages(
            ns, {WriteRequest{
                     {}, QStringLiteral("account-4"), QStringLiteral("Opened"), QStringLiteral("{}"), {}, {}},
                 WriteRequest{
                     {}, QStringLiteral("account-1"), QStringLiteral("Late"), QStringLiteral("{}"), {}, 1}});
        QVERIFY(!refused);
        QCOMPARE(refused.error().message,
                 QStringLiteral("Wrong expected version: 1 (Stream: account-1, Stream Version: 2)"));
        QCOMPARE(mdbtest::querySqliteFile(tenantFile(), QStringLiteral("SELECT count(*) FROM messages WHERE "
                                                                       "stream_name = 'account-4'")),
                 QStringList{QStringLiteral("0")});
        // Invalid JSON and a duplicate id: refused, nothing written.
        QVERIFY(!m_store->writeMessage(
            ns, WriteRequest{
                    {}, QStringLiteral("account-5"), QStringLiteral("T"), QStringLiteral("{oops"), {}, {}}));
        Result<qint64> duplicate =
            m_store->writeMessage(ns, WriteRequest{QStringLiteral("6f1c4a2e-9b0d-4b8a-8d2f-0c5e1a7b3d94"),
                                                   QStringLiteral("account-5"),
                                                   QStringLiteral("T"),
                                                   QStringLiteral("{}"),
                                                   {},
                                                   {}});
        QVERIFY(!duplicate);
        QVERIFY2(duplicate.error().message.contains(QStringLiteral("messages_id")),
                 qPrintable(duplicate.error().message));
        QCOMPARE(mdbtest::querySqliteFile(tenantFile(), QStringLiteral("SELECT count(*) FROM messages WHERE "
                                                                       "stream_name = 'account-5'")),
                 QStringList{QStringLiteral("0")});
        // What mdbstudio wrote, mdbstudio reads back as EventoDB's row.
        Result<MessageList> back =
            m_store->streamMessages(ns, StreamQuery{QStringLiteral("account-1"), 2, {}, {}});
        QVERIFY(back);
        QCOMPARE(back->size(), 1);
        QCOMPARE(back->at(0).data, std::optional<QString>(withdrawn.at(3)));
        QCOMPARE(back->at(0).timeMicros % 1000000, 0);
    }

    void opensTheMetadataFileItselfAndReadOnly()
    {
        StoreOpenOptions readOnly;
        readOnly.readOnly = true;
        Result<std::unique_ptr<Store>> store =
            Store::openNamed(QDir(m_dir.path()).absoluteFilePath(QStringLiteral("metadata.db")), readOnly);
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        QCOMPARE((*store)->listNamespaces()->size(), 5);
        QCOMPARE((*store)->categoryStats(QStringLiteral("tenant-a"), QStringLiteral("transfer"))->messages,
                 1);
        Result<qint64> written = (*store)->writeMessage(
            QStringLiteral("tenant-a"),
            WriteRequest{{}, QStringLiteral("x-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}});
        QVERIFY(!written);
        QCOMPARE(written.error().kind, ErrorKind::ReadOnly);
    }

    void badRegistriesGiveClearErrorsAndChangeNothing()
    {
        QTemporaryDir dir;
        QCOMPARE(mdbtest::makeEventoDbSqliteRegistry(dir.path(), QStringLiteral("events.db")), QString());
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(dir.path(), QStringLiteral("future"), {}, {}, true,
                                                          QStringLiteral("events.db")),
                 QString());
        const QString futureFile = QDir(dir.path()).absoluteFilePath(QStringLiteral("future.db"));
        QCOMPARE(mdbtest::runOnSqliteFile(
                     futureFile, {QStringLiteral("INSERT INTO _schema_version (version) VALUES (3)")}),
                 QString());
        QCOMPARE(mdbtest::registerEventoDbSqliteNamespace(dir.path(), QStringLiteral("hollow"), {}, {}, false,
                                                          QStringLiteral("events.db")),
                 QString());
        QCOMPARE(mdbtest::runOnSqliteFile(QDir(dir.path()).absoluteFilePath(QStringLiteral("hollow.db")),
                                          {QStringLiteral("CREATE TABLE other (x)")}),
                 QString());
        const QStringList before = filesUnder(dir.path());
        // A registry under another file name is found too.
        Result<std::unique_ptr<Store>> store = Store::openNamed(dir.path());
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        Result<QStringList> categories = (*store)->listCategories(QStringLiteral("future"));
        QVERIFY(!categories);
        QCOMPARE(categories.error().message,
                 QStringLiteral("EventoDB namespace \"future\" has schema version 3, which "
                                "this mdbstudio does not know (it reads versions 1 to 2)"));
        categories = (*store)->listCategories(QStringLiteral("hollow"));
        QVERIFY(!categories);
        QCOMPARE(categories.error().message,
                 QStringLiteral(
                     "EventoDB namespace \"hollow\" is registered, but its file %1 holds no messages table")
                     .arg(QDir(dir.path()).absoluteFilePath(QStringLiteral("hollow.db"))));
        QVERIFY(!(*store)->writeMessage(
            QStringLiteral("future"),
            WriteRequest{{}, QStringLiteral("x-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        QCOMPARE(mdbtest::querySqliteFile(futureFile, QStringLiteral("SELECT count(*) FROM messages")),
                 QStringList{QStringLiteral("0")});
        QCOMPARE(filesUnder(dir.path()), before);
        // The metadata file missing: the directory is no EventoDB store, and opening it read-only
        // makes nothing.
        QVERIFY(QFile::remove(QDir(dir.path()).absoluteFilePath(QStringLiteral("events.db"))));
        StoreOpenOptions readOnly;
        readOnly.readOnly = true;
        Result<std::unique_ptr<Store>> plain = Store::openNamed(dir.path(), readOnly);
        QVERIFY(plain);
        QVERIFY(!(*plain)->listCategories(QStringLiteral("hollow")));
    }

    void goJsonIsGosEncoding()
    {
        QCOMPARE(*eventodb::goJsonText(QStringLiteral(R"({"é":1,"z":2,"A":[true,null,"\u2028"]})")),
                 QByteArray(R"({"A":[true,null,"\u2028"],"z":2,"é":1})"));
        QCOMPARE(*eventodb::goJsonText(QStringLiteral("12345678901234567890")),
                 QByteArray("12345678901234567000"));
        QCOMPARE(*eventodb::goJsonText(QStringLiteral("\"tab\\there\\u0001\"")),
                 QByteArray(R"("tab\there\u0001")"));
        QVERIFY(!eventodb::goJsonText(QStringLiteral("{\"a\":")));
    }

    void mdbctlListsAndReads()
    {
        int exit = -1;
        QString listing =
            mdbctl({QStringLiteral("--store"), m_dir.path(), QStringLiteral("namespaces")}, &exit);
        QVERIFY2(exit == 0, qPrintable(listing));
        QVERIFY2(listing.contains(QStringLiteral("tenant-a\teventodb\t\n")), qPrintable(listing));
        QVERIFY2(listing.contains(
                     QStringLiteral("pending\teventodb\tunavailable\tEventoDB namespace \"pending\"")),
                 qPrintable(listing));
        QString read = mdbctl({QStringLiteral("--store"), m_dir.path(), QStringLiteral("--ns"),
                               QStringLiteral("tenant-a"), QStringLiteral("--json"), QStringLiteral("stream"),
                               QStringLiteral("account-2")},
                              &exit);
        QVERIFY2(exit == 0, qPrintable(read));
        QVERIFY2(read.contains(QStringLiteral("\"stream_name\":\"account-2\"")), qPrintable(read));
        QCOMPARE(read.count(u'\n'), 2);
        QString info = mdbctl({QStringLiteral("--store"), m_dir.path(), QStringLiteral("namespace"),
                               QStringLiteral("info"), QStringLiteral("tenant-a")},
                              &exit);
        QVERIFY2(exit == 0, qPrintable(info));
        QVERIFY2(info.contains(QStringLiteral("rules:     EventoDB's on SQLite")), qPrintable(info));
        QVERIFY2(info.contains(QStringLiteral("layout:    EventoDB namespace, schema version 2")),
                 qPrintable(info));
    }
};

QTEST_GUILESS_MAIN(EventoDbSqliteTest)
#include "tst_eventodb_sqlite.moc"
