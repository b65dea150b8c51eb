// Message DB behaviour, run unchanged against an SQLite namespace, an mdbstudio PostgreSQL
// namespace and the official Message DB install (MDBSTUDIO_TEST_TARGET picks which).
#include "TestStores.h"
#include "storage/Hash64.h"
#include "storage/StreamName.h"

#include <QDateTime>
#include <QJsonValue>
#include <QSet>
#include <QTest>

using namespace mdb;
using mdbtest::uniqueName;

namespace {

const QString SomeData = QStringLiteral(R"({"attribute": "some value"})");

WriteRequest request(const QString& stream, const QString& type = QStringLiteral("SomeType"),
                     std::optional<QString> data = SomeData, std::optional<QString> metadata = std::nullopt,
                     std::optional<qint64> expected = std::nullopt)
{
    WriteRequest r;
    r.streamName = stream;
    r.type = type;
    r.data = std::move(data);
    r.metadata = std::move(metadata);
    r.expectedVersion = expected;
    return r;
}

QStringList streamsOf(const MessageList& messages)
{
    QStringList names;
    for (const Message& m : messages)
        names << m.streamName;
    return names;
}

QList<qint64> positionsOf(const MessageList& messages)
{
    QList<qint64> positions;
    for (const Message& m : messages)
        positions << m.position;
    return positions;
}

} // namespace

class ConformanceTest : public QObject
{
    Q_OBJECT

private:
    mdbtest::Target m_target = mdbtest::targetFromEnvironment();
    mdbtest::TestStore m_store;

