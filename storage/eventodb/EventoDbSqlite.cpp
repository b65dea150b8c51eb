#include "storage/eventodb/EventoDbSqlite.h"

#include "storage/Hash64.h"
#include "storage/MessageDbRules.h"
#include "storage/SqlSupport.h"
#include "storage/StreamName.h"
#include "storage/Uuid.h"
#include "storage/eventodb/EventoDbNames.h"
#include "storage/sqlite/SqliteSupport.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

namespace mdb::eventodb {

using mdb::sqlite::prepared;
using mdb::sqlite::toStoreError;
using mdb::sqlite::Transaction;

namespace {

// Runs `use` on a read-only connection of its own to `file`, closed again afterwards. Opening
// read-only never creates the file.
template <typename Use>
auto withReadOnlyFile(const QString& file, Use use) -> decltype(use(std::declval<QSqlDatabase&>()))
{
    static std::atomic<int> serial{0};
    const QString name = QStringLiteral("eventodb-registry-%1").arg(serial++);
    using Answer = decltype(use(std::declval<QSqlDatabase&>()));
    std::optional<Answer> answer;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open())
            answer = use(db);
        else
            answer = Answer(toStoreError(db.lastError(), QStringLiteral("Cannot open %1").arg(file)));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return std::move(*answer);
}

// Whether `db` holds EventoDB's registry: a namespaces table with its token_hash and db_path.
bool holdsRegistry(const QSqlDatabase& db)
{
    Result<QSqlQuery> columns = prepared(db, QStringLiteral("PRAGMA table_info(namespaces)"), {});
    if (!columns)
        return false;
    QStringList names;
    while (columns->next())
        names << columns->value(1).toString();
    return names.contains(QStringLiteral("id")) && names.contains(QStringLiteral("token_hash")) &&
           names.contains(QStringLiteral("db_path"));
}

StoreError notOpenable(const QString& id, const QString& why)
{
    return StoreError::make(ErrorKind::NotFound,
                            QStringLiteral("EventoDB namespace \"%1\" cannot be opened: %2").arg(id, why));
}

// Resolves where a registered namespace's file is, as EventoDB computes it: the recorded db_path
// when it is absolute and there, else <metadata dir>/<id>.db.
void resolve(SqliteNamespace& ns, const QDir& metadataDir)
{
    if (ns.recordedPath.startsWith(QStringLiteral("file:")) &&
        ns.recordedPath.contains(QStringLiteral("mode=memory"))) {
        ns.state = SqliteNamespace::State::InMemory;
        ns.problem = notOpenable(
            ns.id,
            QStringLiteral("it lives in the memory of the EventoDB server that made it (%1), not in a file")
                .arg(ns.recordedPath));
        return;
    }
    if (Status safe = checkSqliteNamespaceId(ns.id); !safe) {
        ns.state = SqliteNamespace::State::Refused;
        ns.problem = safe.error();
        return;
    }
    const QFileInfo recorded(ns.recordedPath);
    if (!ns.recordedPath.isEmpty() && recorded.isAbsolute() && recorded.isFile()) {
        ns.file = recorded.absoluteFilePath();
        return;
    }
    const QString fallback = metadataDir.absoluteFilePath(ns.id + QStringLiteral(".db"));
    ns.file = fallback;
    if (QFileInfo(fallback).isFile())
        return;
    ns.state = SqliteNamespace::State::NotCreated;
    ns.problem = notOpenable(ns.id, QStringLiteral("its file %1 does not exist yet (EventoDB creates it on "
                                                   "the namespace's first use)")
                                        .arg(fallback));
}

void appendGoString(QByteArray& out, const QString& text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = quint8(utf8.at(i));
        switch (c) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        // Go escapes control characters and, for HTML's sake, <, > and &.
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
            continue;
        }
        // U+2028 and U+2029 (E2 80 A8 / E2 80 A9) break JavaScript strings: Go escapes them too.
        if (c == 0xE2 && i + 2 < utf8.size() && quint8(utf8.at(i + 1)) == 0x80 &&
            (quint8(utf8.at(i + 2)) == 0xA8 || quint8(utf8.at(i + 2)) == 0xA9)) {
            out += quint8(utf8.at(i + 2)) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
            continue;
        }
        out += char(c);
    }
    out += '"';
}

