#include "storage/JsonbText.h"

#include <QByteArray>

#include <algorithm>
#include <vector>

namespace mdb {
namespace {

// JSON's two-character escapes: the letter after the backslash, and the character it stands for.
// jsonb prints exactly these escaped; '/' is read as an escape too but printed as it is.
constexpr std::pair<char16_t, char16_t> ShortEscapes[] = {
    {u'"', u'"'}, {u'\\', u'\\'}, {u'b', u'\b'}, {u'f', u'\f'}, {u'n', u'\n'}, {u'r', u'\r'}, {u't', u'\t'},
};

// The character `\<letter>` stands for, or 0 when it is not a short escape.
char16_t unescaped(char16_t letter)
{
    if (letter == u'/')
        return u'/';
    for (const auto& [escape, character] : ShortEscapes) {
        if (escape == letter)
            return character;
    }
    return 0;
}

// The letter that escapes `c` in jsonb's output, or 0 when `c` is printed some other way.
char16_t escapeLetter(char16_t c)
{
    for (const auto& [escape, character] : ShortEscapes) {
        if (character == c)
            return escape;
    }
    return 0;
}

// A character that a JSON string holds and jsonb prints as it is: no quote, backslash or control
// character, which the input must escape and the output escapes.
bool standsForItself(QChar c)
{
    return c.unicode() >= 0x20 && c != u'"' && c != u'\\';
}

constexpr int MaxDepth = 6000;           // well past real payloads; PostgreSQL follows max_stack_depth
constexpr int MaxNumericExponent = 1000; // PostgreSQL's NUMERIC_MAX_PRECISION

StoreError syntaxError(const QString& detail)
{
    StoreError e =
        StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("invalid input syntax for type json"),
                         QStringLiteral("22P02"));
    e.detail = detail;
    return e;
}

class JsonbRenderer
{
public:
    explicit JsonbRenderer(const QString& input)
        : m_in(input)
    {}

    Result<QString> render()
    {
        skipSpace();
        QString out;
        if (!document(out))
            return m_error;
        skipSpace();
        if (m_pos != m_in.size()) {
            failExpected(QStringLiteral("end of input"));
            return m_error;
        }
        return out;
    }

private:
    bool fail(StoreError error)
    {
        m_error = std::move(error);
        return false;
    }
    bool atEnd() const { return m_pos >= m_in.size(); }

    static bool isWordChar(QChar c) { return c.isLetterOrNumber() || c == u'_' || c.unicode() >= 0x80; }

    // The token PostgreSQL's lexer would read at the current position, for error texts.
    QString tokenHere(bool& invalid) const
    {
        invalid = false;
        const QChar c = m_in.at(m_pos);
        if (QStringView(u"{}[],:").contains(c))
            return QString(c);
        if (c == u'"') {
            qsizetype end = m_pos + 1;
            while (end < m_in.size() && m_in.at(end) != u'"')
                end += m_in.at(end) == u'\\' ? 2 : 1;
            return m_in.mid(m_pos, qMin(end + 1, m_in.size()) - m_pos);
        }
        qsizetype end = m_pos;
        while (end < m_in.size() &&
               (isWordChar(m_in.at(end)) ||
                ((c == u'-' || c.isDigit()) && QStringView(u".+-").contains(m_in.at(end)))))
            ++end;
        if (end == m_pos)
            end = m_pos + (c.isHighSurrogate() ? 2 : 1);
        const QString word = m_in.mid(m_pos, end - m_pos);
        invalid = word != u"true" && word != u"false" && word != u"null" && !(c == u'-' || c.isDigit());
        return word;
    }

    // PostgreSQL's parse error: an invalid token wins over what the grammar expected.
    bool failExpected(const QString& expected)
    {
        if (atEnd())
            return fail(syntaxError(QStringLiteral("The input string ended unexpectedly.")));
        bool invalid = false;
        const QString token = tokenHere(invalid);
        if (invalid)
            return fail(syntaxError(QStringLiteral("Token \"%1\" is invalid.").arg(token)));
        return fail(syntaxError(QStringLiteral("Expected %1, but found \"%2\".").arg(expected, token)));
    }
    QChar peek() const { return atEnd() ? QChar() : m_in.at(m_pos); }

    void skipSpace()
    {
        while (!atEnd()) {
            const char16_t c = m_in.at(m_pos).unicode();
            if (c != u' ' && c != u'\t' && c != u'\n' && c != u'\r')
                break;
            ++m_pos;
        }
    }

