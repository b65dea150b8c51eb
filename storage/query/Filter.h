#pragma once

#include "storage/Result.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <variant>
#include <vector>

namespace mdb::query {

// A field of a message a test looks at: one of the message's own columns, or a path into its
// data or metadata JSON.
struct Field
{
    enum class Root
    {
        Type,
        StreamName,
        Category,
        Position,
        GlobalPosition,
        Time,
        Id,
        Data,
        Metadata,
    };
    struct Step
    {
        QString key;       // an object member, when index is negative
        qint64 index = -1; // an array element
        bool isIndex() const { return index >= 0; }
    };

    Root root = Root::Type;
    QList<Step> path; // data and metadata only; never empty there

    bool isJson() const { return root == Root::Data || root == Root::Metadata; }
    // The field as it was written, for messages: `data.items[0]."first name"`.
    QString text() const;
};

// A literal as JSON has them. Numbers keep their text (exact, for PostgreSQL's numeric) and a
// double (for SQLite and the client); time literals on `time` also carry their microseconds.
struct Literal
{
    enum class Kind
    {
        String,
        Number,
        Boolean,
        Null,
    };
    Kind kind = Kind::Null;
    QString string;    // String: the decoded text; Number: the JSON number as written
    double number = 0; // Number
    bool boolean = false;
    qint64 timeMicros = 0;   // a String compared with `time`
    bool isIntegral = false; // Number: an integer that fits 64 bits (then number is exact too)
    qint64 integer = 0;
};

enum class Op
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,
    StartsWith,
    Exists,
    In,
};

// One node of a parsed expression: `and` / `or` of two or more children, `not` of one, or a test.
struct Node
{
    enum class Kind
    {
        And,
        Or,
        Not,
        Test,
    };
    Kind kind = Kind::Test;
    std::vector<Node> children;
    // Test
    Field field;
    Op op = Op::Exists;
    QList<Literal> literals; // one, or several for `in`, none for `exists`
};

// A syntax or type error, at a character of the expression (1-based).
struct FilterError
{
    int position = 1;
    QString message; // "expected an operator, found "amount""

    // "at character 12: expected …", as the search field and mdbctl say it.
    QString text() const;
};

// An ISO 8601 time in UTC ("2026-11-28T00:39:50.269702", a date alone, "Z" or an offset
// allowed) as microseconds since the epoch; absent when the text is not one.
std::optional<qint64> parseTimeLiteral(const QString& text);

// A parsed filter expression in the language of docs/find.md. Parsed once; the SQL of each
// dialect is rendered from it (FilterSql.h) with every literal bound, never written into the SQL.
class Filter
{
public:
    static constexpr int MaxLength = 10000;

    // Parses `text`; the error names the character position and what was expected.
    static std::variant<Filter, FilterError> parse(const QString& text);
    // The same as a Result, with the error's text as an InvalidArgument StoreError.
    static Result<Filter> compile(const QString& text);

    const Node& root() const { return *m_root; }
    const QString& text() const { return m_text; }

private:
    std::shared_ptr<const Node> m_root;
    QString m_text;
};

} // namespace mdb::query
