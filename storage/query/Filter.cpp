#include "storage/query/Filter.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace mdb::query {

namespace {

struct Token
{
    enum class Kind
    {
        Word,     // a name or keyword
        String,   // a JSON string, decoded
        Number,   // a JSON number, as written
        Symbol,   // ( ) [ ] . ,
        Operator, // = != < <= > >=
        End,
    };
    Kind kind = Kind::End;
    QString text;     // as written (a string's decoded value in `value`)
    QString value;    // String: decoded
    int position = 1; // 1-based character
};

QString describe(const Token& t)
{
    switch (t.kind) {
    case Token::Kind::End:
        return QStringLiteral("the end");
    case Token::Kind::String:
        return t.text;
    default:
        return u'"' + t.text + u'"';
    }
}

const QString FieldNames =
    QStringLiteral("type, stream_name, category, position, global_position, time, id, data.…, metadata.…");

bool isWordStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isWordChar(QChar c)
{
    return isWordStart(c) || (c >= u'0' && c <= u'9');
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

class Lexer
{
public:
    explicit Lexer(const QString& text)
        : m_text(text)
    {}

    // The next token, or an error at the character that cannot start one.
    std::variant<Token, FilterError> next()
    {
        while (m_at < m_text.size() && m_text.at(m_at).isSpace())
            ++m_at;
        Token t;
        t.position = int(m_at) + 1;
        if (m_at >= m_text.size())
            return t;
        const QChar c = m_text.at(m_at);
        if (isWordStart(c)) {
            const qsizetype start = m_at;
            while (m_at < m_text.size() && isWordChar(m_text.at(m_at)))
                ++m_at;
            t.kind = Token::Kind::Word;
            t.text = m_text.mid(start, m_at - start);
            return t;
        }
        if (c == u'"')
            return string(t);
        if (c == u'-' || isDigit(c))
            return number(t);
        if (QStringLiteral("()[].,").contains(c)) {
            ++m_at;
            t.kind = Token::Kind::Symbol;
            t.text = c;
            return t;
        }
        if (c == u'=' || c == u'<' || c == u'>' || c == u'!') {
            const bool withEquals = m_at + 1 < m_text.size() && m_text.at(m_at + 1) == u'=';
            if (c == u'!' && !withEquals)
                return FilterError{t.position, QStringLiteral("expected \"!=\", found \"!\"")};
            const qsizetype length = (c != u'=' && withEquals) ? 2 : 1;
            t.kind = Token::Kind::Operator;
            t.text = m_text.mid(m_at, length);
            m_at += length;
            return t;
        }
        return FilterError{t.position, QStringLiteral("unexpected character \"%1\"").arg(c)};
    }

private:
    std::variant<Token, FilterError> string(Token& t)
    {
        const qsizetype start = m_at++;
        bool escapesValid = true;
        while (m_at < m_text.size() && m_text.at(m_at) != u'"') {
            if (m_text.at(m_at) == u'\\') {
                ++m_at;
                // JSON's escapes only (Qt's parser would take others).
                if (m_at < m_text.size() && !QStringLiteral("\"\\/bfnrtu").contains(m_text.at(m_at)))
                    escapesValid = false;
            }
            ++m_at;
        }
        if (m_at >= m_text.size())
            return FilterError{t.position, QStringLiteral("a string that is not closed")};
        ++m_at;
        t.kind = Token::Kind::String;
        t.text = m_text.mid(start, m_at - start);
        // JSON's own rules decide what the escapes mean, and what is not allowed in a string.
        QJsonParseError error;
        const QJsonDocument decoded = QJsonDocument::fromJson((u'[' + t.text + u']').toUtf8(), &error);
        if (!escapesValid || error.error != QJsonParseError::NoError || !decoded.array().at(0).isString())
            return FilterError{t.position, QStringLiteral("not a valid JSON string: %1").arg(t.text)};
        t.value = decoded.array().at(0).toString();
        return t;
    }

    std::variant<Token, FilterError> number(Token& t)
    {
        // JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        static const QRegularExpression json(
            QStringLiteral("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"));
        const QRegularExpressionMatch m = json.match(m_text, m_at, QRegularExpression::NormalMatch,
                                                     QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch() || m.capturedLength() == 0 ||
            (m.capturedEnd() < m_text.size() &&
             (isWordChar(m_text.at(m.capturedEnd())) || m_text.at(m.capturedEnd()) == u'.')))
            return FilterError{t.position, QStringLiteral("not a valid JSON number")};
        t.kind = Token::Kind::Number;
        t.text = m.captured();
        m_at = m.capturedEnd();
        return t;
    }

    const QString& m_text;
    qsizetype m_at = 0;
};

} // namespace

