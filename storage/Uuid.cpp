#include "storage/Uuid.h"

#include <QUuid>

namespace mdb {

namespace {

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// Already lowercase with the canonical dashes: canonicalUuid's own answer, without building it.
bool isCanonicalUuid(const QString& text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < 36; ++i) {
        const char16_t c = text.at(i).unicode();
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
        } else if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<QString> canonicalUuid(const QString& text)
{
    if (isCanonicalUuid(text))
        return text;
    const auto syntaxError = [&text] {
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("invalid input syntax for type uuid: \"%1\"").arg(text),
                                QStringLiteral("22P02"));
    };
    qsizetype pos = 0;
    const bool braces = text.startsWith(u'{');
    if (braces)
        ++pos;
    QString hex;
    hex.reserve(32);
    for (int byte = 0; byte < 16; ++byte) {
        for (int half = 0; half < 2; ++half) {
            if (pos >= text.size() || !isHexDigit(text.at(pos)))
                return syntaxError();
            hex += text.at(pos++).toLower();
        }
        if (pos < text.size() && text.at(pos) == u'-' && byte % 2 == 1 && byte < 15)
            ++pos;
    }
    if (braces) {
        if (pos >= text.size() || text.at(pos) != u'}')
            return syntaxError();
        ++pos;
    }
    if (pos != text.size())
        return syntaxError();
    return QString(hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' +
                   hex.mid(20));
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace mdb