void appendGoNumber(QByteArray& out, double value)
{
    // As Go's float64 encoder: shortest digits, plain below 1e21 and from 1e-6 on, else an
    // exponent, with e-07 written e-7.
    const double magnitude = std::fabs(value);
    if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
        QByteArray text = QByteArray::number(value, 'e', QLocale::FloatingPointShortest);
        const qsizetype n = text.size();
        if (n >= 4 && text.at(n - 4) == 'e' && text.at(n - 3) == '-' && text.at(n - 2) == '0')
            text.remove(n - 2, 1);
        out += text;
        return;
    }
    out += QByteArray::number(value, 'f', QLocale::FloatingPointShortest);
}

void appendGoValue(QByteArray& out, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        return;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        return;
    case QJsonValue::Double:
        appendGoNumber(out, value.toDouble());
        return;
    case QJsonValue::String:
        appendGoString(out, value.toString());
        return;
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i)
                out += ',';
            appendGoValue(out, array.at(i));
        }
        out += ']';
        return;
    }
    case QJsonValue::Object: {
        // Go sorts a map's keys by their bytes; QJsonObject's own order is by UTF-16.
        const QJsonObject object = value.toObject();
        std::map<QByteArray, QString> keys;
        for (auto it = object.begin(); it != object.end(); ++it)
            keys.emplace(it.key().toUtf8(), it.key());
        out += '{';
        bool first = true;
        for (const auto& [bytes, key] : keys) {
            if (!first)
                out += ',';
            first = false;
            appendGoString(out, key);
            out += ':';
            appendGoValue(out, object.value(key));
        }
        out += '}';
        return;
    }
    }
}

QByteArray jsonBlob(const std::optional<QString>& text, Result<QByteArray>& encoded)
{
    if (!text)
        return {};
    encoded = goJsonText(*text);
    return encoded ? *encoded : QByteArray();
}

Status refuseCondition(const std::optional<QString>& condition)
{
    if (!condition)
        return Done{};
    return StoreError::make(ErrorKind::InvalidArgument,
                            QStringLiteral("EventoDB namespaces take no SQL condition"));
}

} // namespace

std::optional<QString> findSqliteRegistry(const QString& path, bool isFile)
{
    const auto isRegistry = [](const QString& file) {
        return withReadOnlyFile(file, [](QSqlDatabase& db) -> Result<bool> { return holdsRegistry(db); })
            .value_or(false);
    };
    if (isFile)
        return QFileInfo(path).isFile() && isRegistry(path) ? std::optional<QString>(path) : std::nullopt;
    const QDir dir(path);
    QStringList candidates = dir.entryList({QStringLiteral("*.db")}, QDir::Files, QDir::Name);
    const QString preferred = QString::fromLatin1(DefaultMetadataFile);
    if (candidates.removeAll(preferred))
        candidates.prepend(preferred);
    for (const QString& file : std::as_const(candidates)) {
        if (isRegistry(dir.absoluteFilePath(file)))
            return dir.absoluteFilePath(file);
    }
    return std::nullopt;
}

Result<QList<SqliteNamespace>> readSqliteRegistry(const QString& metadataFile)
{
    const QDir metadataDir = QFileInfo(metadataFile).absoluteDir();
    return withReadOnlyFile(metadataFile, [&](QSqlDatabase& db) -> Result<QList<SqliteNamespace>> {
        Result<QSqlQuery> rows = prepared(
            db,
            QStringLiteral("SELECT id, db_path, coalesce(description, ''), created_at FROM namespaces "
                           "ORDER BY id"),
            {});
        if (!rows)
            return StoreError::make(rows.error().kind,
                                    QStringLiteral("Cannot read EventoDB's registry %1: %2")
                                        .arg(metadataFile, rows.error().message));
        QList<SqliteNamespace> namespaces;
        while (rows->next()) {
            SqliteNamespace ns;
            ns.id = rows->value(0).toString();
            ns.recordedPath = rows->value(1).toString();
            ns.description = rows->value(2).toString();
            ns.createdAtSeconds = rows->value(3).toLongLong();
            resolve(ns, metadataDir);
            namespaces << ns;
        }
        return namespaces;
    });
}

