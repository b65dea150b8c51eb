#include "storage/sqlite/SqliteStore.h"

#include "storage/sqlite/SqliteQueries.h"

#include "storage/Hash64.h"
#include "storage/JsonbText.h"
#include "storage/MessageDbRules.h"
#include "storage/NamespaceName.h"
#include "storage/SqlSupport.h"
#include "storage/StoreLayout.h"
#include "storage/Uuid.h"
#include "storage/query/FilterSql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace mdb {

namespace queries = sqlite::queries;

namespace {

constexpr qint64 ApplicationId = 0x4D444253; // "MDBS", set by sqlite/sql/namespace.sql
constexpr int CurrentLayout = 1;             // PRAGMA user_version, set there too
constexpr int BusyTimeoutMs = 5000;

const QString MessageColumns = queries::messageColumns();

StoreError toStoreError(const QSqlError& e, const QString& context = {})
{
    // QSQLITE gives sqlite3_errmsg() and the extended result code as the native code.
    QString text = e.databaseText();
    if (text.isEmpty())
        text = e.driverText();
    return sqliteStoreError(e.nativeErrorCode().toInt(), text, context);
}

// One transaction on a connection; rolls back unless committed.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db)
        : m_db(std::move(db))
    {}
    ~Transaction()
    {
        if (m_open)
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    }
    // IMMEDIATE takes the write lock up front, so the version read and the insert see one state.
    Status begin(bool immediate)
    {
        QSqlQuery q(m_db);
        if (!q.exec(immediate ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")))
            return toStoreError(q.lastError());
        m_open = true;
        return Done{};
    }
    Status commit()
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("COMMIT")))
            return toStoreError(q.lastError(), QStringLiteral("COMMIT failed"));
        m_open = false;
        return Done{};
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

Result<QSqlQuery> prepared(const QSqlDatabase& db, const QString& sql, const QVariantList& values)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return toStoreError(q.lastError());
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec())
        return toStoreError(q.lastError());
    return q;
}

} // namespace

SqliteStore::SqliteStore(StoreLocation location)
    : m_location(std::move(location))
    , m_connections(QStringLiteral("QSQLITE"), QStringLiteral("sqlite"))
{}

Status SqliteStore::prepare()
{
    if (m_location.sqliteSingleFile) {
        // An existing file is opened now, so that one that is not a store is told at once.
        if (!QFileInfo::exists(m_location.sqlitePath))
            return Done{};
        Result<QSqlDatabase> db = connection(defaultNamespace());
        return db ? Status(Done{}) : Status(db.error());
    }
    const QFileInfo dir(m_location.sqlitePath);
    if (dir.exists() && !dir.isDir())
        return StoreError::make(
            ErrorKind::Connection,
            QStringLiteral("%1 is not a directory or an SQLite file").arg(m_location.sqlitePath));
    if (!dir.exists()) {
        if (m_location.readOnly)
            return StoreError::make(
                ErrorKind::NotFound,
                QStringLiteral("The store directory %1 does not exist").arg(m_location.sqlitePath));
        if (!QDir().mkpath(m_location.sqlitePath))
            return StoreError::make(
                ErrorKind::Connection,
                QStringLiteral("Cannot create the store directory %1").arg(m_location.sqlitePath));
    }
    return Done{};
}

QString SqliteStore::defaultNamespace() const
{
    if (!m_location.sqliteSingleFile)
        return defaultNamespaceName();
    const QString stem = QFileInfo(m_location.sqlitePath).completeBaseName();
    return validateNamespaceName(stem) ? stem : defaultNamespaceName();
}

QString SqliteStore::namespaceFile(const QString& ns) const
{
    if (m_location.sqliteSingleFile)
        return m_location.sqlitePath;
    return QDir(m_location.sqlitePath).absoluteFilePath(ns + QStringLiteral(".db"));
}

