// Store URLs (StoreLocation::parse and displayName), namespace names and uuids on arbitrary text.
//
// Each input is used twice: as the text a user typed, and as lines that build a well-formed URL
// whose parts are known, so that the parse can be checked part by part:
//   postgresql: user, password, host, port, dbname, options ('&'-separated; the first character
//               of each picks the keyword: s sslmode, r readonly, c conditions, t connect_timeout,
//               anything else application_name; the rest is its value), and text put after the
//               host as it is, which may well break the URL
//   sqlite:     a first line starting with 's', then path, synchronous
#include "FuzzSupport.h"
#include "storage/NamespaceName.h"
#include "storage/StoreLocation.h"
#include "storage/Uuid.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <algorithm>

using namespace mdb;
using mdbfuzz::check;

namespace {

const QString PasswordKey = QStringLiteral("password");

QString asciiLower(QString text)
{
    for (QChar& c : text) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    return text;
}

QString percentEncoded(const QString& text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

bool isTrueOption(const QString& value)
{
    for (const char16_t* word : {u"1", u"true", u"on", u"yes"}) {
        if (value.compare(QStringView(word), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The option an options line item stands for, by its first character.
QString optionKey(QChar tag)
{
    switch (tag.unicode()) {
    case u's':
        return QStringLiteral("sslmode");
    case u'r':
        return QStringLiteral("readonly");
    case u'c':
        return QStringLiteral("conditions");
    case u't':
        return QStringLiteral("connect_timeout");
    default:
        return QStringLiteral("application_name");
    }
}

// libpq's keywords: lowercase letters and '_'.
bool isKeyword(const QString& key)
{
    return !key.isEmpty() && std::all_of(key.cbegin(), key.cend(),
                                         [](QChar c) { return (c >= u'a' && c <= u'z') || c == u'_'; });
}

void checkNamespaceName(const QString& name)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(u"[a-z_][a-z0-9_]{0,62}"));
    check(validateNamespaceName(name).ok() == pattern.match(name).hasMatch(),
          "namespace names are valid exactly when they match ^[a-z_][a-z0-9_]{0,62}$", name);
}

void checkUuid(const QString& text)
{
    // PostgreSQL's uuid input: 32 hex digits, '-' allowed after any group of four, optional braces.
    static const QRegularExpression accepted(QRegularExpression::anchoredPattern(
        u"\\{(?:[0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4}\\}|(?:[0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4}"));
    static const QRegularExpression canonical(
        QRegularExpression::anchoredPattern(u"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    const Result<QString> uuid = canonicalUuid(text);
    check(uuid.ok() == accepted.match(text).hasMatch(),
          "uuids are accepted exactly as PostgreSQL accepts them", text);
    if (!uuid)
        return;
    check(canonical.match(*uuid).hasMatch(), "a canonical uuid is lowercase with dashes at 8-4-4-4-12", text);
    QString digits = text.toLower();
    digits.remove(u'-').remove(u'{').remove(u'}');
    check(QString(*uuid).remove(u'-') == digits, "canonicalising keeps the digits", text);
    const Result<QString> again = canonicalUuid(*uuid);
    check(again && *again == *uuid, "canonicalising is idempotent", text);
}

// Whatever was typed: no crash, and the properties every parsed location has.
void checkTypedText(const QString& text)
{
    const Result<StoreLocation> loc = StoreLocation::parse(text);
    if (!loc) {
        check(!loc.error().message.isEmpty(), "a rejected location has an error text", text);
        return;
    }
    const QString shown = loc->displayName();
    if (loc->backend == StoreLocation::Backend::Sqlite) {
        check(shown == u"sqlite:" + loc->sqlitePath, "an SQLite store shows as sqlite:PATH", text);
        check(!loc->sqlitePath.contains(QChar(0)), "a path holding U+0000 is refused", text);
        check(QDir::isAbsolutePath(loc->sqlitePath), "an SQLite path is absolute", text);
        return;
    }
    check(text.startsWith(u"postgresql://") || text.startsWith(u"postgres://"),
          "only postgresql:// and postgres:// URLs open PostgreSQL", text);
    check(shown.startsWith(u"postgresql://"), "a PostgreSQL store shows as a postgresql:// URL", text);
    StoreLocation withoutPassword = *loc;
    withoutPassword.pgParams.remove(PasswordKey);
    check(withoutPassword.displayName() == shown, "the password does not show in the display name", text);
    check(!loc->pgParams.contains(QStringLiteral("readonly")) &&
              !loc->pgParams.contains(QStringLiteral("conditions")),
          "mdbstudio's own options are not passed on to libpq", text);
    for (auto it = loc->pgParams.cbegin(); it != loc->pgParams.cend(); ++it) {
        check(isKeyword(it.key()), "only libpq keywords reach the connection string", text);
        check(!it.value().contains(QChar(0)), "no U+0000 reaches the connection string", text);
    }
}

void checkPostgresParts(const QStringList& lines)
{
    const auto line = [&lines](qsizetype i) {
        return i < lines.size() ? lines.at(i) : QString();
    };
    const QString user = asciiLower(line(0));
    // User and database are lowercased: a 'P' in the display name can only come from the password.
    const QString password = u"P#" + line(1);
    QString host = QStringLiteral("h");
    for (const QChar c : asciiLower(line(2)).left(60)) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            host += c;
    }
    QString port;
    if (const QString digits = line(3).left(5); !digits.isEmpty())
        port = QString::number(1 + qHash(digits) % 65535);
    const QString db = asciiLower(line(4));

    QMap<QString, QString> expected{{QStringLiteral("host"), host}, {PasswordKey, password}};
    if (!port.isEmpty())
        expected.insert(QStringLiteral("port"), port);
    if (!user.isEmpty())
        expected.insert(QStringLiteral("user"), user);
    if (!db.isEmpty())
        expected.insert(QStringLiteral("dbname"), db);
    QStringList query;
    std::optional<bool> readOnly;
    std::optional<bool> conditions;
    if (lines.size() > 5) {
        for (const QString& option : line(5).split(u'&', Qt::SkipEmptyParts)) {
            const QString key = optionKey(option.at(0));
            const QString value = option.mid(option.at(0).isHighSurrogate() ? 2 : 1); // whole characters
            if (key == u"readonly") {
                if (readOnly)
                    continue;
                readOnly = isTrueOption(value);
            } else if (key == u"conditions") {
                if (conditions)
                    continue;
                conditions = isTrueOption(value);
            } else {
                if (expected.contains(key))
                    continue;
                expected.insert(key, value);
            }
            query += key + u'=' + percentEncoded(value);
        }
    }

    QString url = lines.size() % 2 ? QStringLiteral("postgresql://") : QStringLiteral("postgres://");
    url += percentEncoded(user) + u':' + percentEncoded(password) + u'@' + host;
    const qsizetype hostEnd = url.size();
    if (!port.isEmpty())
        url += u':' + port;
    url += u'/' + percentEncoded(db);
    if (!query.isEmpty())
        url += u'?' + query.join(u'&');

    // Text after the host, without 'P' or '%' (which could spell the password): whatever it
    // breaks, neither the display name nor an error may show the password.
    QString junk = line(6);
    junk.remove(u'P').remove(u'%');
    if (!junk.isEmpty()) {
        url.insert(hostEnd, junk);
        const Result<StoreLocation> broken = StoreLocation::parse(url);
        if (broken) {
            check(!broken->displayName().contains(u'P'), "the display name never contains the password", url);
        } else {
            const QString error = broken.error().message + u'\n' + broken.error().detail;
            check(!error.contains(password) && !error.contains(percentEncoded(password)),
                  "an error never quotes the password", url);
        }
        return;
    }

    const Result<StoreLocation> loc = StoreLocation::parse(url);
    if (std::any_of(expected.cbegin(), expected.cend(),
                    [](const QString& v) { return v.contains(QChar(0)); })) {
        check(!loc.ok(), "a URL holding U+0000 is refused", url);
        return;
    }
    check(loc.ok(), "a well-formed PostgreSQL URL parses", url);
    check(loc->backend == StoreLocation::Backend::Postgres, "a PostgreSQL URL opens PostgreSQL", url);
    check(loc->pgParams == expected, "every part of the URL reaches libpq as it was", url);
    check(loc->readOnly == readOnly.value_or(false), "readonly= is read", url);
    check(loc->conditionsEnabled == conditions.value_or(false), "conditions= is read", url);
    const QString shown = loc->displayName();
    check(!shown.contains(password), "the display name never contains the password", url);
    QString expectedShown = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        expectedShown += user + u'@';
    expectedShown += host;
    if (!port.isEmpty())
        expectedShown += u':' + port;
    expectedShown += u'/' + db;
    check(shown == expectedShown, "the display name is postgresql://user@host:port/dbname", url);
}

void checkSqliteParts(const QStringList& lines)
{
    const QString path = lines.value(1);
    QString url = u"sqlite:" + percentEncoded(path);
    const QString sync = lines.value(2);
    if (lines.size() > 2)
        url += u"?synchronous=" + percentEncoded(sync);
    const Result<StoreLocation> loc = StoreLocation::parse(url);
    const bool normal = sync.compare(u"normal", Qt::CaseInsensitive) == 0;
    const bool full = sync.compare(u"full", Qt::CaseInsensitive) == 0;
    if (path.isEmpty() || path.contains(QChar(0)) || !(sync.isEmpty() || normal || full)) {
        check(!loc.ok(), "an sqlite: URL without a path, with U+0000 or with a bad synchronous= is rejected",
              url);
        return;
    }
    check(loc.ok(), "a well-formed sqlite: URL parses", url);
    check(loc->backend == StoreLocation::Backend::Sqlite, "an sqlite: URL opens SQLite", url);
    check(loc->sqlitePath == QFileInfo(path).absoluteFilePath(), "the path is read as it was written", url);
    check(loc->sqliteSynchronousNormal == normal, "synchronous= is read", url);
    check(loc->displayName() == u"sqlite:" + loc->sqlitePath, "an SQLite store shows as sqlite:PATH", url);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString text = mdbfuzz::utf8Text(data, size);
    checkTypedText(text);
    checkNamespaceName(text);
    checkUuid(text);

    const QStringList lines = text.split(u'\n');
    if (lines.first().startsWith(u's'))
        checkSqliteParts(lines);
    else
        checkPostgresParts(lines);
    return 0;
}