    bool keyword(QString& out, const QString& expected)
    {
        bool invalid = false;
        const QString word = tokenHere(invalid);
        if (word == u"true" || word == u"false" || word == u"null") {
            m_pos += word.size();
            out += word;
            return true;
        }
        return failExpected(expected);
    }

    // A container being read. Nesting is kept here, on the heap: how deep a document may be does not
    // depend on the stack of the thread that renders it (sanitizers and small thread stacks).
    struct Member
    {
        QByteArray keyBytes;
        QString key;
        QString value;
    };
    struct Container
    {
        bool isObject = false;
        // An array is written straight into the text of what holds it: the value of the member of
        // the object at this index, or the document itself (-1).
        qsizetype arrayOwner = -1;
        std::vector<Member> members; // an object: the members read so far
        QString key;                 // an object: the key of the member being read
        QString value;               // an object: the text of that member's value so far
    };

    // Where the value being read is written.
    static QString& sink(std::vector<Container>& open, QString& document)
    {
        if (open.empty())
            return document;
        Container& inner = open.back();
        if (inner.isObject)
            return inner.value;
        return inner.arrayOwner < 0 ? document : open[size_t(inner.arrayOwner)].value;
    }

    enum class Start
    {
        Failed,
        Opened,    // '{' or '[' with members to come
        Completed, // a scalar or an empty container
    };

    // Reads the start of a value nested in `open`.
    Start startValue(std::vector<Container>& open, QString& document)
    {
        skipSpace();
        if (qsizetype(open.size()) > MaxDepth) {
            fail(StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("stack depth limit exceeded"),
                                  QStringLiteral("54001")));
            return Start::Failed;
        }
        const QString expected = QStringLiteral("JSON value");
        if (atEnd()) {
            failExpected(expected);
            return Start::Failed;
        }
        QString& out = sink(open, document);
        const char16_t c = peek().unicode();
        if (c == u'{' || c == u'[') {
            const bool isObject = c == u'{';
            ++m_pos;
            skipSpace();
            if (peek() == (isObject ? u'}' : u']')) {
                ++m_pos;
                out += isObject ? u"{}" : u"[]";
                return Start::Completed;
            }
            qsizetype owner = -1;
            if (!open.empty())
                owner = open.back().isObject ? qsizetype(open.size()) - 1 : open.back().arrayOwner;
            if (!isObject)
                out += u'[';
            Container& container = open.emplace_back(); // `out` may dangle from here on
            container.isObject = isObject;
            container.arrayOwner = owner;
            if (isObject && !memberKey(container))
                return Start::Failed;
            return Start::Opened;
        }
        bool ok = false;
        if (c == u'"') {
            QString text;
            ok = string(text);
            appendQuoted(out, text);
        } else if (c == u'-' || (c >= u'0' && c <= u'9')) {
            ok = number(out);
        } else {
            ok = keyword(out, expected);
        }
        return ok ? Start::Completed : Start::Failed;
    }

    // Reads an object member's key and the ':' after it.
    bool memberKey(Container& object)
    {
        skipSpace();
        if (atEnd() || peek() != u'"')
            return failExpected(object.members.empty() ? QStringLiteral("string or \"}\"")
                                                       : QStringLiteral("string"));
        object.key.clear();
        if (!string(object.key))
            return false;
        skipSpace();
        if (atEnd() || peek() != u':')
            return failExpected(QStringLiteral("\":\""));
        ++m_pos;
        return true;
    }