std::optional<qint64> parseTimeLiteral(const QString& text)
{
    static const QRegularExpression iso(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?"
                       "(Z|[+-]\\d{2}:\\d{2})?$"));
    const QRegularExpressionMatch m = iso.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    qint64 micros = QDateTime(date, time, QTimeZone::utc()).toMSecsSinceEpoch() * 1000;
    micros += m.captured(7).leftJustified(6, u'0').toLongLong();
    const QString zone = m.captured(8);
    if (zone.size() == 6) {
        const qint64 offsetMinutes = zone.mid(1, 2).toInt() * 60 + zone.mid(4, 2).toInt();
        micros -= (zone.at(0) == u'-' ? -1 : 1) * offsetMinutes * 60 * 1000000;
    }
    return micros;
}

namespace {

class Parser
{
public:
    explicit Parser(const QString& text)
        : m_lexer(text)
    {}

    std::variant<Node, FilterError> parse()
    {
        if (auto error = advance())
            return *error;
        Node root;
        if (auto error = expression(root))
            return *error;
        if (m_token.kind != Token::Kind::End)
            return FilterError{
                m_token.position,
                QStringLiteral("expected \"and\", \"or\" or the end, found %1").arg(describe(m_token))};
        return root;
    }

private:
    using Error = std::optional<FilterError>;

    Error advance()
    {
        auto next = m_lexer.next();
        if (auto* error = std::get_if<FilterError>(&next))
            return *error;
        m_token = std::get<Token>(next);
        return std::nullopt;
    }

    bool isWord(const char* word) const
    {
        return m_token.kind == Token::Kind::Word && m_token.text == QLatin1String(word);
    }

    bool isSymbol(char symbol) const
    {
        return m_token.kind == Token::Kind::Symbol && m_token.text == QLatin1Char(symbol);
    }

    // expr := term ("or" term)*, and term := factor ("and" factor)*
    Error expression(Node& out) { return chain(out, "or", Node::Kind::Or, &Parser::term); }
    Error term(Node& out) { return chain(out, "and", Node::Kind::And, &Parser::factor); }

    Error chain(Node& out, const char* keyword, Node::Kind kind, Error (Parser::*operand)(Node&))
    {
        Node first;
        if (auto error = (this->*operand)(first))
            return error;
        if (!isWord(keyword)) {
            out = std::move(first);
            return std::nullopt;
        }
        out = Node{};
        out.kind = kind;
        out.children.push_back(std::move(first));
        while (isWord(keyword)) {
            if (auto error = advance())
                return error;
            Node next;
            if (auto error = (this->*operand)(next))
                return error;
            out.children.push_back(std::move(next));
        }
        return std::nullopt;
    }

    // factor := "not" factor | "(" expr ")" | test
    Error factor(Node& out)
    {
        if (isWord("not")) {
            if (auto error = advance())
                return error;
            Node inner;
            if (auto error = factor(inner))
                return error;
            out = Node{};
            out.kind = Node::Kind::Not;
            out.children.push_back(std::move(inner));
            return std::nullopt;
        }
        if (isSymbol('(')) {
            if (auto error = advance())
                return error;
            if (auto error = expression(out))
                return error;
            if (!isSymbol(')'))
                return FilterError{m_token.position,
                                   QStringLiteral("expected \")\", found %1").arg(describe(m_token))};
            return advance();
        }
        return test(out);
    }