    Store& store() { return *m_store.store; }
    const QString& ns() const { return m_store.ns; }
    qint64 write(const WriteRequest& r)
    {
        Result<qint64> p = store().writeMessage(ns(), r);
        if (!p)
            qWarning("write failed: %s", qPrintable(p.error().message));
        return p ? *p : -100;
    }
    QString errorOf(const Status& s) { return s ? QString() : s.error().message; }
    template <typename T>
    QString errorOf(const Result<T>& r)
    {
        return r ? QString() : r.error().message;
    }
    Result<MessageList> category(CategoryQuery q) { return store().categoryMessages(ns(), q); }
    Result<MessageList> stream(StreamQuery q) { return store().streamMessages(ns(), q); }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("target: %s", qPrintable(mdbtest::targetName(m_target)));
        MDB_OPEN_TARGET(opened, m_target);
        m_store = std::move(opened);
    }

    void writeReturnsTheStreamPosition()
    {
        const QString s = uniqueName(QStringLiteral("write")) + QStringLiteral("-1");
        QCOMPARE(write(request(s)), 0);
        QCOMPARE(write(request(s)), 1);
        Result<MessageList> rows = stream({s, {}, {}, {}});
        QVERIFY2(rows, qPrintable(errorOf(rows)));
        QCOMPARE(rows->size(), 2);
        const Message& m = rows->at(0);
        QCOMPARE(m.streamName, s);
        QCOMPARE(m.type, QStringLiteral("SomeType"));
        QCOMPARE(m.position, 0);
        QCOMPARE(*m.data, SomeData);
        QVERIFY(!m.metadata.has_value());
        QCOMPARE(m.id.size(), 36);
        QCOMPARE(m.id, m.id.toLower());
        QVERIFY(rows->at(1).globalPosition > m.globalPosition);
        // time is UTC now, with microseconds.
        const qint64 nowMicros = QDateTime::currentMSecsSinceEpoch() * 1000;
        QVERIFY(qAbs(nowMicros - m.timeMicros) < qint64(300) * 1000 * 1000);
    }

    void expectedVersionSemantics()
    {
        const QString s = uniqueName(QStringLiteral("ev")) + QStringLiteral("-1");
        QCOMPARE(write(request(s, QStringLiteral("T"), SomeData, {}, -1)), 0);
        Result<qint64> again = store().writeMessage(ns(), request(s, QStringLiteral("T"), SomeData, {}, -1));
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ErrorKind::WrongExpectedVersion);
        QCOMPARE(again.error().message,
                 QStringLiteral("Wrong expected version: -1 (Stream: %1, Stream Version: 0)").arg(s));
        QCOMPARE(again.error().sqlState, QStringLiteral("P0001"));

        const QString empty = uniqueName(QStringLiteral("ev")) + QStringLiteral("-2");
        Result<qint64> zero =
            store().writeMessage(ns(), request(empty, QStringLiteral("T"), SomeData, {}, 0));
        QCOMPARE(errorOf(zero),
                 QStringLiteral("Wrong expected version: 0 (Stream: %1, Stream Version: -1)").arg(empty));

        QCOMPARE(write(request(s, QStringLiteral("T"), SomeData, {}, 0)), 1);
        Result<qint64> five = store().writeMessage(ns(), request(s, QStringLiteral("T"), SomeData, {}, 5));
        QCOMPARE(errorOf(five),
                 QStringLiteral("Wrong expected version: 5 (Stream: %1, Stream Version: 1)").arg(s));
        QCOMPARE(write(request(s)), 2); // no expected version: no check
        QCOMPARE(*store().streamVersion(ns(), s), std::optional<qint64>(2));
        QCOMPARE(*store().streamVersion(ns(), empty), std::optional<qint64>());
    }

    void writeErrorsInMessageDbWords()
    {
        const QString s = uniqueName(QStringLiteral("werr")) + QStringLiteral("-1");
        WriteRequest bad = request(s);
        bad.id = QStringLiteral("not-a-uuid");
        QCOMPARE(errorOf(store().writeMessage(ns(), bad)),
                 QStringLiteral("invalid input syntax for type uuid: \"not-a-uuid\""));

        WriteRequest upper = request(s);
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        upper.id = id.toUpper();
        QCOMPARE(write(upper), 0);
        Result<std::optional<Message>> last = store().lastStreamMessage(ns(), {s, {}});
        QVERIFY(last && last->has_value());
        QCOMPARE((*last)->id, id.toLower());

        WriteRequest duplicate = request(s);
        duplicate.id = id;
        Result<qint64> dup = store().writeMessage(ns(), duplicate);
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, ErrorKind::Conflict);
        QCOMPARE(dup.error().message,
                 QStringLiteral("duplicate key value violates unique constraint \"messages_id\""));
        QCOMPARE(dup.error().detail, QStringLiteral("Key (id)=(%1) already exists.").arg(id.toLower()));

        QCOMPARE(errorOf(store().writeMessage(ns(), request(s, QString()))),
                 QStringLiteral(
                     "null value in column \"type\" of relation \"messages\" violates not-null constraint"));
        QCOMPARE(errorOf(store().writeMessage(ns(), request(QString()))),
                 QStringLiteral("null value in column \"stream_name\" of relation \"messages\" violates "
                                "not-null constraint"));
        // Nothing of the failed writes landed.
        QCOMPARE(*store().streamVersion(ns(), s), std::optional<qint64>(0));
    }

    void dataMayBeNullScalarOrArray()
    {
        const QString s = uniqueName(QStringLiteral("nul")) + QStringLiteral("-1");
        write(request(s, QStringLiteral("T"), std::nullopt));
        write(request(s, QStringLiteral("T"), QStringLiteral("null"), QStringLiteral("null")));
        write(request(s, QStringLiteral("T"), QStringLiteral("\"just a string\""), QStringLiteral("[]")));
        Result<MessageList> rows = stream({s, {}, {}, {}});
        QVERIFY(rows);
        QCOMPARE(rows->size(), 3);
        QVERIFY(!rows->at(0).data.has_value());
        QCOMPARE(rows->at(1).data, std::optional<QString>(QStringLiteral("null")));
        QCOMPARE(rows->at(1).metadata, std::optional<QString>(QStringLiteral("null")));
        QCOMPARE(rows->at(2).data, std::optional<QString>(QStringLiteral("\"just a string\"")));
        QCOMPARE(rows->at(2).metadata, std::optional<QString>(QStringLiteral("[]")));
    }

    void streamWithoutDashIsACategory()
    {
        const QString s = uniqueName(QStringLiteral("nodash"));
        QCOMPARE(write(request(s)), 0);
        QCOMPARE(errorOf(stream({s, {}, {}, {}})), QStringLiteral("Must be a stream name: %1").arg(s));
        QCOMPARE(*store().streamVersion(ns(), s), std::optional<qint64>(0));
        Result<std::optional<Message>> last = store().lastStreamMessage(ns(), {s, {}});
        QVERIFY(last && last->has_value());
        Result<MessageList> inCategory = category({s, {}, {}, {}, {}, {}, {}});
        QVERIFY(inCategory);
        QCOMPARE(inCategory->size(), 1);
    }

    void streamReadsPositionsAndBatchSizes()
    {
        const QString s = uniqueName(QStringLiteral("batch")) + QStringLiteral("-1");
        for (int i = 0; i < 3; ++i)
            write(request(s));
        QCOMPARE(positionsOf(*stream({s, {}, {}, {}})), (QList<qint64>{0, 1, 2}));
        QCOMPARE(positionsOf(*stream({s, {}, 2, {}})), (QList<qint64>{0, 1}));
        QCOMPARE(positionsOf(*stream({s, {}, -1, {}})), (QList<qint64>{0, 1, 2}));
        QCOMPARE(stream({s, {}, 0, {}})->size(), 0);
        QCOMPARE(errorOf(stream({s, {}, -2, {}})), QStringLiteral("LIMIT must not be negative"));
        QCOMPARE(positionsOf(*stream({s, 1, {}, {}})), (QList<qint64>{1, 2}));
        QCOMPARE(positionsOf(*stream({s, -5, {}, {}})), (QList<qint64>{0, 1, 2}));
        QCOMPARE(positionsOf(*stream({s, 2, 1, {}})), (QList<qint64>{2}));
        QCOMPARE(stream({s + QStringLiteral("x"), {}, {}, {}})->size(), 0);
        // Stream names are case-sensitive.
        QCOMPARE(stream({s.toUpper(), {}, {}, {}})->size(), 0);
    }

    void categoryReads()
    {
        const QString c = uniqueName(QStringLiteral("cat"));
        QStringList order;
        for (int round = 0; round < 2; ++round) {
            for (int i = 1; i <= 3; ++i) {
                const QString s = c + QStringLiteral("-") + QString::number(i);
                write(request(s));
                order << s;
            }
        }
        Result<MessageList> all = category({c, {}, {}, {}, {}, {}, {}});
        QVERIFY2(all, qPrintable(errorOf(all)));
        QCOMPARE(streamsOf(*all), order);
        for (qsizetype i = 1; i < all->size(); ++i)
            QVERIFY(all->at(i).globalPosition > all->at(i - 1).globalPosition);
        QCOMPARE(category({c, {}, 2, {}, {}, {}, {}})->size(), 2);
        QCOMPARE(category({c, {}, -1, {}, {}, {}, {}})->size(), 6);
        QCOMPARE(category({c, {}, 0, {}, {}, {}, {}})->size(), 0);
        QCOMPARE(errorOf(category({c, {}, -2, {}, {}, {}, {}})),
                 QStringLiteral("LIMIT must not be negative"));
        const qint64 fourth = all->at(3).globalPosition;
        QCOMPARE(streamsOf(*category({c, fourth, {}, {}, {}, {}, {}})), order.mid(3));
        QCOMPARE(category({c.toUpper(), {}, {}, {}, {}, {}, {}})->size(), 0);
        QCOMPARE(errorOf(category({c + QStringLiteral("-1"), {}, {}, {}, {}, {}, {}})),
                 QStringLiteral("Must be a category: %1-1").arg(c));
        // The empty category is a category.
        QVERIFY(category({QString(u""_qs), {}, 1, {}, {}, {}, {}}));
    }

    void correlationMatchesByCategory()
    {
        const QString c = uniqueName(QStringLiteral("corr"));
        const QString corr = uniqueName(QStringLiteral("corrcat"));
        for (int i = 1; i <= 3; ++i) {
            const QString s = c + QStringLiteral("-") + QString::number(i);
            write(request(s, QStringLiteral("T"), SomeData,
                          QStringLiteral(R"({"correlationStreamName": "someCorrelation"})")));
            write(request(
                s, QStringLiteral("T"), SomeData,
                QStringLiteral(R"({"correlationStreamName": "%1-%2"})").arg(corr, QString::number(i))));
        }
        write(request(c + QStringLiteral("-4"), QStringLiteral("T"), SomeData,
                      QStringLiteral(R"({"correlationStreamName": "%1"})").arg(corr)));
        write(request(c + QStringLiteral("-5"), QStringLiteral("T"), SomeData, QStringLiteral("[1, 2]")));
        write(request(c + QStringLiteral("-6")));
        Result<MessageList> rows = category({c, {}, {}, corr, {}, {}, {}});
        QVERIFY2(rows, qPrintable(errorOf(rows)));
        QCOMPARE(streamsOf(*rows), (QStringList{c + QStringLiteral("-1"), c + QStringLiteral("-2"),
                                                c + QStringLiteral("-3"), c + QStringLiteral("-4")}));
        QCOMPARE(positionsOf(*rows), (QList<qint64>{1, 1, 1, 0}));
        // Message DB's own correlated test: position 0, batch 2.
        QCOMPARE(category({c, 0, 2, corr, {}, {}, {}})->size(), 2);
        QCOMPARE(category({c, {}, {}, QStringLiteral("someCorrelation"), {}, {}, {}})->size(), 3);
        QCOMPARE(category({c, {}, {}, QString(u""_qs), {}, {}, {}})->size(), 0);
        QCOMPARE(errorOf(category({c, {}, {}, corr + QStringLiteral("-1"), {}, {}, {}})),
                 QStringLiteral("Correlation must be a category (Correlation: %1-1)").arg(corr));
        // The correlation check comes before the consumer-group checks.
        QCOMPARE(errorOf(category({c, {}, {}, QStringLiteral("x-1"), 1, {}, {}})),
                 QStringLiteral("Correlation must be a category (Correlation: x-1)"));
        // Correlation and consumer group together.
        Result<MessageList> grouped = category({c, {}, {}, corr, 0, 1, {}});
        QVERIFY(grouped);
        QCOMPARE(grouped->size(), 4);
    }

    void consumerGroupErrorsInOrder_data()
    {
        QTest::addColumn<QString>("category");
        QTest::addColumn<std::optional<qint64>>("member");
        QTest::addColumn<std::optional<qint64>>("size");
        QTest::addColumn<QString>("error");
        const auto none = std::optional<qint64>();
        const auto v = [](qint64 x) {
            return std::optional<qint64>(x);
        };
        QTest::newRow("member only") << "cg" << v(1) << none
                                     << "Consumer group member and size must be specified (Consumer Group "
                                        "Member: 1, Consumer Group Size: <NULL>)";
        QTest::newRow("size only") << "cg" << none << v(1)
                                   << "Consumer group member and size must be specified (Consumer Group "
                                      "Member: <NULL>, Consumer Group Size: 1)";
        QTest::newRow("size 0") << "cg" << v(0) << v(0)
                                << "Consumer group size must not be less than 1 (Consumer Group Member: 0, "
                                   "Consumer Group Size: 0)";
        QTest::newRow("member -1") << "cg" << v(-1) << v(1)
                                   << "Consumer group member must not be less than 0 (Consumer Group Member: "
                                      "-1, Consumer Group Size: 1)";
        QTest::newRow("member = size") << "cg" << v(1) << v(1)
                                       << "Consumer group member must be less than the group size (Consumer "
                                          "Group Member: 1, Consumer Group Size: 1)";
        QTest::newRow("member > size") << "cg" << v(2) << v(1)
                                       << "Consumer group member must be less than the group size (Consumer "
                                          "Group Member: 2, Consumer Group Size: 1)";
        QTest::newRow("size before member") << "cg" << v(-1) << v(0)
                                            << "Consumer group size must not be less than 1 (Consumer Group "
                                               "Member: -1, Consumer Group Size: 0)";
        QTest::newRow("category first") << "cg-1" << v(1) << none << "Must be a category: cg-1";
        QTest::newRow("smallint size") << "cg" << v(0) << v(40000) << "smallint out of range";
    }

    void consumerGroupErrorsInOrder()
    {
        QFETCH(QString, category);
        QFETCH(std::optional<qint64>, member);
        QFETCH(std::optional<qint64>, size);
        QFETCH(QString, error);
        QCOMPARE(errorOf(this->category({category, {}, {}, {}, member, size, {}})), error);
    }

    void consumerGroupPartitionsByCardinalId()
    {
        // Spec §4 worked example: cgdemo with size 3.
        const QString c = uniqueName(QStringLiteral("cgdemo"));
        const QStringList ids{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                              QStringLiteral("6"), QStringLiteral("123+456")};
        for (const QString& id : ids)
            write(request(c + u'-' + id));
        write(request(c));                       // no id: no member, not even with size 1
        write(request(c + QStringLiteral("-"))); // empty cardinal id: hash_64('')
        const auto members = [&](qint64 m, qint64 n) {
            return streamsOf(*category({c, {}, {}, {}, m, n, {}}));
        };
        QCOMPARE(members(0, 3), (QStringList{c + QStringLiteral("-1")}));
        QCOMPARE(members(1, 3), (QStringList{c + QStringLiteral("-2"), c + QStringLiteral("-123+456")}));
        QCOMPARE(members(2, 3),
                 (QStringList{c + QStringLiteral("-3"), c + QStringLiteral("-6"), c + QStringLiteral("-")}));
        QCOMPARE(category({c, {}, {}, {}, {}, {}, {}})->size(), 7);
        QCOMPARE(category({c, {}, {}, {}, 0, 1, {}})->size(), 6);
        // The group filter applies before the batch limit: member 2's batch of 2 is full.
        QCOMPARE(members(2, 3).size(), 3);
        QCOMPARE(category({c, {}, 2, {}, 2, 3, {}})->size(), 2);
    }

    void consumerGroupsMatchTheHashVectors()
    {
        const QList<QJsonObject> vectors =
            mdbtest::readJsonLines(mdbtest::testDataPath(QStringLiteral("hash64-vectors.jsonl")));
        QCOMPARE(vectors.size(), 300);
        // Each vector's id part goes into a fresh category, so the cardinal id is the vector's.
        const QString c = uniqueName(QStringLiteral("vec"));
        QList<WriteRequest> batch;
        QHash<QString, QJsonObject> byStream;
        for (const QJsonObject& v : vectors) {
            const QString name = v.value(QStringLiteral("stream_name")).toString();
            const std::optional<QString> id = StreamName::id(name);
            const QString stream = id ? c + u'-' + *id : c;
            if (byStream.contains(stream))
                continue;
            byStream.insert(stream, v);
            batch << request(stream);
        }
        Result<QList<qint64>> written = store().writeMessages(ns(), batch);
        QVERIFY2(written, qPrintable(errorOf(written)));
        for (int n : {2, 3, 4, 7, 16}) {
            QSet<QString> seen;
            for (int m = 0; m < n; ++m) {
                Result<MessageList> rows = category({c, {}, -1, {}, m, n, {}});
                QVERIFY2(rows, qPrintable(errorOf(rows)));
                for (const Message& msg : *rows) {
                    const QJsonValue expected = byStream.value(msg.streamName)
                                                    .value(QStringLiteral("member"))
                                                    .toObject()
                                                    .value(QString::number(n));
                    QVERIFY2(!expected.isNull(), qPrintable(msg.streamName));
                    QCOMPARE(expected.toInt(), m);
                    seen.insert(msg.streamName);
                }
            }
            for (auto it = byStream.cbegin(); it != byStream.cend(); ++it) {
                const bool hasMember =
                    !it->value(QStringLiteral("member")).toObject().value(QString::number(n)).isNull();
                QCOMPARE(seen.contains(it.key()), hasMember);
            }
        }
    }

    void conditionIsGated()
    {
        const QString c = uniqueName(QStringLiteral("cond"));
        for (int i = 1; i <= 2; ++i) {
            write(request(c + u'-' + QString::number(i)));
            write(request(c + u'-' + QString::number(i)));
        }
        const QString notActivated = QStringLiteral("Retrieval with SQL condition is not activated");
        QCOMPARE(errorOf(stream({c + QStringLiteral("-1"), {}, {}, QStringLiteral("global_position >= 1")})),
                 notActivated);
        QCOMPARE(errorOf(category({c, {}, {}, {}, {}, {}, QStringLiteral("position >= 1")})), notActivated);
        // Earlier checks still come first.
        QCOMPARE(errorOf(stream({c, {}, {}, QStringLiteral("true")})),
                 QStringLiteral("Must be a stream name: %1").arg(c));

        mdbtest::TestStore enabled = mdbtest::reopen(m_store, {true, false});
        QVERIFY2(enabled.store, qPrintable(enabled.problem));
        Result<MessageList> second =
            enabled->categoryMessages(ns(), {c, {}, 2, {}, {}, {}, QStringLiteral("position >= 1")});
        QVERIFY2(second, qPrintable(errorOf(second)));
        QCOMPARE(positionsOf(*second), (QList<qint64>{1, 1}));
        Result<MessageList> streamRows = enabled->streamMessages(
            ns(), {c + QStringLiteral("-1"), {}, 2, QStringLiteral("global_position >= 1")});
        QVERIFY2(streamRows, qPrintable(errorOf(streamRows)));
        QCOMPARE(streamRows->size(), 2);
        Result<MessageList> correlated = enabled->categoryMessages(
            ns(), {c, {}, {}, QStringLiteral("nothing"), {}, {}, QStringLiteral("position >= 1")});
        QVERIFY(correlated);
        QCOMPARE(correlated->size(), 0);
        QVERIFY(
            !enabled->categoryMessages(ns(), {c, {}, {}, {}, {}, {}, QStringLiteral("nonexistent_col = 1")}));
    }

    void lastMessageByType()
    {
        const QString s = uniqueName(QStringLiteral("last")) + QStringLiteral("-1");
        QVERIFY(!store().lastStreamMessage(ns(), {s, {}})->has_value());
        write(request(s));
        write(request(s));
        write(request(s, QStringLiteral("SomeOtherType")));
        Result<std::optional<Message>> last = store().lastStreamMessage(ns(), {s, {}});
        QCOMPARE((*last)->position, 2);
        Result<std::optional<Message>> typed =
            store().lastStreamMessage(ns(), {s, QStringLiteral("SomeType")});
        QCOMPARE((*typed)->position, 1);
        QVERIFY(!store().lastStreamMessage(ns(), {s, QStringLiteral("Nope")})->has_value());
        QVERIFY(!store().lastStreamMessage(ns(), {s, QString(u""_qs)})->has_value());
    }

    void versionOfTheStore() { QCOMPARE(*store().messageStoreVersion(ns()), QStringLiteral("1.3.0")); }

    void jsonIsRenderedLikeJsonb()
    {
        const QList<QJsonObject> vectors =
            mdbtest::readJsonLines(mdbtest::testDataPath(QStringLiteral("jsonb-text-vectors.jsonl")));
        QVERIFY(vectors.size() > 50);
        const QString s = uniqueName(QStringLiteral("json")) + QStringLiteral("-1");
        qint64 expectedVersion = -1;
        for (const QJsonObject& v : vectors) {
            const QString input = v.value(QStringLiteral("input")).toString();
            Result<qint64> written =
                store().writeMessage(ns(), request(s, QStringLiteral("T"), input, input));
            if (v.contains(QStringLiteral("error"))) {
                QVERIFY2(!written, qPrintable(input));
                QCOMPARE(written.error().message, v.value(QStringLiteral("error")).toString());
                continue;
            }
            QVERIFY2(written, qPrintable(input + u' ' + errorOf(written)));
            ++expectedVersion;
            Result<std::optional<Message>> last = store().lastStreamMessage(ns(), {s, {}});
            QVERIFY(last && last->has_value());
            const QString expected = v.value(QStringLiteral("jsonb_text")).toString();
            QCOMPARE(*(*last)->data, expected);
            QCOMPARE(*(*last)->metadata, expected);
        }
        // Failed writes left nothing behind.
        QCOMPARE(*store().streamVersion(ns(), s), std::optional<qint64>(expectedVersion));
    }

    void batchWriteIsAllOrNothing()
    {
        const QString a = uniqueName(QStringLiteral("batchw")) + QStringLiteral("-1");
        const QString b = uniqueName(QStringLiteral("batchw")) + QStringLiteral("-2");
        Result<QList<qint64>> ok = store().writeMessages(ns(), {request(a), request(a), request(b)});
        QVERIFY2(ok, qPrintable(errorOf(ok)));
        QCOMPARE(*ok, (QList<qint64>{0, 1, 0}));
        // One time per transaction.
        Result<MessageList> rows = stream({a, {}, {}, {}});
        QCOMPARE(rows->at(0).timeMicros, rows->at(1).timeMicros);
        Result<QList<qint64>> failed =
            store().writeMessages(ns(), {request(a), request(b, QStringLiteral("T"), SomeData, {}, 7)});
        QVERIFY(!failed);
        QCOMPARE(failed.error().kind, ErrorKind::WrongExpectedVersion);
        QCOMPARE(*store().streamVersion(ns(), a), std::optional<qint64>(1));
        QCOMPARE(*store().streamVersion(ns(), b), std::optional<qint64>(0));
    }

    void timeKeepsMicroseconds()
    {
        const QString s = uniqueName(QStringLiteral("time")) + QStringLiteral("-1");
        bool sawSubMillisecond = false;
        for (int i = 0; i < 5 && !sawSubMillisecond; ++i) {
            write(request(s));
            sawSubMillisecond = (*store().lastStreamMessage(ns(), {s, {}}))->timeMicros % 1000 != 0;
        }
        QVERIFY(sawSubMillisecond);
    }
};

QTEST_GUILESS_MAIN(ConformanceTest)
#include "tst_conformance.moc"
