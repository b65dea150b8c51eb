// Stream-name parsers, hash_64 and consumer-group membership against the real Message DB's vectors.
#include "TestStores.h"
#include "storage/Hash64.h"
#include "storage/StreamName.h"

#include <QJsonValue>
#include <QTest>

using namespace mdb;

class StreamNameTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectors()
    {
        const QList<QJsonObject> vectors =
            mdbtest::readJsonLines(mdbtest::testDataPath(QStringLiteral("hash64-vectors.jsonl")));
        QCOMPARE(vectors.size(), 300);
        for (const QJsonObject& v : vectors) {
            const QString name = v.value(QStringLiteral("stream_name")).toString();
            QCOMPARE(StreamName::category(name), v.value(QStringLiteral("category")).toString());
            QCOMPARE(StreamName::isCategory(name), v.value(QStringLiteral("is_category")).toBool());
            const QJsonValue cardinal = v.value(QStringLiteral("cardinal_id"));
            QCOMPARE(StreamName::cardinalId(name).has_value(), !cardinal.isNull());
            if (cardinal.isNull())
                continue;
            QCOMPARE(*StreamName::cardinalId(name), cardinal.toString());
            // JSON numbers lose int64 precision as doubles: compare the exact text instead.
            const qint64 hash = hash64(cardinal.toString());
            QCOMPARE(QString::number(hash), QString::number(v.value(QStringLiteral("hash_64")).toInteger()));
            const QJsonObject members = v.value(QStringLiteral("member")).toObject();
            for (auto it = members.begin(); it != members.end(); ++it) {
                Result<std::optional<qint64>> m = consumerGroupMember(name, it.key().toLongLong());
                QVERIFY(m && m->has_value());
                QCOMPARE(**m, it.value().toInteger());
            }
        }
    }

    void specExamples_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<qint64>("hash");
        QTest::newRow("1") << "1" << Q_INT64_C(-4266524885998034046);
        QTest::newRow("empty") << "" << Q_INT64_C(-3162216497309240828);
        QTest::newRow("account") << "account" << Q_INT64_C(-2132379389342958165);
        QTest::newRow("someStream") << "someStream" << Q_INT64_C(2053039834977696644);
        QTest::newRow("umlauts") << QString::fromUtf8("äöü") << Q_INT64_C(723346632877524233);
        QTest::newRow("account-123") << "account-123" << Q_INT64_C(2828383952216582226);
        QTest::newRow("konto") << QString::fromUtf8("konto-äöü") << Q_INT64_C(-5875978999932643152);
        QTest::newRow("dbg") << "dbg" << Q_INT64_C(-5631108799857298079);
    }

    void specExamples()
    {
        QFETCH(QString, value);
        QFETCH(qint64, hash);
        QCOMPARE(hash64(value), hash);
    }

    void parsers()
    {
        QCOMPARE(StreamName::category(QStringLiteral("account:command+position-123-456")),
                 QStringLiteral("account:command+position"));
        QCOMPARE(*StreamName::id(QStringLiteral("account-123-456")), QStringLiteral("123-456"));
        QCOMPARE(*StreamName::id(QStringLiteral("account-")), QString(u""_qs));
        QVERIFY(!StreamName::id(QStringLiteral("account")).has_value());
        QCOMPARE(*StreamName::cardinalId(QStringLiteral("account-a+b+c")), QStringLiteral("a"));
        QCOMPARE(*StreamName::cardinalId(QStringLiteral("account-+x")), QString(u""_qs));
        QVERIFY(StreamName::isCategory(QString()));
        QCOMPARE(StreamName::categoryEntity(QStringLiteral("account:command+position-1")),
                 QStringLiteral("account"));
        QCOMPARE(StreamName::categoryTypes(QStringLiteral("account:command+position-1")),
                 (QStringList{QStringLiteral("command"), QStringLiteral("position")}));
        QCOMPARE(StreamName::compoundIds(QStringLiteral("account-123+abc")),
                 (QStringList{QStringLiteral("123"), QStringLiteral("abc")}));
    }

    void membershipEdges()
    {
        // No id: no member, not even with size 1.
        QVERIFY(!consumerGroupMember(QStringLiteral("cgdemo"), 1)->has_value());
        // `edge-` has the empty cardinal id and goes to member 2 of 3.
        QCOMPARE(**consumerGroupMember(QStringLiteral("edge-"), 3), 2);
        QCOMPARE(**consumerGroupMember(QStringLiteral("cgdemo-123+456"), 3), 1);
    }
};

QTEST_APPLESS_MAIN(StreamNameTest)
#include "tst_streamname.moc"