Result<int> sqliteSchemaVersion(const QSqlDatabase& db, const SqliteNamespace& ns)
{
    Result<QSqlQuery> tables = prepared(
        db,
        QStringLiteral("SELECT count(*) FILTER (WHERE name = 'messages'), count(*) FILTER (WHERE name = "
                       "'_schema_version') FROM sqlite_master WHERE type = 'table'"),
        {});
    if (!tables)
        return tables.error();
    if (!tables->next() || tables->value(0).toInt() == 0)
        return StoreError::make(
            ErrorKind::NotFound,
            QStringLiteral("EventoDB namespace \"%1\" is registered, but its file %2 holds no messages table")
                .arg(ns.id, ns.file));
    if (tables->value(1).toInt() == 0)
        return StoreError::make(
            ErrorKind::InvalidArgument,
            QStringLiteral(
                "EventoDB namespace \"%1\" has no schema version (%2 has no _schema_version table)")
                .arg(ns.id, ns.file));
    tables->finish();
    Result<QSqlQuery> version = prepared(db, QStringLiteral("SELECT max(version) FROM _schema_version"), {});
    if (!version)
        return version.error();
    const int schemaVersion = version->next() ? version->value(0).toInt() : 0;
    if (Status known = checkSchemaVersion(ns.id, schemaVersion); !known)
        return known.error();
    return schemaVersion;
}

Result<QByteArray> goJsonText(const QString& json)
{
    // Wrapped in an array, so that a scalar parses too.
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[" + json.toUtf8() + "]"), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("invalid input syntax for type json"),
                                QStringLiteral("22P02"));
    QByteArray out;
    appendGoValue(out, doc.array().at(0));
    return out;
}

