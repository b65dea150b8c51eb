// Bad input on each backend (MDBSTUDIO_TEST_TARGET): a clear error in Message DB's words where it
// has them, nothing changed, no crash.
#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace mdb;

namespace {

// One bad input to the storage API: what it does, the error it must get (kind and the start of
// the message, Message DB's words where it has them).
struct BadCall
{
    QString name;
    std::function<StoreError(Store&, const QString& ns, const QString& stream)> attempt;
    ErrorKind kind;
    QString message;
};

WriteRequest writeOf(const QString& stream, const QString& data)
{
    return {{}, stream, QStringLiteral("Bad"), data, {}, {}};
}

template <typename T>
StoreError errorOf(const Result<T>& r)
{
    return r ? StoreError::make(ErrorKind::Internal, QStringLiteral("(no error: it succeeded)")) : r.error();
}

QList<BadCall> storageCatalogue()
{
    const auto write = [](WriteRequest request) {
        return [request](Store& s, const QString& ns, const QString& stream) {
            WriteRequest r = request;
            if (r.streamName.isEmpty())
                r.streamName = stream;
            return errorOf(s.writeMessage(ns, r));
        };
    };
    const auto readStream = [](StreamQuery query) {
        return [query](Store& s, const QString& ns, const QString& stream) {
            StreamQuery q = query;
            if (q.streamName.isEmpty())
                q.streamName = stream;
            return errorOf(s.streamMessages(ns, q));
        };
    };
    const auto readCategory = [](CategoryQuery query) {
        return [query](Store& s, const QString& ns, const QString&) {
            return errorOf(s.categoryMessages(ns, query));
        };
    };
    const QString invalidJson = QStringLiteral("invalid input syntax for type json");
    const QString tenMegabytes(10 * 1024 * 1024, u'x');
    QList<BadCall> c;
    c << BadCall{QStringLiteral("data: unterminated object"), write(writeOf({}, QStringLiteral("{"))),
                 ErrorKind::InvalidArgument, invalidJson};
    c << BadCall{QStringLiteral("data: single-quoted keys"), write(writeOf({}, QStringLiteral("{'a': 1}"))),
                 ErrorKind::InvalidArgument, invalidJson};
    c << BadCall{QStringLiteral("data: NaN"), write(writeOf({}, QStringLiteral("NaN"))),
                 ErrorKind::InvalidArgument, invalidJson};
    c << BadCall{QStringLiteral("data: trailing garbage"), write(writeOf({}, QStringLiteral("{} x"))),
                 ErrorKind::InvalidArgument, invalidJson};
    c << BadCall{QStringLiteral("data: empty text"), write(writeOf({}, QStringLiteral(""))),
                 ErrorKind::InvalidArgument, invalidJson};
    {
        WriteRequest r = writeOf({}, QStringLiteral("{}"));
        r.metadata = QStringLiteral("[1, 2");
        c << BadCall{QStringLiteral("metadata: unterminated array"), write(r), ErrorKind::InvalidArgument,
                     invalidJson};
    }
    c << BadCall{QStringLiteral("data: 10 MB unterminated string"),
                 write(writeOf({}, QStringLiteral("{\"a\": \"") + tenMegabytes)), ErrorKind::InvalidArgument,
                 invalidJson};
    c << BadCall{QStringLiteral("data: nested 100,000 arrays deep"),
                 write(writeOf({}, QString(100000, u'[') + QString(100000, u']'))),
                 ErrorKind::InvalidArgument, QStringLiteral("stack depth limit exceeded")};
    c << BadCall{QStringLiteral("data: \\u0000 escape"), write(writeOf({}, QStringLiteral("\"\\u0000\""))),
                 ErrorKind::InvalidArgument, QStringLiteral("unsupported Unicode escape sequence")};
    c << BadCall{QStringLiteral("data: lone surrogate escape"),
                 write(writeOf({}, QStringLiteral("\"\\ud800\""))), ErrorKind::InvalidArgument,
                 QStringLiteral("invalid input syntax for type json")};
    c << BadCall{
        QStringLiteral("stream name: NUL byte"),
        write(writeOf(QStringLiteral("bad-1") + QChar(0) + QStringLiteral("x"), QStringLiteral("{}"))),
        ErrorKind::InvalidArgument, QStringLiteral("invalid byte sequence for encoding \"UTF8\": 0x00")};
    {
        WriteRequest r = writeOf({}, QStringLiteral("{}"));
        r.type = QStringLiteral("Ty") + QChar(0) + QStringLiteral("pe");
        c << BadCall{QStringLiteral("type: NUL byte"), write(r), ErrorKind::InvalidArgument,
                     QStringLiteral("invalid byte sequence for encoding \"UTF8\": 0x00")};
    }
    c << BadCall{QStringLiteral("stream name: invalid UTF-16 (lone surrogate)"),
                 write(writeOf(QStringLiteral("bad-") + QChar(0xd800), QStringLiteral("{}"))),
                 ErrorKind::InvalidArgument, QStringLiteral("invalid byte sequence for encoding \"UTF8\"")};
    {
        WriteRequest r = writeOf({}, QStringLiteral("{}"));
        r.id = QStringLiteral("not-a-uuid");
        c << BadCall{QStringLiteral("id: not a uuid"), write(r), ErrorKind::InvalidArgument,
                     QStringLiteral("invalid input syntax for type uuid: \"not-a-uuid\"")};
    }
    {
        WriteRequest r = writeOf({}, QStringLiteral("{}"));
        r.id = QStringLiteral("00000000-0000-0000-0000-00000000000g");
        c << BadCall{QStringLiteral("id: non-hex digit"), write(r), ErrorKind::InvalidArgument,
                     QStringLiteral("invalid input syntax for type uuid")};
    }
    {
        WriteRequest r = writeOf({}, QStringLiteral("{}"));
        r.expectedVersion = -2;
        c << BadCall{QStringLiteral("expected version -2"), write(r), ErrorKind::WrongExpectedVersion,
                     QStringLiteral("Wrong expected version: -2 (Stream: ")};
    }
    {
        WriteRequest r = writeOf({}, QStringLiteral("{}"));
        r.expectedVersion = std::numeric_limits<qint64>::max();
        c << BadCall{QStringLiteral("expected version 2^63-1"), write(r), ErrorKind::WrongExpectedVersion,
                     QStringLiteral("Wrong expected version: 9223372036854775807 (Stream: ")};
    }
    c << BadCall{QStringLiteral("batch write: second message invalid"),
                 [](Store& s, const QString& ns, const QString& stream) {
                     return errorOf(s.writeMessages(
                         ns, {writeOf(stream, QStringLiteral("{}")), writeOf(stream, QStringLiteral("{"))}));
                 },
                 ErrorKind::InvalidArgument, invalidJson};
    c << BadCall{QStringLiteral("stream read: batch size -2"), readStream({{}, {}, -2, {}}),
                 ErrorKind::InvalidArgument, QStringLiteral("LIMIT must not be negative")};
    c << BadCall{QStringLiteral("stream read: batch size -2^63"),
                 readStream({{}, {}, std::numeric_limits<qint64>::min(), {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("LIMIT must not be negative")};
    c << BadCall{QStringLiteral("stream read: a category name"),
                 readStream({QStringLiteral("bad"), {}, {}, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("Must be a stream name: bad")};
    c << BadCall{QStringLiteral("stream read: raw condition while disabled"),
                 readStream({{}, {}, {}, QStringLiteral("1=1; DROP TABLE messages")}),
                 ErrorKind::InvalidArgument, QStringLiteral("Retrieval with SQL condition is not activated")};
    c << BadCall{QStringLiteral("category read: a stream name"),
                 readCategory({QStringLiteral("bad-1"), {}, {}, {}, {}, {}, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("Must be a category: bad-1")};
    c << BadCall{QStringLiteral("category read: batch size -5"),
                 readCategory({QStringLiteral("bad"), {}, -5, {}, {}, {}, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("LIMIT must not be negative")};
    c << BadCall{QStringLiteral("category read: correlation with an id"),
                 readCategory({QStringLiteral("bad"), {}, {}, QStringLiteral("other-1"), {}, {}, {}}),
                 ErrorKind::InvalidArgument,
                 QStringLiteral("Correlation must be a category (Correlation: other-1)")};
    c << BadCall{QStringLiteral("consumer group: member = size"),
                 readCategory({QStringLiteral("bad"), {}, {}, {}, 3, 3, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("Consumer group member must be less than the group size")};
    c << BadCall{QStringLiteral("consumer group: size 0"),
                 readCategory({QStringLiteral("bad"), {}, {}, {}, 0, 0, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("Consumer group size must not be less than 1")};
    c << BadCall{QStringLiteral("consumer group: member -1"),
                 readCategory({QStringLiteral("bad"), {}, {}, {}, -1, 2, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("Consumer group member must not be less than 0")};
    c << BadCall{QStringLiteral("consumer group: member without size"),
                 readCategory({QStringLiteral("bad"), {}, {}, {}, 1, {}, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("Consumer group member and size must be specified")};
    c << BadCall{QStringLiteral("consumer group: size 40000"),
                 readCategory({QStringLiteral("bad"), {}, {}, {}, 0, 40000, {}}), ErrorKind::InvalidArgument,
                 QStringLiteral("smallint out of range")};
    c << BadCall{QStringLiteral("unknown namespace"),
                 [](Store& s, const QString&, const QString& stream) {
                     return errorOf(
                         s.writeMessage(QStringLiteral("nope_ns"), writeOf(stream, QStringLiteral("{}"))));
                 },
                 ErrorKind::NotFound, QStringLiteral("namespace \"nope_ns\" does not exist")};
    return c;
}

// What a bad call must leave as it was. Other suites create and drop namespaces in the same
// database meanwhile, so of the namespace list only the test's own presence is compared.
struct StoreState
{
    bool namespaceListed = false;
    QStringList categories;
    std::optional<qint64> lastGlobalPosition;
    bool operator==(const StoreState&) const = default;
};

StoreState stateOf(Store& store, const QString& ns)
{
    StoreState state;
    if (const Result<QStringList> names = store.listNamespaces())
        state.namespaceListed = names->contains(ns);
    if (const Result<QStringList> categories = store.listCategories(ns))
        state.categories = *categories;
    if (const Result<NamespaceInfo> info = store.describeNamespace(ns))
        state.lastGlobalPosition = info->lastGlobalPosition;
    return state;
}

} // namespace

class BadInputTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void storageCatalogue_data()
    {
        QTest::addColumn<int>("index");
        const QList<BadCall> catalogue = ::storageCatalogue();
        for (qsizetype i = 0; i < catalogue.size(); ++i)
            QTest::newRow(qPrintable(catalogue.at(i).name)) << int(i);
    }

    // Each bad input gets its clear error and changes nothing; the store goes on working.
    void storageCatalogue()
    {
        QFETCH(int, index);
        const BadCall call = ::storageCatalogue().at(index);
        MDB_OPEN_TARGET(t, m_target);
        const QString stream = mdbtest::uniqueName(QStringLiteral("bad")) + QStringLiteral("-1");
        const StoreState before = stateOf(*t.store, t.ns);
        const StoreError e = call.attempt(*t.store, t.ns, stream);
        qInfo("CATALOGUE\tstorage\t%s\t%s", qPrintable(call.name), qPrintable(e.message));
        QVERIFY2(e.message.startsWith(call.message), qPrintable(e.message));
        QCOMPARE(errorKindName(e.kind), errorKindName(call.kind));
        QVERIFY(stateOf(*t.store, t.ns) == before);
        QCOMPARE(*t->streamVersion(t.ns, stream), std::optional<qint64>());
        QVERIFY(t->writeMessage(t.ns, writeOf(stream, QStringLiteral("{\"after\": true}"))));
    }

    // Not an error, but a size that must neither crash nor be cut: a 10 MB payload goes in and
    // comes back whole.
    void tenMegabytePayloadRoundTrips()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString stream = mdbtest::uniqueName(QStringLiteral("big")) + QStringLiteral("-1");
        const QString data = QStringLiteral("{\"blob\": \"%1\"}").arg(QString(10 * 1024 * 1024, u'y'));
        QVERIFY(t->writeMessage(t.ns, writeOf(stream, data)));
        const Result<MessageList> read = t->streamMessages(t.ns, {stream, {}, {}, {}});
        QVERIFY(read && read->size() == 1);
        QCOMPARE(read->constFirst().data->size(), data.size());
        QCOMPARE(*read->constFirst().data, data);
    }

    void badNamespaceNamesNeverReachSqlOrPaths_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("path") << "../x";
        QTest::newRow("absolute") << "/tmp/x";
        QTest::newRow("injection") << "a;drop schema public";
        QTest::newRow("quote") << "a\"; drop schema public; --";
        QTest::newRow("64 chars") << QString(64, u'a');
        QTest::newRow("upper") << "Upper";
        QTest::newRow("empty") << "";
    }

    void badNamespaceNamesNeverReachSqlOrPaths()
    {
        QFETCH(QString, name);
        MDB_OPEN_TARGET(t, m_target);
        for (const Status& s : {t->createNamespace(name), t->dropNamespace(name)}) {
            QVERIFY(!s);
            QCOMPARE(s.error().kind, ErrorKind::InvalidArgument);
            QVERIFY2(s.error().message.startsWith(QStringLiteral("Invalid namespace name")),
                     qPrintable(s.error().message));
        }
        const Result<qint64> w =
            t->writeMessage(name, {{}, QStringLiteral("a-1"), QStringLiteral("T"), {}, {}, {}});
        QCOMPARE(w.error().kind, ErrorKind::InvalidArgument);
        // The error is ours, raised before any SQL or path (a server or file-system error would read
        // otherwise), and the store goes on working. Other suites create namespaces in the same
        // database meanwhile, so the namespace list as a whole is not compared.
        QVERIFY(t->listNamespaces()->contains(t.ns));
        if (t.dir) {
            QCOMPARE(QDir(t.dir->path()).entryList(QDir::Files),
                     QStringList{QStringLiteral("message_store.db")} +
                         QDir(t.dir->path()).entryList({QStringLiteral("*-*")}, QDir::Files));
            QVERIFY(!QFile::exists(QDir(t.dir->path()).absoluteFilePath(QStringLiteral("../x.db"))));
        }
    }

    void unknownNamespace()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString expected = QStringLiteral("namespace \"nope_ns\" does not exist");
        const Result<qint64> w = t->writeMessage(
            QStringLiteral("nope_ns"), {{}, QStringLiteral("a-1"), QStringLiteral("T"), {}, {}, {}});
        QCOMPARE(w.error().kind, ErrorKind::NotFound);
        QCOMPARE(w.error().message, expected);
        QCOMPARE(
            t->streamMessages(QStringLiteral("nope_ns"), {QStringLiteral("a-1"), {}, {}, {}}).error().message,
            expected);
        QCOMPARE(t->describeNamespace(QStringLiteral("nope_ns")).error().message, expected);
        QCOMPARE(t->dropNamespace(QStringLiteral("nope_ns")).error().kind, ErrorKind::NotFound);
        QVERIFY(!t->listNamespaces()->contains(QStringLiteral("nope_ns")));
    }

    void invalidJsonChangesNothing()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString s = mdbtest::uniqueName(QStringLiteral("badjson")) + QStringLiteral("-1");
        for (const char* json : {"{", "{'a':1}", "NaN", "[1,2"}) {
            const Result<qint64> w =
                t->writeMessage(t.ns, {{}, s, QStringLiteral("T"), QString::fromLatin1(json), {}, {}});
            QVERIFY(!w);
            QCOMPARE(w.error().message, QStringLiteral("invalid input syntax for type json"));
            const Result<qint64> m = t->writeMessage(
                t.ns, {{}, s, QStringLiteral("T"), QStringLiteral("{}"), QString::fromLatin1(json), {}});
            QCOMPARE(m.error().message, QStringLiteral("invalid input syntax for type json"));
        }
        const Result<qint64> nul =
            t->writeMessage(t.ns, {{}, s, QStringLiteral("T"), QStringLiteral("\"\\u0000\""), {}, {}});
        QCOMPARE(nul.error().message, QStringLiteral("unsupported Unicode escape sequence"));
        QCOMPARE(*t->streamVersion(t.ns, s), std::optional<qint64>());
    }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_bad_input.moc"