    Error test(Node& out)
    {
        out = Node{};
        out.kind = Node::Kind::Test;
        if (auto error = field(out.field))
            return error;
        const int opPosition = m_token.position;
        if (m_token.kind == Token::Kind::Operator) {
            static const QHash<QString, Op> ops{
                {QStringLiteral("="), Op::Equal},   {QStringLiteral("!="), Op::NotEqual},
                {QStringLiteral("<"), Op::Less},    {QStringLiteral("<="), Op::LessOrEqual},
                {QStringLiteral(">"), Op::Greater}, {QStringLiteral(">="), Op::GreaterOrEqual}};
            out.op = ops.value(m_token.text);
        } else if (isWord("contains")) {
            out.op = Op::Contains;
        } else if (isWord("starts_with")) {
            out.op = Op::StartsWith;
        } else if (isWord("exists")) {
            out.op = Op::Exists;
            return advance();
        } else if (isWord("in")) {
            out.op = Op::In;
        } else {
            return FilterError{
                opPosition,
                QStringLiteral("expected an operator (=, !=, <, <=, >, >=, contains, starts_with, "
                               "exists, in), found %1")
                    .arg(describe(m_token))};
        }
        if (auto error = advance())
            return error;
        if (out.op != Op::In) {
            Literal value;
            if (auto error = literal(out.field, out.op, value))
                return error;
            out.literals.append(value);
            return std::nullopt;
        }
        if (!isSymbol('('))
            return FilterError{m_token.position,
                               QStringLiteral("expected \"(\" after in, found %1").arg(describe(m_token))};
        do {
            if (auto error = advance())
                return error;
            Literal value;
            if (auto error = literal(out.field, Op::Equal, value))
                return error;
            out.literals.append(value);
        } while (isSymbol(','));
        if (!isSymbol(')'))
            return FilterError{m_token.position,
                               QStringLiteral("expected \",\" or \")\", found %1").arg(describe(m_token))};
        return advance();
    }

    Error field(Field& out)
    {
        static const QHash<QString, Field::Root> roots{
            {QStringLiteral("type"), Field::Root::Type},
            {QStringLiteral("stream_name"), Field::Root::StreamName},
            {QStringLiteral("category"), Field::Root::Category},
            {QStringLiteral("position"), Field::Root::Position},
            {QStringLiteral("global_position"), Field::Root::GlobalPosition},
            {QStringLiteral("time"), Field::Root::Time},
            {QStringLiteral("id"), Field::Root::Id},
            {QStringLiteral("data"), Field::Root::Data},
            {QStringLiteral("metadata"), Field::Root::Metadata}};
        if (m_token.kind != Token::Kind::Word || !roots.contains(m_token.text))
            return FilterError{
                m_token.position,
                QStringLiteral("expected a field (%1), found %2").arg(FieldNames, describe(m_token))};
        out.root = roots.value(m_token.text);
        const int rootPosition = m_token.position;
        if (auto error = advance())
            return error;
        if (!out.isJson())
            return std::nullopt;
        while (isSymbol('.') || isSymbol('[')) {
            const bool member = isSymbol('.');
            if (auto error = advance())
                return error;
            Field::Step step;
            if (member) {
                if (m_token.kind == Token::Kind::Word)
                    step.key = m_token.text;
                else if (m_token.kind == Token::Kind::String)
                    step.key = m_token.value;
                else
                    return FilterError{m_token.position,
                                       QStringLiteral("expected a key (a name or a JSON string) "
                                                      "after \".\", found %1")
                                           .arg(describe(m_token))};
            } else {
                bool ok = false;
                step.index = m_token.kind == Token::Kind::Number ? m_token.text.toLongLong(&ok) : -1;
                if (!ok || step.index < 0)
                    return FilterError{
                        m_token.position,
                        QStringLiteral("expected an array index (0, 1, …), found %1").arg(describe(m_token))};
                if (auto error = advance())
                    return error;
                if (!isSymbol(']'))
                    return FilterError{m_token.position,
                                       QStringLiteral("expected \"]\", found %1").arg(describe(m_token))};
            }
            out.path.append(step);
            if (auto error = advance())
                return error;
        }
        if (out.path.isEmpty())
            return FilterError{rootPosition,
                               QStringLiteral("expected a key after %1 (%1.name, %1[0], %1.\"a key\")")
                                   .arg(out.root == Field::Root::Data ? QStringLiteral("data")
                                                                      : QStringLiteral("metadata"))};
        return std::nullopt;
    }

    // literal := a JSON string | a JSON number | true | false | null, of a kind the field and
    // operator take.
    Error literal(const Field& field, Op op, Literal& out)
    {
        const int position = m_token.position;
        if (m_token.kind == Token::Kind::String) {
            out.kind = Literal::Kind::String;
            out.string = m_token.value;
        } else if (m_token.kind == Token::Kind::Number) {
            out.kind = Literal::Kind::Number;
            out.string = m_token.text;
            out.number = m_token.text.toDouble();
            bool integral = false;
            out.integer = m_token.text.toLongLong(&integral);
            out.isIntegral = integral;
            if (!std::isfinite(out.number))
                return FilterError{position,
                                   QStringLiteral("the number %1 is out of range").arg(m_token.text)};
        } else if (isWord("true") || isWord("false")) {
            out.kind = Literal::Kind::Boolean;
            out.boolean = isWord("true");
        } else if (isWord("null")) {
            out.kind = Literal::Kind::Null;
        } else {
            return FilterError{position,
                               QStringLiteral("expected a literal (a JSON string or number, true, false, "
                                              "null), found %1")
                                   .arg(describe(m_token))};
        }
        if (auto error = typeCheck(field, op, out, position))
            return error;
        return advance();
    }