namespace sqlite {

Result<MessageList> streamMessages(const QSqlDatabase& db, const NamespaceSql& ns, const StreamQuery& query)
{
    if (Status text = MessageDbRules::checkText(query.streamName); !text)
        return text.error();
    if (Status none = refuseCondition(query.condition); !none)
        return none.error();
    QString sql = QStringLiteral("SELECT %1 FROM messages WHERE stream_name = ? AND position >= ? "
                                 "ORDER BY position")
                      .arg(ns.messageColumns());
    QVariantList values{query.streamName, query.position.value_or(MessageDbRules::DefaultStreamPosition)};
    // EventoDB's SQLite reads take a batch size of 0 or below as no limit.
    const qint64 batch = query.batchSize.value_or(MessageDbRules::DefaultBatchSize);
    if (batch > 0) {
        sql += QStringLiteral(" LIMIT ?");
        values << batch;
    }
    return prepared(db, sql, values).transform(SqlSupport::readMessages);
}

Result<MessageList> categoryMessages(const QSqlDatabase& db, const NamespaceSql& ns,
                                     const CategoryQuery& query)
{
    for (const std::optional<QString>& text : {std::optional<QString>(query.category), query.correlation}) {
        if (text)
            if (Status ok = MessageDbRules::checkText(*text); !ok)
                return ok.error();
    }
    if (Status none = refuseCondition(query.condition); !none)
        return none.error();
    const bool grouped = query.consumerGroupMember && query.consumerGroupSize;
    if (grouped && *query.consumerGroupSize < 1)
        return StoreError::raised(
            QStringLiteral("Consumer group size must not be less than 1 (Consumer Group Member: %1, "
                           "Consumer Group Size: %2)")
                .arg(*query.consumerGroupMember)
                .arg(*query.consumerGroupSize));
    QString sql =
        QStringLiteral("SELECT %1 FROM messages WHERE global_position >= ?").arg(ns.messageColumns());
    QVariantList values{query.position.value_or(MessageDbRules::DefaultCategoryPosition)};
    // An empty category reads the whole namespace (EventoDB's schema version 2).
    if (!query.category.isEmpty()) {
        sql += QStringLiteral(" AND %1 = ?").arg(ns.categoryOf);
        values << query.category;
    }
    if (query.correlation) {
        // EventoDB's own predicate: a LIKE pattern, with its case folding and wildcards.
        sql += QStringLiteral(" AND json_extract(%1, '$.correlationStreamName') LIKE ?").arg(ns.metadata);
        values << QString(*query.correlation + QStringLiteral("-%"));
    }
    sql += QStringLiteral(" ORDER BY global_position");
    const qint64 batch = query.batchSize.value_or(MessageDbRules::DefaultBatchSize);
    if (batch > 0 && !grouped) {
        sql += QStringLiteral(" LIMIT ?");
        values << batch;
    }
    Result<QSqlQuery> q = prepared(db, sql, values);
    if (!q)
        return q.error();
    if (!grouped)
        return SqlSupport::readMessages(*q);
    const qint64 size = *query.consumerGroupSize;
    // Go's cardinal id of a stream without an id is "", which it hashes like any other.
    return SqlSupport::readMemberMessages(
        *q, *query.consumerGroupMember,
        [size](const QString& stream) -> Result<std::optional<qint64>> {
            return consumerGroupMemberOfHash(hash64(StreamName::cardinalId(stream).value_or(QString())),
                                             size);
        },
        batch);
}

Result<std::optional<Message>> lastStreamMessage(const QSqlDatabase& db, const NamespaceSql& ns,
                                                 const LastMessageQuery& query)
{
    if (Status text = MessageDbRules::checkText(query.streamName); !text)
        return text.error();
    QString sql = QStringLiteral("SELECT %1 FROM messages WHERE stream_name = ?").arg(ns.messageColumns());
    QVariantList values{query.streamName};
    // EventoDB's SQLite store takes an empty type as no type at all.
    if (query.type && !query.type->isEmpty()) {
        sql += QStringLiteral(" AND type = ?");
        values << *query.type;
    }
    sql += QStringLiteral(" ORDER BY position DESC LIMIT 1");
    return prepared(db, sql, values).transform(SqlSupport::readFirstMessage);
}

Result<std::optional<qint64>> streamVersion(const QSqlDatabase& db, const QString& streamName)
{
    if (Status text = MessageDbRules::checkText(streamName); !text)
        return text.error();
    Result<QSqlQuery> q = prepared(
        db, QStringLiteral("SELECT max(position) FROM messages WHERE stream_name = ?"), {streamName});
    if (!q)
        return q.error();
    if (!q->next() || q->value(0).isNull())
        return std::optional<qint64>{};
    return std::optional<qint64>{q->value(0).toLongLong()};
}

Result<QList<qint64>> writeMessages(const QSqlDatabase& db, const QList<WriteRequest>& requests)
{
    struct Row
    {
        QString id;
        QByteArray data;
        QByteArray metadata;
    };
    // Everything that needs no database first, so that a bad message changes nothing.
    QList<Row> rows;
    for (const WriteRequest& r : requests) {
        if (Status text = MessageDbRules::checkWriteRequest(r); !text)
            return text.error();
        if (r.streamName.isEmpty())
            return MessageDbRules::notNullViolation(QStringLiteral("stream_name"));
        if (r.type.isNull())
            return MessageDbRules::notNullViolation(QStringLiteral("type"));
        Row row;
        Result<QByteArray> encoded = QByteArray();
        row.data = jsonBlob(r.data, encoded);
        if (!encoded)
            return encoded.error();
        row.metadata = jsonBlob(r.metadata, encoded);
        if (!encoded)
            return encoded.error();
        if (r.id) {
            Result<QString> id = canonicalUuid(*r.id);
            if (!id)
                return id.error();
            row.id = *id;
        } else {
            row.id = newUuid();
        }
        rows << row;
    }
    Transaction tx(db);
    if (Status begun = tx.begin(true); !begun)
        return begun.error();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QHash<QString, qint64> versions; // a stream written twice in one call
    QList<qint64> positions;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const WriteRequest& r = requests.at(i);
        auto version = versions.find(r.streamName);
        if (version == versions.end()) {
            Result<std::optional<qint64>> current = streamVersion(db, r.streamName);
            if (!current)
                return current.error();
            version = versions.insert(r.streamName, current->value_or(-1));
        }
        if (r.expectedVersion && *r.expectedVersion != *version)
            return MessageDbRules::wrongExpectedVersion(*r.expectedVersion, r.streamName, *version);
        const qint64 position = *version + 1;
        const Row& row = rows.at(i);
        // QByteArray binds as a BLOB, as EventoDB's server binds its JSON.
        Result<QSqlQuery> inserted = prepared(
            db,
            QStringLiteral("INSERT INTO messages (id, stream_name, type, position, data, metadata, time) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {row.id, r.streamName, r.type, position,
             row.data.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(row.data),
             row.metadata.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(row.metadata),
             now});
        if (!inserted) {
            if (inserted.error().kind == ErrorKind::Conflict &&
                inserted.error().message.contains(QStringLiteral("messages.id")))
                return MessageDbRules::duplicateMessageId(row.id);
            return inserted.error();
        }
        *version = position;
        positions << position;
    }
    if (Status committed = tx.commit(); !committed)
        return committed.error();
    return positions;
}

} // namespace sqlite

} // namespace mdb::eventodb