Result<QSqlDatabase> SqliteStore::connection(const QString& ns, bool create)
{
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid.error();
    if (m_location.sqliteSingleFile && ns != defaultNamespace())
        return namespaceNotFound(ns);
    const QString path = namespaceFile(ns);
    if (!create && !QFileInfo::exists(path)) {
        // A file deleted behind our back must not keep a stale connection alive.
        m_connections.discard(ns);
        return namespaceNotFound(ns);
    }
    return m_connections.connection(ns, [this, &path, ns, create](QSqlDatabase& db) -> Status {
        db.setDatabaseName(path);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs);
        if (m_location.readOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        db.setConnectOptions(options);
        if (!db.open())
            return toStoreError(db.lastError(), QStringLiteral("Cannot open %1").arg(path));
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
            return toStoreError(q.lastError(), QStringLiteral("Cannot read %1").arg(path));
        const qint64 appId = q.value(0).toLongLong();
        if (!create && appId != ApplicationId) {
            q.finish();
            if (!q.exec(QStringLiteral(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'")) ||
                !q.next())
                return StoreError::make(ErrorKind::NotFound,
                                        QStringLiteral("%1 holds no Message DB messages table").arg(path));
        }
        q.finish();
        if (!m_location.readOnly) {
            if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
                return toStoreError(q.lastError(), QStringLiteral("Cannot switch %1 to WAL").arg(path));
            q.finish();
        }
        // FULL survives power loss; NORMAL (an explicit option) may lose the last commits in WAL mode.
        if (!q.exec(m_location.sqliteSynchronousNormal ? QStringLiteral("PRAGMA synchronous = NORMAL")
                                                       : QStringLiteral("PRAGMA synchronous = FULL")))
            return toStoreError(q.lastError());
        return Done{};
    });
}

Result<QStringList> SqliteStore::listNamespaces()
{
    if (m_location.sqliteSingleFile)
        return QStringList{defaultNamespace()};
    QStringList names;
    const QStringList files =
        QDir(m_location.sqlitePath).entryList({QStringLiteral("*.db")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const QString stem = file.chopped(3);
        if (validateNamespaceName(stem))
            names << stem;
    }
    return names;
}

Status SqliteStore::createNamespace(const QString& ns)
{
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid;
    if (m_location.readOnly)
        return StoreError::make(ErrorKind::ReadOnly, QStringLiteral("The store is open read-only"));
    const QString path = namespaceFile(ns);
    if (QFileInfo::exists(path))
        return namespaceAlreadyExists(ns);
    const auto failed = [this, &ns, &path](const StoreError& e) {
        m_connections.removeAll(ns);
        closeWriter(ns);
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
        StoreError err = e;
        err.message = QStringLiteral("Cannot create namespace \"%1\" at %2: %3").arg(ns, path, e.message);
        return err;
    };
    Result<QSqlDatabase> db = connection(ns, true);
    if (!db)
        return failed(db.error());
    Transaction tx(*db);
    if (Status b = tx.begin(true); !b)
        return failed(b.error());
    const QString script = SqlSupport::loadScript(QStringLiteral(":/mdbstudio/sqlite/sql/namespace.sql"));
    for (const QString& statement : SqlSupport::splitScript(script)) {
        QSqlQuery q(*db);
        if (!q.exec(statement))
            return failed(toStoreError(q.lastError()));
    }
    if (Status c = tx.commit(); !c)
        return failed(c.error());
    return Done{};
}

Status SqliteStore::dropNamespace(const QString& ns)
{
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid;
    if (m_location.readOnly)
        return StoreError::make(ErrorKind::ReadOnly, QStringLiteral("The store is open read-only"));
    if (m_location.sqliteSingleFile)
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("A single-file store cannot drop its only namespace"));
    const QString path = namespaceFile(ns);
    if (!QFileInfo::exists(path))
        return namespaceNotFound(ns);
    m_connections.removeAll(ns);
    closeWriter(ns);
    if (!QFile::remove(path))
        return StoreError::make(ErrorKind::Internal, QStringLiteral("Cannot delete %1").arg(path));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    return Done{};
}

// A namespace file's layout: mdbstudio's when its application id says so, with the layout number
// PRAGMA user_version records.
static Result<StoreLayout> layoutOf(const QSqlDatabase& db)
{
    Result<QSqlQuery> id = prepared(db, QStringLiteral("PRAGMA application_id"), {});
    if (!id)
        return id.error();
    if (!id->next() || id->value(0).toLongLong() != ApplicationId)
        return StoreLayout::unknownSqlite();
    Result<QSqlQuery> version = prepared(db, QStringLiteral("PRAGMA user_version"), {});
    if (!version)
        return version.error();
    return StoreLayout::mdbstudioSqlite(version->next() ? version->value(0).toInt() : 0);
}

Result<NamespaceInfo> SqliteStore::describeNamespace(const QString& ns)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    NamespaceInfo info;
    info.name = ns;
    info.location = namespaceFile(ns);
    Result<StoreLayout> layout = layoutOf(*db);
    if (!layout)
        return layout.error();
    info.kind = layout->kind();
    info.rules = layout->rulesSummary();
    if (layout->madeByMdbstudio()) {
        info.messageStoreVersion = QString::fromLatin1(MessageDbRules::Version);
        info.layout = layout->version;
        info.currentLayout = CurrentLayout;
    }
    Result<QSqlQuery> idx = prepared(
        *db,
        QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name"),
        {});
    if (!idx)
        return idx.error();
    while (idx->next())
        info.indexes << idx->value(0).toString();
    // max(rowid) is an index lookup; with no deletes it is also the row count.
    Result<QSqlQuery> last = prepared(*db, QStringLiteral("SELECT max(global_position) FROM messages"), {});
    if (!last)
        return last.error();
    if (last->next() && !last->value(0).isNull()) {
        info.lastGlobalPosition = last->value(0).toLongLong();
        info.approximateMessageCount = *info.lastGlobalPosition;
    }
    return info;
}

Result<LayoutUpgrade> SqliteStore::upgradeNamespace(const QString& ns)
{
    Result<StoreLayout> layout = connection(ns).and_then([](const QSqlDatabase& db) { return layoutOf(db); });
    if (!layout)
        return layout.error();
    if (!layout->madeByMdbstudio())
        return namespaceNotMadeByMdbstudio(ns);
    // Layout 1 is the only SQLite layout so far: there is nothing to bring up to date yet.
    return LayoutUpgrade{layout->version, layout->version};
}

Result<QStringList> SqliteStore::listCategories(const QString& ns)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    Result<QSqlQuery> q = prepared(*db, queries::listCategories(), {});
    if (!q)
        return q.error();
    QStringList names;
    while (q->next())
        names << q->value(0).toString();
    return names;
}