    static Error typeCheck(const Field& field, Op op, Literal& value, int position)
    {
        const bool stringOp = op == Op::Contains || op == Op::StartsWith;
        const bool ordering =
            op == Op::Less || op == Op::LessOrEqual || op == Op::Greater || op == Op::GreaterOrEqual;
        const QString name = field.text();
        if (stringOp && value.kind != Literal::Kind::String)
            return FilterError{position, QStringLiteral("%1 takes a string")
                                             .arg(op == Op::Contains ? QStringLiteral("contains")
                                                                     : QStringLiteral("starts_with"))};
        switch (field.root) {
        case Field::Root::Data:
        case Field::Root::Metadata:
            if (ordering && value.kind != Literal::Kind::String && value.kind != Literal::Kind::Number)
                return FilterError{position, QStringLiteral("<, <=, > and >= compare numbers or strings")};
            return std::nullopt;
        case Field::Root::Position:
        case Field::Root::GlobalPosition:
            if (stringOp || value.kind != Literal::Kind::Number)
                return FilterError{position, QStringLiteral("%1 is a number").arg(name)};
            return std::nullopt;
        case Field::Root::Time: {
            if (stringOp || value.kind != Literal::Kind::String)
                return FilterError{position,
                                   QStringLiteral("time takes an ISO 8601 UTC time as a string, e.g. "
                                                  "\"2026-11-28T00:39:50.269702\"")};
            const std::optional<qint64> micros = parseTimeLiteral(value.string);
            if (!micros)
                return FilterError{position, QStringLiteral("not an ISO 8601 time: \"%1\" (e.g. "
                                                            "\"2026-11-28T00:39:50.269702\", Z allowed)")
                                                 .arg(value.string)};
            value.timeMicros = *micros;
            return std::nullopt;
        }
        default:
            if (value.kind != Literal::Kind::String)
                return FilterError{position, QStringLiteral("%1 is a string").arg(name)};
            return std::nullopt;
        }
    }

    Lexer m_lexer;
    Token m_token;
};

} // namespace

QString Field::text() const
{
    static const QStringList names{QStringLiteral("type"),
                                   QStringLiteral("stream_name"),
                                   QStringLiteral("category"),
                                   QStringLiteral("position"),
                                   QStringLiteral("global_position"),
                                   QStringLiteral("time"),
                                   QStringLiteral("id"),
                                   QStringLiteral("data"),
                                   QStringLiteral("metadata")};
    QString text = names.at(int(root));
    static const QRegularExpression plainKey(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (const Step& step : path) {
        if (step.isIndex())
            text += QStringLiteral("[%1]").arg(step.index);
        else if (plainKey.match(step.key).hasMatch())
            text += u'.' + step.key;
        else
            text +=
                u'.' + QString::fromUtf8(QJsonDocument(QJsonArray{step.key}).toJson(QJsonDocument::Compact))
                           .mid(1)
                           .chopped(1);
    }
    return text;
}

QString FilterError::text() const
{
    return QStringLiteral("at character %1: %2").arg(position).arg(message);
}

std::variant<Filter, FilterError> Filter::parse(const QString& text)
{
    if (text.size() > MaxLength)
        return FilterError{MaxLength + 1,
                           QStringLiteral("the expression is longer than %1 characters").arg(MaxLength)};
    std::variant<Node, FilterError> parsed = Parser(text).parse();
    if (auto* error = std::get_if<FilterError>(&parsed))
        return *error;
    Filter filter;
    filter.m_root = std::make_shared<const Node>(std::move(std::get<Node>(parsed)));
    filter.m_text = text;
    return filter;
}

Result<Filter> Filter::compile(const QString& text)
{
    std::variant<Filter, FilterError> parsed = parse(text);
    if (auto* error = std::get_if<FilterError>(&parsed))
        return StoreError::make(ErrorKind::InvalidArgument, error->text());
    return std::get<Filter>(std::move(parsed));
}

} // namespace mdb::query
