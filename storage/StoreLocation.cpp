#include "storage/StoreLocation.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace mdb {
namespace {

// A URL part percent-decoded as UTF-8, every character kept. Decoded here rather than by QUrl,
// which turns an encoded U+FFFF into three U+FFFD; and not by QUrl::fromPercentEncoding, whose
// UTF-8 decoding drops a leading U+FEFF (found by fuzz_storelocation; the input is a seed).
QString decoded(const QString& encoded)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return utf8.decode(QByteArray::fromPercentEncoding(encoded.toUtf8()));
}

bool isTrue(const QString& v)
{
    return v == u"1" || v.compare(u"true", Qt::CaseInsensitive) == 0 ||
           v.compare(u"on", Qt::CaseInsensitive) == 0 || v.compare(u"yes", Qt::CaseInsensitive) == 0;
}

// Options of ours that ride on the URL query, next to libpq's own keywords.
void takeStudioOptions(QUrlQuery& query, StoreLocation& loc)
{
    if (query.hasQueryItem(QStringLiteral("readonly"))) {
        loc.readOnly = isTrue(query.queryItemValue(QStringLiteral("readonly")));
        query.removeAllQueryItems(QStringLiteral("readonly"));
    }
    if (query.hasQueryItem(QStringLiteral("conditions"))) {
        loc.conditionsEnabled = isTrue(query.queryItemValue(QStringLiteral("conditions")));
        query.removeAllQueryItems(QStringLiteral("conditions"));
    }
}

Result<StoreLocation> parsePostgres(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        // QUrl's error text goes on to quote the whole URL, password included: only its reason.
        const QString reason = url.errorString().section(QStringLiteral("; source was"), 0, 0);
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("Invalid PostgreSQL URL: %1").arg(reason));
    }
    StoreLocation loc;
    loc.backend = StoreLocation::Backend::Postgres;
    if (!url.host().isEmpty())
        loc.pgParams.insert(QStringLiteral("host"), url.host());
    if (url.port() > 0)
        loc.pgParams.insert(QStringLiteral("port"), QString::number(url.port()));
    if (const QString user = decoded(url.userName(QUrl::FullyEncoded)); !user.isEmpty())
        loc.pgParams.insert(QStringLiteral("user"), user);
    if (const QString password = decoded(url.password(QUrl::FullyEncoded)); !password.isEmpty())
        loc.pgParams.insert(QStringLiteral("password"), password);
    const QString db = decoded(url.path(QUrl::FullyEncoded)).mid(1);
    if (!db.isEmpty())
        loc.pgParams.insert(QStringLiteral("dbname"), db);
    QUrlQuery query(url);
    takeStudioOptions(query, loc);
    if (query.hasQueryItem(QStringLiteral("statement_timeout"))) {
        const QString ms = query.queryItemValue(QStringLiteral("statement_timeout"), QUrl::FullyDecoded);
        bool ok = false;
        const int value = ms.toInt(&ok);
        // Digits only: the value is spliced into SET LOCAL, and a unit suffix would be ambiguous.
        if (!ok || !std::all_of(ms.cbegin(), ms.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
            return StoreError::make(
                ErrorKind::InvalidArgument,
                QStringLiteral("statement_timeout must be a whole number of milliseconds, not \"%1\"")
                    .arg(ms));
        loc.statementTimeoutMs = value;
        query.removeAllQueryItems(QStringLiteral("statement_timeout"));
    }
    for (const auto& [encodedKey, encodedValue] : query.queryItems(QUrl::FullyEncoded)) {
        const QString key = decoded(encodedKey);
        const QString value = decoded(encodedValue);
        // libpq's keywords are lowercase letters and '_'. Anything else (a decoded '=', ';' or
        // space) would carry keywords of its own into the connection string, sslmode=disable say.
        if (key.isEmpty() || !std::all_of(key.cbegin(), key.cend(),
                                          [](QChar c) { return (c >= u'a' && c <= u'z') || c == u'_'; }))
            return StoreError::make(ErrorKind::InvalidArgument,
                                    QStringLiteral("Invalid connection option \"%1\"").arg(key));
        loc.pgParams.insert(key, value);
    }
    // libpq reads its connection string as C text: U+0000 would cut it short.
    for (const QString& value : std::as_const(loc.pgParams)) {
        if (value.contains(QChar(0)))
            return StoreError::make(ErrorKind::InvalidArgument,
                                    QStringLiteral("The PostgreSQL URL holds a NUL character"));
    }
    return loc;
}

Result<StoreLocation> parseSqlite(const QString& path, QUrlQuery query)
{
    StoreLocation loc;
    loc.backend = StoreLocation::Backend::Sqlite;
    takeStudioOptions(query, loc);
    const QString sync = query.queryItemValue(QStringLiteral("synchronous"));
    if (!sync.isEmpty() && sync.compare(u"normal", Qt::CaseInsensitive) != 0 &&
        sync.compare(u"full", Qt::CaseInsensitive) != 0)
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("synchronous must be full or normal, not \"%1\"").arg(sync));
    loc.sqliteSynchronousNormal = sync.compare(u"normal", Qt::CaseInsensitive) == 0;
    // A file name ends at U+0000: "/tmp/a\0/b" would open /tmp/a.
    if (path.contains(QChar(0)))
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("The SQLite path holds a NUL character"));
    const QFileInfo info(path);
    loc.sqlitePath = info.absoluteFilePath();
    loc.sqliteSingleFile = info.isFile() || (!info.exists() && path.endsWith(QStringLiteral(".db")));
    return loc;
}

} // namespace

QString StoreLocation::displayName() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite:") + sqlitePath;
    QString s = QStringLiteral("postgresql://");
    if (pgParams.contains(QStringLiteral("user")))
        s += pgParams.value(QStringLiteral("user")) + u'@';
    s += pgParams.value(QStringLiteral("host"), QStringLiteral("(default host)"));
    if (pgParams.contains(QStringLiteral("port")))
        s += u':' + pgParams.value(QStringLiteral("port"));
    s += u'/' + pgParams.value(QStringLiteral("dbname"));
    return s;
}

Result<StoreLocation> StoreLocation::parse(const QString& text)
{
    if (text.startsWith(QStringLiteral("postgresql://")) || text.startsWith(QStringLiteral("postgres://")))
        return parsePostgres(text);
    if (text.startsWith(QStringLiteral("sqlite:"))) {
        QString rest = text.mid(7);
        QUrlQuery query;
        if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
            query = QUrlQuery(rest.mid(q + 1));
            rest = rest.left(q);
        }
        if (rest.startsWith(QStringLiteral("//")))
            rest = rest.mid(2);
        if (rest.isEmpty())
            return StoreError::make(ErrorKind::InvalidArgument,
                                    QStringLiteral("The sqlite: URL names no path"));
        return parseSqlite(decoded(rest), query);
    }
    if (text.contains(QStringLiteral("://")))
        return StoreError::make(
            ErrorKind::InvalidArgument,
            QStringLiteral("Unknown store URL \"%1\": use postgresql://, sqlite: or a path").arg(text));
    if (text.isEmpty())
        return StoreError::make(ErrorKind::InvalidArgument, QStringLiteral("No store named"));
    return parseSqlite(text, {});
}

StoreLocation StoreLocation::embeddedDefault()
{
    StoreLocation loc;
    loc.backend = Backend::Sqlite;
    loc.sqlitePath = QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                         .absoluteFilePath(QStringLiteral("store"));
    return loc;
}

} // namespace mdb