Result<QList<SummaryRow>> SqliteStore::summary(const QString& ns, SummaryKind kind)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    return prepared(*db,
                    QStringLiteral("SELECT %1, count(*) FROM messages GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")
                        .arg(SqlSupport::summaryGroupColumns(kind, QStringLiteral("category"))),
                    {})
        .transform(SqlSupport::readSummary);
}

Result<CategoryStats> SqliteStore::categoryStats(const QString& ns, const QString& category)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    return prepared(*db, queries::categoryStats(), {category}).transform(SqlSupport::readCategoryStats);
}

Result<MessageList> SqliteStore::categoryMessagesBefore(const QString& ns, const QString& category,
                                                        qint64 beforeGlobalPosition, qint64 count)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    Result<QSqlQuery> q = prepared(*db, queries::categoryMessagesBefore(),
                                   {category, beforeGlobalPosition, std::max<qint64>(count, 0)});
    if (!q)
        return q.error();
    return SqlSupport::readMessagesNewestFirst(*q);
}

Result<QList<StreamSighting>> SqliteStore::categoryStreamSightings(const QString& ns, const QString& category,
                                                                   qint64 fromGlobalPosition,
                                                                   qint64 scanCount)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    return prepared(*db, queries::categoryStreamSightings(),
                    {category, fromGlobalPosition, std::max<qint64>(scanCount, 0)})
        .transform(SqlSupport::readSightings);
}

