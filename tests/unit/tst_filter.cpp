// The filter language's parser (docs/find.md): every rule, precedence, the kinds each field
// takes, and errors that name the character and what was expected.
#include "storage/query/Filter.h"

#include <QTest>

using namespace mdb::query;

namespace {

// The tree as text: and(…), or(…), not(…), and tests as "field op literal…".
QString shape(const Node& n)
{
    switch (n.kind) {
    case Node::Kind::And:
    case Node::Kind::Or: {
        QStringList children;
        for (const Node& child : n.children)
            children << shape(child);
        return QStringLiteral("%1(%2)").arg(n.kind == Node::Kind::And ? QStringLiteral("and")
                                                                      : QStringLiteral("or"),
                                            children.join(QStringLiteral(", ")));
    }
    case Node::Kind::Not:
        return QStringLiteral("not(%1)").arg(shape(n.children.front()));
    case Node::Kind::Test:
        break;
    }
    static const QStringList ops{QStringLiteral("="),        QStringLiteral("!="),
                                 QStringLiteral("<"),        QStringLiteral("<="),
                                 QStringLiteral(">"),        QStringLiteral(">="),
                                 QStringLiteral("contains"), QStringLiteral("starts_with"),
                                 QStringLiteral("exists"),   QStringLiteral("in")};
    QStringList literals;
    for (const Literal& l : n.literals) {
        switch (l.kind) {
        case Literal::Kind::String:
            literals << u'"' + l.string + u'"';
            break;
        case Literal::Kind::Number:
            literals << l.string;
            break;
        case Literal::Kind::Boolean:
            literals << (l.boolean ? QStringLiteral("true") : QStringLiteral("false"));
            break;
        case Literal::Kind::Null:
            literals << QStringLiteral("null");
            break;
        }
    }
    return QStringLiteral("%1 %2 %3").arg(n.field.text(), ops.at(int(n.op)), literals.join(u',')).trimmed();
}

QString parsed(const QString& text)
{
    auto result = Filter::parse(text);
    if (auto* error = std::get_if<FilterError>(&result))
        return QStringLiteral("error ") + error->text();
    return shape(std::get<Filter>(result).root());
}

} // namespace

class FilterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void grammar_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("tree");
        QTest::newRow("test") << "type = \"Withdrawn\""
                              << "type = \"Withdrawn\"";
        QTest::newRow("and binds tighter than or") << "type = \"a\" or type = \"b\" and type = \"c\""
                                                   << "or(type = \"a\", and(type = \"b\", type = \"c\"))";
        QTest::newRow("not binds tighter than and") << "not type = \"a\" and type = \"b\""
                                                    << "and(not(type = \"a\"), type = \"b\")";
        QTest::newRow("parentheses") << "not (type = \"a\" or type = \"b\")"
                                     << "not(or(type = \"a\", type = \"b\"))";
        QTest::newRow("chains flatten") << "type = \"a\" and type = \"b\" and type = \"c\""
                                        << "and(type = \"a\", type = \"b\", type = \"c\")";
        QTest::newRow("paths") << "data.items[0].\"first name\" exists"
                               << "data.items[0].\"first name\" exists";
        QTest::newRow("keyword as key") << "data.type.and = 1"
                                        << "data.type.and = 1";
        QTest::newRow("in") << "metadata.m in (1, \"1\", true, null)"
                            << "metadata.m in 1,\"1\",true,null";
        QTest::newRow("numbers as JSON writes them") << "data.n >= -1.5e+3"
                                                     << "data.n >= -1.5e+3";
        QTest::newRow("escapes") << "data.s = \"a\\\"b\\u00e4\""
                                 << "data.s = \"a\"bä\"";
        QTest::newRow("string ops") << "stream_name starts_with \"account-\" and type contains \"draw\""
                                    << "and(stream_name starts_with \"account-\", type contains \"draw\")";
        QTest::newRow("spaces anywhere") << "  (  data.a=1)or(data.b!=2 ) "
                                         << "or(data.a = 1, data.b != 2)";
        QTest::newRow("time") << "time >= \"2026-11-28T00:39:50.269702Z\""
                              << "time >= \"2026-11-28T00:39:50.269702Z\"";
    }
    void grammar()
    {
        QFETCH(QString, text);
        QFETCH(QString, tree);
        QCOMPARE(parsed(text), tree);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("missing literal") << "data.amount >"
                                         << "at character 14: expected a literal (a JSON string or number, "
                                            "true, false, null), found the end";
        QTest::newRow("unknown field")
            << "amount > 1"
            << "at character 1: expected a field (type, stream_name, category, position, "
               "global_position, time, id, data.…, metadata.…), found \"amount\"";
        QTest::newRow("double equals")
            << "type == \"a\""
            << "at character 7: expected a literal (a JSON string or number, true, false, "
               "null), found \"=\"";
        QTest::newRow("operator") << "type is \"a\""
                                  << "at character 6: expected an operator (=, !=, <, <=, >, >=, contains, "
                                     "starts_with, exists, in), found \"is\"";
        QTest::newRow("no key")
            << "data = 1"
            << "at character 1: expected a key after data (data.name, data[0], data.\"a key\")";
        QTest::newRow("bad key")
            << "data.1 = 1"
            << "at character 6: expected a key (a name or a JSON string) after \".\", found \"1\"";
        QTest::newRow("bad index") << "data.a[x] = 1"
                                   << "at character 8: expected an array index (0, 1, …), found \"x\"";
        QTest::newRow("unclosed parenthesis") << "(type = \"a\""
                                              << "at character 12: expected \")\", found the end";
        QTest::newRow("two tests") << "type = \"a\" type = \"b\""
                                   << "at character 12: expected \"and\", \"or\" or the end, found \"type\"";
        QTest::newRow("dangling and")
            << "type = \"a\" and"
            << "at character 15: expected a field (type, stream_name, category, position, "
               "global_position, time, id, data.…, metadata.…), found the end";
        QTest::newRow("position is a number") << "position = \"1\""
                                              << "at character 12: position is a number";
        QTest::newRow("type is a string") << "type = 1"
                                          << "at character 8: type is a string";
        QTest::newRow("time literal") << "time > \"yesterday\""
                                      << "at character 8: not an ISO 8601 time: \"yesterday\" (e.g. "
                                         "\"2026-11-28T00:39:50.269702\", Z allowed)";
        QTest::newRow("contains a number") << "data.s contains 1"
                                           << "at character 17: contains takes a string";
        QTest::newRow("ordering booleans") << "data.b < true"
                                           << "at character 10: <, <=, > and >= compare numbers or strings";
        QTest::newRow("unclosed string") << "type = \"abc"
                                         << "at character 8: a string that is not closed";
        QTest::newRow("bad escape") << "type = \"a\\q\""
                                    << "at character 8: not a valid JSON string: \"a\\q\"";
        QTest::newRow("bad number") << "data.n = 01"
                                    << "at character 10: not a valid JSON number";
        QTest::newRow("keywords are lower-case")
            << "type = \"a\" AND type = \"b\""
            << "at character 12: expected \"and\", \"or\" or the end, found \"AND\"";
        QTest::newRow("stray character") << "type = \"a\" ; drop"
                                         << "at character 12: unexpected character \";\"";
        QTest::newRow("in needs parentheses") << "data.n in 1"
                                              << "at character 11: expected \"(\" after in, found \"1\"";
        QTest::newRow("empty") << ""
                               << "at character 1: expected a field (type, stream_name, category, position, "
                                  "global_position, time, id, data.…, metadata.…), found the end";
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QCOMPARE(parsed(text), QStringLiteral("error ") + error);
    }

    void timeLiterals()
    {
        QCOMPARE(parseTimeLiteral(QStringLiteral("1970-01-01T00:00:00.000001")), std::optional<qint64>(1));
        QCOMPARE(parseTimeLiteral(QStringLiteral("1970-01-01T00:00:01Z")), std::optional<qint64>(1000000));
        QCOMPARE(parseTimeLiteral(QStringLiteral("1970-01-01T01:00:00+01:00")), std::optional<qint64>(0));
        QCOMPARE(parseTimeLiteral(QStringLiteral("1970-01-02")), std::optional<qint64>(86400LL * 1000000));
        QCOMPARE(parseTimeLiteral(QStringLiteral("2026-11-28T00:39:50.269702")),
                 std::optional<qint64>(Q_INT64_C(1795826390269702)));
        QVERIFY(!parseTimeLiteral(QStringLiteral("2026-13-01")));
        QVERIFY(!parseTimeLiteral(QStringLiteral("2026-11-28T00:39:50.1234567")));
        QVERIFY(!parseTimeLiteral(QStringLiteral("yesterday")));
    }

    void compileSaysWhereInMessageDbTerms()
    {
        const mdb::Result<Filter> bad = Filter::compile(QStringLiteral("data.x >"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, mdb::ErrorKind::InvalidArgument);
        QVERIFY(bad.error().message.startsWith(QStringLiteral("at character 9: ")));
        QVERIFY(Filter::compile(QStringLiteral("data.x > 1")));
        QVERIFY(!Filter::compile(QString(Filter::MaxLength + 1, u' ')));
    }
};

QTEST_GUILESS_MAIN(FilterTest)
#include "tst_filter.moc"
