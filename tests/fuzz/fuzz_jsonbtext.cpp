// toJsonbText (JSON rendered the way jsonb prints it) and jsonQuote on arbitrary text.
#include "FuzzSupport.h"
#include "storage/JsonbText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

using namespace mdb;
using mdbfuzz::check;

namespace {

// QJsonDocument drops a U+FEFF that opens a string ("\"\uFEFF\"" reads as ""): no comparison there.
constexpr QChar ByteOrderMark(0xFEFF);

// PostgreSQL's "stack depth limit exceeded": wrapping a value one level deeper may reach it.
bool isDepthLimit(const StoreError& error)
{
    return error.sqlState == u"54001";
}

// QJsonDocument reads only arrays and objects at the top: each value is read inside an array.
std::optional<QJsonDocument> readWithQt(const QString& value)
{
    QByteArray json = value.toUtf8();
    json.prepend('[').append(']');
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    return doc;
}

bool isNumber(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Int:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

// QJsonDocument reads a number with an exponent through a double (then holds it as an integer when
// it is whole): 600000000000000001E1 reads as 6000000000000000000, its rendering
// 6000000000000000010 as itself. Beyond 2^53 numbers are therefore compared as doubles.
bool sameNumber(const QVariant& a, const QVariant& b)
{
    constexpr double exactIntegers = 9007199254740992.0; // 2^53
    const bool bothSmallIntegers = a.typeId() != QMetaType::Double && b.typeId() != QMetaType::Double &&
                                   std::abs(a.toDouble()) <= exactIntegers &&
                                   std::abs(b.toDouble()) <= exactIntegers;
    return bothSmallIntegers ? a.toLongLong() == b.toLongLong() : a.toDouble() == b.toDouble();
}

bool sameValue(const QVariant& a, const QVariant& b)
{
    if (isNumber(a) && isNumber(b))
        return sameNumber(a, b);
    if (a.typeId() != b.typeId())
        return false;
    if (a.typeId() == QMetaType::QVariantList) {
        const QVariantList left = a.toList(), right = b.toList();
        return left.size() == right.size() && std::equal(left.begin(), left.end(), right.begin(), sameValue);
    }
    if (a.typeId() == QMetaType::QVariantMap) {
        const QVariantMap left = a.toMap(), right = b.toMap();
        return left.keys() == right.keys() && std::equal(left.begin(), left.end(), right.begin(), sameValue);
    }
    return a == b;
}

void checkRendering(const QString& input)
{
    const Result<QString> rendered = toJsonbText(input);
    if (!rendered) {
        check(!rendered.error().message.isEmpty(), "a rejected input has an error text", input);
        return;
    }
    const QString& text = *rendered;

    const Result<QString> again = toJsonbText(text);
    check(again.ok(), "the rendered text is accepted", input);
    check(*again == text, "rendering is idempotent", input);

    const Result<QString> wrapped = toJsonbText(u'[' + input + u']');
    if (wrapped || !isDepthLimit(wrapped.error()))
        check(wrapped && *wrapped == u'[' + text + u']', "a value renders the same inside an array", input);

    // QJsonDocument differs from PostgreSQL at the edges (nesting limit, numbers beyond double):
    // where it reads the input at all, it must read the rendered text as the same value.
    if (text.contains(ByteOrderMark))
        return;
    const std::optional<QJsonDocument> expected = readWithQt(input);
    if (!expected)
        return;
    const std::optional<QJsonDocument> actual = readWithQt(text);
    check(actual.has_value(), "QJsonDocument reads the rendered text", input);
    // Compared as variants: QJsonObject's own == can miss a key that is there when keys holding
    // U+FFFD and keys beyond U+FFFF meet in one object (it looks keys up in an order of its own),
    // which reported two equal documents as different (corpus: keys-fffd-and-astral.json), and
    // numbers as doubles (corpus: exponent-integer.json).
    check(sameValue(actual->toVariant(), expected->toVariant()),
          "the rendered text means what the input means", input);
}

void checkQuoting(const QString& text)
{
    const QString quoted = jsonQuote(text);
    // jsonb has no text form for U+0000 ("unsupported Unicode escape sequence").
    if (text.contains(QChar(0)))
        return;
    const Result<QString> rendered = toJsonbText(quoted);
    check(rendered && *rendered == quoted, "a quoted string renders as itself", text);
    // Unpaired surrogates have no UTF-8 form for QJsonDocument to read.
    if (!text.isValidUtf16() || text.contains(ByteOrderMark))
        return;
    const std::optional<QJsonDocument> doc = readWithQt(quoted);
    check(doc && doc->array().first().toString() == text, "QJsonDocument reads the quoted string back", text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString text = mdbfuzz::utf8Text(data, size);
    checkRendering(text);
    checkQuoting(text);
    checkQuoting(mdbfuzz::utf16Text(data, size));
    return 0;
}