Result<CategoryStreams> SqliteStore::categoryStreams(const QString& ns, const QString& category,
                                                     qint64 newestCount)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    Transaction tx(*db); // one snapshot for both reads
    if (Status begun = tx.begin(false); !begun)
        return begun.error();
    CategoryStreams result;
    {
        // A range of the stream index, counted from the index alone.
        Result<QSqlQuery> totals = prepared(*db, queries::categoryStreamTotals(),
                                            {QString(category + u'-'), QString(category + u'.'), category});
        if (!totals)
            return totals.error();
        result.streams = SqlSupport::readStreamTotals(*totals);
    }
    if (newestCount > 0) {
        Result<QSqlQuery> newest = prepared(*db, queries::categoryNewest(), {category, newestCount});
        if (!newest)
            return newest.error();
        result.newest = SqlSupport::readSightings(*newest);
    }
    if (Status done = tx.commit(); !done)
        return done.error();
    return result;
}

Result<qint64> SqliteStore::countCategoryMessages(const QString& ns, const QString& category,
                                                  qint64 fromGlobalPosition)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    Result<QSqlQuery> q = prepared(*db, queries::countCategoryMessages(), {category, fromGlobalPosition});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QStringList> SqliteStore::streamNames(const QString& ns)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    return prepared(*db, queries::streamNames(), {}).transform(SqlSupport::readTexts);
}

Result<FindChunk> SqliteStore::findMessages(const QString& ns, const FindQuery& query)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    QVariantList values;
    const bool stream = query.scope == FindQuery::Scope::Stream;
    QString scope;
    if (query.scope == FindQuery::Scope::Category) {
        scope = QStringLiteral("category = ? AND ");
        values << query.scopeName;
    } else if (stream) {
        scope = QStringLiteral("stream_name = ? AND ");
        values << query.scopeName;
    }
    values << query.from << query.to;
    const Result<QString> condition = query::renderSql(query.filter, query::Dialect::Sqlite,
                                                       query::SqlColumns{}, [&values](const QVariant& v) {
                                                           values << v;
                                                           return QStringLiteral("?");
                                                       });
    if (!condition)
        return condition.error();
    values << std::max<qint64>(query.limit, 0);
    const QString key = stream ? QStringLiteral("position") : QStringLiteral("global_position");
    if (query.cancel && query.cancel->isCancelled())
        return sqliteStoreError(SQLITE_INTERRUPT, QStringLiteral("interrupted"));
    sqlite3* handle = nullptr;
    if (const QVariant h = db->driver()->handle(); h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0)
        handle = *static_cast<sqlite3* const*>(h.constData());
    // sqlite3_interrupt may be called from any thread while the statement runs.
    const QueryCancel::Running armed(query.cancel.get(), [handle] {
        if (handle)
            sqlite3_interrupt(handle);
    });
    Result<QSqlQuery> rows = prepared(
        *db,
        QStringLiteral("SELECT %1 FROM messages WHERE %2%3 BETWEEN ? AND ? AND %4 ORDER BY %3 LIMIT ?")
            .arg(MessageColumns, scope, key, *condition),
        values);
    if (!rows)
        return rows.error();
    FindChunk chunk = SqlSupport::readFindChunk(*rows, query);
    if (query.cancel && query.cancel->isCancelled()) // an interrupt may end the rows early
        return sqliteStoreError(SQLITE_INTERRUPT, QStringLiteral("interrupted"));
    return chunk;
}

Result<std::optional<Message>> SqliteStore::messageNear(const QString& ns,
                                                        const std::optional<QString>& category,
                                                        qint64 globalPosition, bool backward)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    QVariantList values;
    if (category)
        values << *category;
    values << globalPosition;
    return prepared(*db,
                    QStringLiteral(
                        "SELECT %1 FROM messages WHERE %2global_position %3 ? ORDER BY global_position %4 "
                        "LIMIT 1")
                        .arg(MessageColumns, category ? QStringLiteral("category = ? AND ") : QString(),
                             backward ? QStringLiteral("<") : QStringLiteral(">="),
                             backward ? QStringLiteral("DESC") : QStringLiteral("ASC")),
                    values)
        .transform(SqlSupport::readFirstMessage);
}

