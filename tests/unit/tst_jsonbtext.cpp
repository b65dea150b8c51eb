// JSON rendered as PostgreSQL's jsonb prints it, against the real PostgreSQL's vectors.
#include "TestStores.h"
#include "storage/JsonbText.h"

#include <QTest>

using namespace mdb;

class JsonbTextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectors_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("error");
        const QList<QJsonObject> vectors =
            mdbtest::readJsonLines(mdbtest::testDataPath(QStringLiteral("jsonb-text-vectors.jsonl")));
        QVERIFY(vectors.size() > 50);
        int i = 0;
        for (const QJsonObject& v : vectors) {
            const QString input = v.value(QStringLiteral("input")).toString();
            QTest::addRow("%d %s", i++, qPrintable(input.left(30)))
                << input << v.value(QStringLiteral("jsonb_text")).toString()
                << v.value(QStringLiteral("error")).toString();
        }
    }

    void vectors()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, error);
        const Result<QString> out = toJsonbText(input);
        if (!error.isEmpty()) {
            QVERIFY2(!out, qPrintable(out ? *out : QString()));
            QCOMPARE(out.error().message, error);
            QCOMPARE(out.error().kind, ErrorKind::InvalidArgument);
        } else {
            QVERIFY2(out, qPrintable(out ? QString() : out.error().message));
            QCOMPARE(*out, expected);
        }
    }

    // The DETAIL lines PostgreSQL 15 prints for these inputs (observed with psql).
    void errorDetailsMatchPostgres_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("detail");
        const QList<std::pair<const char*, const char*>> cases{
            {"{bad", "Token \"bad\" is invalid."},
            {"{'a':1}", "Token \"'\" is invalid."},
            {"{\"a\":1,}", "Expected string, but found \"}\"."},
            {"[1,2", "The input string ended unexpectedly."},
            {"01", "Token \"01\" is invalid."},
            {".5", "Token \".\" is invalid."},
            {"{\"a\" 1}", "Expected \":\", but found \"1\"."},
            {"{\"a\":1} x", "Token \"x\" is invalid."},
            {"[,1]", "Expected JSON value, but found \",\"."},
            {"{\"a\":}", "Expected JSON value, but found \"}\"."},
            {"\"abc", "Token \"\"abc\" is invalid."},
            {"\"\\ud83d\"", "Unicode low surrogate must follow a high surrogate."},
            {"{\"a\":1 \"b\":2}", "Expected \",\" or \"}\", but found \"\"b\"\"."},
            {"[1 2]", "Expected \",\" or \"]\", but found \"2\"."},
            {"\"a\\qb\"", "Escape sequence \"\\q\" is invalid."},
            {"-x", "Token \"-x\" is invalid."},
        };
        for (const auto& [input, detail] : cases)
            QTest::newRow(input) << QString::fromUtf8(input) << QString::fromUtf8(detail);
    }

    void errorDetailsMatchPostgres()
    {
        QFETCH(QString, input);
        QFETCH(QString, detail);
        const Result<QString> out = toJsonbText(input);
        QVERIFY(!out);
        QCOMPARE(out.error().detail, detail);
    }

    void deepNestingIsRefusedNotCrashing()
    {
        const QString deep = QString(100000, u'[') + QString(100000, u']');
        QVERIFY(!toJsonbText(deep));
        const QString fine = QString(500, u'[') + QString(500, u']');
        QVERIFY(toJsonbText(fine));
    }

    void hugeExponentIsRefused() { QVERIFY(!toJsonbText(QStringLiteral("1e999999999"))); }
};

QTEST_APPLESS_MAIN(JsonbTextTest)
#include "tst_jsonbtext.moc"