    static QString objectText(std::vector<Member>& members)
    {
        // jsonb orders keys by length first, then bytewise; of equal keys the last one wins.
        std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
            if (a.keyBytes.size() != b.keyBytes.size())
                return a.keyBytes.size() < b.keyBytes.size();
            return a.keyBytes < b.keyBytes;
        });
        QString out;
        out += u'{';
        bool first = true;
        for (size_t i = 0; i < members.size(); ++i) {
            if (i + 1 < members.size() && members[i + 1].keyBytes == members[i].keyBytes)
                continue;
            if (!first)
                out += u", ";
            first = false;
            appendQuoted(out, members[i].key);
            out += u": ";
            out += members[i].value;
        }
        out += u'}';
        return out;
    }

    // One JSON value, containers and all.
    bool document(QString& out)
    {
        std::vector<Container> open;
        for (;;) {
            const Start start = startValue(open, out);
            if (start == Start::Failed)
                return false;
            if (start == Start::Opened)
                continue;
            // A value is complete: the containers that end after it close.
            for (;;) {
                if (open.empty())
                    return true;
                Container& container = open.back();
                if (container.isObject) {
                    container.members.push_back(
                        {container.key.toUtf8(), std::move(container.key), std::move(container.value)});
                    container.value.clear();
                }
                skipSpace();
                if (peek() == u',') {
                    ++m_pos;
                    if (!container.isObject)
                        sink(open, out) += u", ";
                    else if (!memberKey(container))
                        return false;
                    break;
                }
                if (peek() == (container.isObject ? u'}' : u']')) {
                    ++m_pos;
                    if (container.isObject) {
                        const QString text = objectText(container.members);
                        open.pop_back();
                        sink(open, out) += text;
                    } else {
                        sink(open, out) += u']';
                        open.pop_back();
                    }
                    continue;
                }
                return failExpected(container.isObject ? QStringLiteral("\",\" or \"}\"")
                                                       : QStringLiteral("\",\" or \"]\""));
            }
        }
    }

    static int hexValue(char16_t c)
    {
        if (c >= u'0' && c <= u'9')
            return c - u'0';
        if (c >= u'a' && c <= u'f')
            return c - u'a' + 10;
        if (c >= u'A' && c <= u'F')
            return c - u'A' + 10;
        return -1;
    }

    bool hex4(char16_t& code)
    {
        if (m_pos + 4 > m_in.size())
            return fail(syntaxError(QStringLiteral("\"\\u\" must be followed by four hexadecimal digits.")));
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_in.at(m_pos + i).unicode());
            if (h < 0)
                return fail(
                    syntaxError(QStringLiteral("\"\\u\" must be followed by four hexadecimal digits.")));
            v = v * 16 + h;
        }
        m_pos += 4;
        code = static_cast<char16_t>(v);
        return true;
    }

    // Reads a string literal (at '"') and returns its decoded text.
    bool string(QString& text)
    {
        const qsizetype start = m_pos;
        ++m_pos; // opening quote
        for (;;) {
            if (atEnd())
                return fail(syntaxError(QStringLiteral("Token \"%1\" is invalid.").arg(m_in.mid(start))));
            // A run of characters that stand for themselves is copied at once.
            const qsizetype run = m_pos;
            while (m_pos < m_in.size()) {
                if (!standsForItself(m_in.at(m_pos)))
                    break;
                ++m_pos;
            }
            if (m_pos > run) {
                text.append(m_in.constData() + run, m_pos - run);
                continue;
            }
            const char16_t c = m_in.at(m_pos).unicode();
            ++m_pos;
            if (c == u'"')
                return true;
            if (c < 0x20)
                return fail(syntaxError(QStringLiteral("Character with value 0x%1 must be escaped.")
                                            .arg(int(c), 2, 16, QLatin1Char('0'))));
            if (atEnd())
                return fail(syntaxError(QStringLiteral("The input string ended unexpectedly.")));
            const char16_t e = m_in.at(m_pos).unicode();
            ++m_pos;
            if (const char16_t decoded = unescaped(e)) {
                text += QChar(decoded);
                continue;
            }
            switch (e) {
            case u'u': {
                char16_t code = 0;
                if (!hex4(code))
                    return false;
                if (code == 0) {
                    StoreError err = StoreError::make(ErrorKind::InvalidArgument,
                                                      QStringLiteral("unsupported Unicode escape sequence"),
                                                      QStringLiteral("22P05"));
                    err.detail = QStringLiteral("\\u0000 cannot be converted to text.");
                    return fail(err);
                }
                if (QChar::isHighSurrogate(code)) {
                    char16_t low = 0;
                    if (m_pos + 1 < m_in.size() && m_in.at(m_pos) == u'\\' && m_in.at(m_pos + 1) == u'u') {
                        m_pos += 2;
                        if (!hex4(low))
                            return false;
                    }
                    if (!QChar::isLowSurrogate(low))
                        return fail(syntaxError(
                            QStringLiteral("Unicode low surrogate must follow a high surrogate.")));
                    text += QChar(code);
                    text += QChar(low);
                } else if (QChar::isLowSurrogate(code)) {
                    return fail(
                        syntaxError(QStringLiteral("Unicode low surrogate must follow a high surrogate.")));
                } else {
                    text += QChar(code);
                }
                break;
            }
            default:
                return fail(
                    syntaxError(QStringLiteral("Escape sequence \"\\%1\" is invalid.").arg(QChar(e))));
            }
        }
    }

    bool isDigitAt(qsizetype i) const { return i < m_in.size() && m_in.at(i) >= u'0' && m_in.at(i) <= u'9'; }

    // Whether the character after the digits read so far still belongs to the number's token:
    // a fraction or an exponent to read, or letters and digits that make it invalid.
    bool numberGoesOn() const
    {
        return !atEnd() && (peek().isLetterOrNumber() || peek() == u'_' || peek() == u'.');
    }

    // A JSON number, printed as PostgreSQL's numeric prints it.
    bool number(QString& out)
    {
        const qsizetype start = m_pos;
        bool negative = false;
        if (peek() == u'-') {
            negative = true;
            ++m_pos;
        }
        QString digits;
        qsizetype intDigits = 0;
        if (!isDigitAt(m_pos))
            return numberError(start);
        if (m_in.at(m_pos) == u'0') {
            digits += u'0';
            ++m_pos;
        } else {
            while (isDigitAt(m_pos))
                digits += m_in.at(m_pos++);
        }
        intDigits = digits.size();
        // An integer as it is (the common case): nothing to shift or trim.
        if (!numberGoesOn()) {
            if (negative && digits != u"0")
                out += u'-';
            out += digits;
            return true;
        }
        qsizetype fracDigits = 0;
        if (peek() == u'.') {
            ++m_pos;
            if (!isDigitAt(m_pos))
                return numberError(start);
            while (isDigitAt(m_pos)) {
                digits += m_in.at(m_pos++);
                ++fracDigits;
            }
        }
        qint64 exponent = 0;
        if (peek() == u'e' || peek() == u'E') {
            ++m_pos;
            bool expNegative = false;
            if (peek() == u'+' || peek() == u'-') {
                expNegative = peek() == u'-';
                ++m_pos;
            }
            if (!isDigitAt(m_pos))
                return numberError(start);
            while (isDigitAt(m_pos)) {
                if (exponent < 100000)
                    exponent = exponent * 10 + (m_in.at(m_pos).unicode() - u'0');
                ++m_pos;
            }
            if (expNegative)
                exponent = -exponent;
        }
        // A number glued to letters or digits ("01", "1x") is one invalid token in PostgreSQL.
        if (numberGoesOn())
            return numberError(start);
        if (exponent > MaxNumericExponent || exponent < -MaxNumericExponent)
            return fail(StoreError::make(ErrorKind::InvalidArgument,
                                         QStringLiteral("invalid input syntax for type numeric: \"%1\"")
                                             .arg(QStringView(m_in).mid(start, m_pos - start)),
                                         QStringLiteral("22P02")));

        const qint64 pointPos = intDigits + exponent;
        const qint64 scale = std::max<qint64>(0, fracDigits - exponent);
        QString intPart;
        QString fracPart;
        if (pointPos <= 0) {
            intPart = QStringLiteral("0");
            fracPart = QString(-pointPos, u'0') + digits;
        } else if (pointPos >= digits.size()) {
            intPart = digits + QString(pointPos - digits.size(), u'0');
        } else {
            intPart = digits.left(pointPos);
            fracPart = digits.mid(pointPos);
        }
        qsizetype firstNonZero = 0;
        while (firstNonZero < intPart.size() - 1 && intPart.at(firstNonZero) == u'0')
            ++firstNonZero;
        intPart = intPart.mid(firstNonZero);
        fracPart = fracPart.left(scale);
        const bool isZero = intPart == u"0" && std::all_of(fracPart.cbegin(), fracPart.cend(),
                                                           [](QChar c) { return c == u'0'; });
        if (negative && !isZero)
            out += u'-';
        out += intPart;
        if (scale > 0) {
            out += u'.';
            out += fracPart;
        }
        return true;
    }

    bool numberError(qsizetype start)
    {
        qsizetype end = m_pos;
        while (end < m_in.size() && (m_in.at(end).isLetterOrNumber() || m_in.at(end) == u'.' ||
                                     m_in.at(end) == u'-' || m_in.at(end) == u'+'))
            ++end;
        return fail(syntaxError(
            QStringLiteral("Token \"%1\" is invalid.").arg(QStringView(m_in).mid(start, end - start))));
    }

    static void appendQuoted(QString& out, const QString& text) { out += jsonQuote(text); }

    const QString& m_in;
    qsizetype m_pos = 0;
    StoreError m_error;
};

} // namespace

QString jsonQuote(const QString& text)
{
    if (std::all_of(text.cbegin(), text.cend(), standsForItself))
        return u'"' + text + u'"';
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (const char16_t letter = escapeLetter(c)) {
            out += u'\\';
            out += QChar(letter);
        } else if (c < 0x20) {
            out += QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
        } else {
            out += ch;
        }
    }
    out += u'"';
    return out;
}

Result<QString> toJsonbText(const QString& input)
{
    return JsonbRenderer(input).render();
}

} // namespace mdb