Result<QList<qint64>> SqliteStore::writeMessages(const QString& ns, const QList<WriteRequest>& requests)
{
    // Everything that needs no database is done here, in the caller's thread, so that the leader
    // of a group (GroupCommit.cpp) only binds bytes and steps prepared statements.
    // JSON is checked first, as PostgreSQL casts the jsonb arguments before write_message runs.
    std::vector<EncodedWrite> encoded(size_t(requests.size()));
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const WriteRequest& r = requests.at(i);
        if (Status text = MessageDbRules::checkWriteRequest(r); !text)
            return text.error();
        EncodedWrite& e = encoded[size_t(i)];
        for (const auto& [in, out] :
             {std::pair{&r.data, &e.dataUtf8}, std::pair{&r.metadata, &e.metadataUtf8}}) {
            if (!*in)
                continue;
            Result<QString> text = toJsonbText(**in);
            if (!text)
                return text.error();
            *out = text->toUtf8();
        }
    }
    if (Status valid = validateNamespaceName(ns); !valid)
        return valid.error();
    if (m_location.sqliteSingleFile && ns != defaultNamespace())
        return namespaceNotFound(ns);
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const WriteRequest& r = requests.at(i); // its texts were checked above
        EncodedWrite& e = encoded[size_t(i)];
        e.streamName = r.streamName;
        e.streamNull = r.streamName.isNull();
        e.typeNull = r.type.isNull();
        if (!e.streamNull)
            e.streamUtf8 = r.streamName.toUtf8();
        if (!e.typeNull)
            e.typeUtf8 = r.type.toUtf8();
        e.expectedVersion = r.expectedVersion;
        if (r.id) {
            Result<QString> id = canonicalUuid(*r.id);
            if (id)
                e.id = *id;
            else
                e.idError = id.error(); // reported after the version check, as write_message does
        } else {
            e.id = newUuid();
        }
        e.idUtf8 = e.id.toUtf8();
    }
    return writer(ns)->write(encoded);
}

std::shared_ptr<SqliteGroupWriter> SqliteStore::writer(const QString& ns)
{
    std::lock_guard lock(m_writersMutex);
    std::shared_ptr<SqliteGroupWriter>& w = m_writers[ns];
    if (!w)
        w = std::make_shared<SqliteGroupWriter>(
            ns, namespaceFile(ns),
            SqliteWriterSettings{m_location.sqliteSynchronousNormal, m_location.readOnly, BusyTimeoutMs});
    return w;
}

void SqliteStore::closeWriter(const QString& ns)
{
    std::shared_ptr<SqliteGroupWriter> w;
    {
        std::lock_guard lock(m_writersMutex);
        w = m_writers.value(ns);
    }
    if (w)
        w->close();
}

SqliteWriteStats SqliteStore::writeStats(const QString& ns) const
{
    std::shared_ptr<SqliteGroupWriter> w;
    {
        std::lock_guard lock(m_writersMutex);
        w = m_writers.value(ns);
    }
    return w ? w->stats() : SqliteWriteStats{};
}

Result<MessageList> SqliteStore::streamMessages(const QString& ns, const StreamQuery& query)
{
    if (Status ok = MessageDbRules::checkStreamQuery(query, m_location.conditionsEnabled); !ok)
        return ok.error();
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    const qint64 batch = query.batchSize.value_or(MessageDbRules::DefaultBatchSize);
    QString sql =
        QStringLiteral("SELECT %1 FROM messages WHERE stream_name = ? AND position >= ?").arg(MessageColumns);
    if (query.condition)
        sql += QStringLiteral(" AND (%1)").arg(*query.condition); // raw SQL by design, gated above
    sql += QStringLiteral(" ORDER BY position ASC");
    QVariantList values{query.streamName, query.position.value_or(MessageDbRules::DefaultStreamPosition)};
    if (batch != MessageDbRules::UnlimitedBatchSize) {
        sql += QStringLiteral(" LIMIT ?");
        values << batch;
    }
    return prepared(*db, sql, values).transform(SqlSupport::readMessages);
}

Result<MessageList> SqliteStore::categoryMessages(const QString& ns, const CategoryQuery& query)
{
    if (Status ok = MessageDbRules::checkCategoryQuery(query, m_location.conditionsEnabled); !ok)
        return ok.error();
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    const qint64 batch = query.batchSize.value_or(MessageDbRules::DefaultBatchSize);
    QString sql = QStringLiteral("SELECT %1 FROM messages WHERE category = ? AND global_position >= ?")
                      .arg(MessageColumns);
    QVariantList values{query.category, query.position.value_or(MessageDbRules::DefaultCategoryPosition)};
    if (query.correlation) {
        sql += QStringLiteral(" AND correlation_category = ?");
        values << *query.correlation;
    }
    if (query.condition)
        sql += QStringLiteral(" AND (%1)").arg(*query.condition); // raw SQL by design, gated above
    sql += QStringLiteral(" ORDER BY global_position ASC");
    // The consumer-group filter runs in C++ while stepping the cursor, so it applies before the
    // batch limit as on PostgreSQL; without a group, SQLite applies the limit itself.
    const bool grouped = query.consumerGroupSize.has_value();
    if (batch != MessageDbRules::UnlimitedBatchSize && !grouped) {
        sql += QStringLiteral(" LIMIT ?");
        values << batch;
    }
    if (batch == 0)
        return MessageList{};
    Result<QSqlQuery> q = prepared(*db, sql, values);
    if (!q)
        return q.error();
    MessageList messages;
    QHash<QString, bool> memberOfStream; // streams repeat; hash each once
    while (q->next()) {
        if (grouped) {
            const QString stream = q->value(1).toString();
            auto it = memberOfStream.constFind(stream);
            if (it == memberOfStream.cend()) {
                Result<std::optional<qint64>> member = consumerGroupMember(stream, *query.consumerGroupSize);
                if (!member)
                    return member.error();
                it = memberOfStream.insert(stream, *member && **member == *query.consumerGroupMember);
            }
            if (!*it)
                continue;
        }
        messages.append(SqlSupport::readMessage(*q));
        if (grouped && batch != MessageDbRules::UnlimitedBatchSize && messages.size() >= batch)
            break;
    }
    return messages;
}

Result<std::optional<Message>> SqliteStore::lastStreamMessage(const QString& ns,
                                                              const LastMessageQuery& query)
{
    if (Status text = MessageDbRules::checkText(query.streamName); !text)
        return text.error();
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    QString sql = QStringLiteral("SELECT %1 FROM messages WHERE stream_name = ?").arg(MessageColumns);
    QVariantList values{SqlSupport::bindText(query.streamName)};
    if (query.type) {
        sql += QStringLiteral(" AND type = ?");
        values << *query.type;
    }
    sql += QStringLiteral(" ORDER BY position DESC LIMIT 1");
    return prepared(*db, sql, values).transform(SqlSupport::readFirstMessage);
}

Result<std::optional<qint64>> SqliteStore::streamVersion(const QString& ns, const QString& streamName)
{
    if (Status text = MessageDbRules::checkText(streamName); !text)
        return text.error();
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    Result<QSqlQuery> q = prepared(
        *db, QStringLiteral("SELECT max(position) FROM messages WHERE stream_name = ?"), {streamName});
    if (!q)
        return q.error();
    if (!q->next() || q->value(0).isNull())
        return std::optional<qint64>{};
    return std::optional<qint64>{q->value(0).toLongLong()};
}

Result<QString> SqliteStore::messageStoreVersion(const QString& ns)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    return QString::fromLatin1(MessageDbRules::Version);
}

} // namespace mdb
