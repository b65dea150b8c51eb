#include "storage/sqlite/SqliteStore.h"

#include "storage/sqlite/SqliteQueries.h"
#include "storage/sqlite/SqliteSupport.h"

#include "storage/Hash64.h"
#include "storage/JsonbText.h"
#include "storage/MessageDbRules.h"
#include "storage/NamespaceName.h"
#include "storage/SqlSupport.h"
#include "storage/Uuid.h"
#include "storage/eventodb/EventoDbNames.h"
#include "storage/query/FilterSql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDriver>
#include <QUrl>

#include <sqlite3.h>

namespace mdb {

namespace queries = sqlite::queries;
using sqlite::prepared;
using sqlite::toStoreError;
using sqlite::Transaction;

namespace {

constexpr qint64 ApplicationId = 0x4D444253; // "MDBS", set by sqlite/sql/namespace.sql
constexpr int CurrentLayout = 1;             // PRAGMA user_version, set there too
constexpr int BusyTimeoutMs = 5000;

// A URI that opens an existing file and never creates one (SQLite's mode=rw / mode=ro).
QString existingFileUri(const QString& path, bool readOnly)
{
    return QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) +
           (readOnly ? QStringLiteral("?mode=ro") : QStringLiteral("?mode=rw"));
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
        m_registryFile = eventodb::findSqliteRegistry(m_location.sqlitePath, true);
        if (!m_registryFile) {
            Result<QSqlDatabase> db = connection(defaultNamespace());
            return db ? Status(Done{}) : Status(db.error());
        }
    }
    const QFileInfo dir(m_location.sqlitePath);
    if (!m_registryFile && dir.exists() && !dir.isDir())
        return StoreError::make(
            ErrorKind::Connection,
            QStringLiteral("%1 is not a directory or an SQLite file").arg(m_location.sqlitePath));
    if (!m_registryFile && dir.isDir())
        m_registryFile = eventodb::findSqliteRegistry(m_location.sqlitePath, false);
    if (m_registryFile) {
        // EventoDB's store: its registry names the namespaces; nothing is created here.
        Result<QList<eventodb::SqliteNamespace>> namespaces = readRegistry();
        if (!namespaces)
            return namespaces.error();
        const QString preferred = defaultNamespaceName();
        // EventoDB's "default" namespace where there is one, else the first that can be opened.
        m_defaultNamespace = preferred;
        for (const eventodb::SqliteNamespace& ns : std::as_const(*namespaces)) {
            if (ns.state != eventodb::SqliteNamespace::State::Ready)
                continue;
            if (ns.id == QStringLiteral("default") || ns.id == preferred) {
                m_defaultNamespace = ns.id;
                break;
            }
            if (m_defaultNamespace == preferred)
                m_defaultNamespace = ns.id;
        }
        return Done{};
    }
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
    if (m_registryFile)
        return m_defaultNamespace;
    if (!m_location.sqliteSingleFile)
        return defaultNamespaceName();
    const QString stem = QFileInfo(m_location.sqlitePath).completeBaseName();
    return validateNamespaceName(stem) ? stem : defaultNamespaceName();
}

QString SqliteStore::namespaceFile(const QString& ns) const
{
    if (m_registryFile) {
        std::lock_guard lock(m_namespacesMutex);
        return m_eventoDbNamespaces.value(ns).file;
    }
    if (m_location.sqliteSingleFile)
        return m_location.sqlitePath;
    return QDir(m_location.sqlitePath).absoluteFilePath(ns + QStringLiteral(".db"));
}

Result<QList<eventodb::SqliteNamespace>> SqliteStore::readRegistry()
{
    Result<QList<eventodb::SqliteNamespace>> namespaces = eventodb::readSqliteRegistry(*m_registryFile);
    if (!namespaces)
        return namespaces;
    std::lock_guard lock(m_namespacesMutex);
    m_eventoDbNamespaces.clear();
    for (const eventodb::SqliteNamespace& ns : std::as_const(*namespaces))
        m_eventoDbNamespaces.insert(ns.id, ns);
    return namespaces;
}

Result<eventodb::SqliteNamespace> SqliteStore::eventoDbNamespace(const QString& id)
{
    {
        std::lock_guard lock(m_namespacesMutex);
        if (auto it = m_eventoDbNamespaces.constFind(id);
            it != m_eventoDbNamespaces.cend() && it->state == eventodb::SqliteNamespace::State::Ready)
            return *it;
    }
    // EventoDB may have registered it, or made its file, since the registry was last read.
    Result<QList<eventodb::SqliteNamespace>> namespaces = readRegistry();
    if (!namespaces)
        return namespaces.error();
    const auto entry = std::find_if(namespaces->cbegin(), namespaces->cend(),
                                    [&id](const eventodb::SqliteNamespace& ns) { return ns.id == id; });
    if (entry == namespaces->cend())
        return namespaceNotFound(id);
    if (entry->problem)
        return *entry->problem;
    return *entry;
}

Result<QSqlDatabase> SqliteStore::connection(const QString& ns, bool create)
{
    QString path;
    if (m_registryFile) {
        Result<eventodb::SqliteNamespace> entry = eventoDbNamespace(ns);
        if (!entry)
            return entry.error();
        path = entry->file;
    } else {
        if (Status valid = validateNamespaceName(ns); !valid)
            return valid.error();
        if (m_location.sqliteSingleFile && ns != defaultNamespace())
            return namespaceNotFound(ns);
        path = namespaceFile(ns);
    }
    if (!create && !QFileInfo::exists(path)) {
        // A file deleted behind our back must not keep a stale connection alive.
        m_connections.discard(ns);
        return namespaceNotFound(ns);
    }
    const bool eventoDb = m_registryFile.has_value();
    return m_connections.connection(ns, [this, &path, create, eventoDb](QSqlDatabase& db) -> Status {
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs);
        if (eventoDb) {
            // EventoDB's files are opened as they are: never created, never switched or marked.
            db.setDatabaseName(existingFileUri(path, m_location.readOnly));
            options += QStringLiteral(";QSQLITE_OPEN_URI");
        } else {
            db.setDatabaseName(path);
            if (m_location.readOnly)
                options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        }
        db.setConnectOptions(options);
        if (!db.open())
            return toStoreError(db.lastError(), QStringLiteral("Cannot open %1").arg(path));
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
            return toStoreError(q.lastError(), QStringLiteral("Cannot read %1").arg(path));
        const qint64 appId = q.value(0).toLongLong();
        // EventoDB's files are checked by their schema version (eventodb::sqliteSchemaVersion).
        if (!create && !eventoDb && appId != ApplicationId) {
            q.finish();
            if (!q.exec(QStringLiteral(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'")) ||
                !q.next())
                return StoreError::make(ErrorKind::NotFound,
                                        QStringLiteral("%1 holds no Message DB messages table").arg(path));
        }
        q.finish();
        if (!m_location.readOnly && !eventoDb) {
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

Result<SqliteStore::NamespaceHandle> SqliteStore::openNamespace(const QString& ns)
{
    Result<QSqlDatabase> db = connection(ns);
    if (!db)
        return db.error();
    Result<StoreLayout> layout = layoutOf(ns, *db);
    if (!layout)
        return layout.error();
    return NamespaceHandle{*db, *layout, queries::NamespaceSql::forLayout(*layout)};
}

// A namespace file's layout: EventoDB's when its registry names it; mdbstudio's when its
// application id says so, with the layout number PRAGMA user_version records. Read once.
Result<StoreLayout> SqliteStore::layoutOf(const QString& ns, const QSqlDatabase& db)
{
    {
        std::lock_guard lock(m_namespacesMutex);
        if (auto it = m_layouts.constFind(ns); it != m_layouts.cend())
            return *it;
    }
    StoreLayout layout = StoreLayout::unknownSqlite();
    if (m_registryFile) {
        Result<eventodb::SqliteNamespace> entry = eventoDbNamespace(ns);
        if (!entry)
            return entry.error();
        Result<int> version = eventodb::sqliteSchemaVersion(db, *entry);
        if (!version)
            return version.error();
        layout = StoreLayout::eventoDbSqlite(entry->file, *version);
    } else {
        Result<QSqlQuery> id = prepared(db, QStringLiteral("PRAGMA application_id"), {});
        if (!id)
            return id.error();
        if (id->next() && id->value(0).toLongLong() == ApplicationId) {
            Result<QSqlQuery> version = prepared(db, QStringLiteral("PRAGMA user_version"), {});
            if (!version)
                return version.error();
            layout = StoreLayout::mdbstudioSqlite(version->next() ? version->value(0).toInt() : 0);
        }
        layout.physicalName = namespaceFile(ns);
    }
    std::lock_guard lock(m_namespacesMutex);
    m_layouts.insert(ns, layout);
    return layout;
}

Result<QStringList> SqliteStore::listNamespaces()
{
    if (m_registryFile) {
        Result<QList<eventodb::SqliteNamespace>> namespaces = readRegistry();
        if (!namespaces)
            return namespaces.error();
        QStringList ids;
        for (const eventodb::SqliteNamespace& ns : std::as_const(*namespaces))
            ids << ns.id;
        return ids;
    }
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

Status SqliteStore::refuseForEventoDb(const QString& ns, const char* what) const
{
    if (!m_registryFile)
        return Done{};
    return StoreError::make(ErrorKind::InvalidArgument,
                            QStringLiteral("%1 is an EventoDB store: mdbstudio does not %2 its namespaces "
                                           "(\"%3\"); EventoDB's server does, with their tokens")
                                .arg(m_location.sqlitePath, QLatin1String(what), ns));
}

Status SqliteStore::createNamespace(const QString& ns)
{
    if (Status own = refuseForEventoDb(ns, "create"); !own)
        return own;
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
    {
        std::lock_guard lock(m_namespacesMutex);
        m_layouts.remove(ns);
    }
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
    if (Status own = refuseForEventoDb(ns, "drop"); !own)
        return own;
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
    {
        std::lock_guard lock(m_namespacesMutex);
        m_layouts.remove(ns);
    }
    if (!QFile::remove(path))
        return StoreError::make(ErrorKind::Internal, QStringLiteral("Cannot delete %1").arg(path));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    return Done{};
}

Result<NamespaceInfo> SqliteStore::describeNamespace(const QString& ns)
{
    NamespaceInfo info;
    info.name = ns;
    if (m_registryFile) {
        // EventoDB's namespaces are described from the registry even when there is no file to open.
        eventodb::SqliteNamespace entry;
        Result<eventodb::SqliteNamespace> found = eventoDbNamespace(ns);
        if (found) {
            entry = *found;
        } else {
            std::lock_guard lock(m_namespacesMutex);
            if (!m_eventoDbNamespaces.contains(ns))
                return found.error();
            entry = m_eventoDbNamespaces.value(ns);
        }
        info.kind = NamespaceKind::EventoDb;
        info.description = entry.description;
        info.createdAtSeconds = entry.createdAtSeconds;
        info.location = entry.file.isEmpty() ? entry.recordedPath : entry.file;
        info.currentLayout = eventodb::KnownSchemaVersion;
        info.rules = StoreLayout::eventoDbSqlite({}, 0).rulesSummary();
        if (entry.problem) {
            info.unavailable = entry.problem->message;
            return info;
        }
    }
    Result<NamespaceHandle> target = openNamespace(ns);
    if (!target)
        return target.error();
    info.kind = target->layout.kind();
    info.rules = target->layout.rulesSummary();
    info.location = namespaceFile(ns);
    if (target->layout.madeByMdbstudio()) {
        info.messageStoreVersion = QString::fromLatin1(MessageDbRules::Version);
        info.layout = target->layout.version;
        info.currentLayout = CurrentLayout;
    } else if (target->layout.family == StoreLayout::Family::EventoDb) {
        info.layout = target->layout.version;
    }
    Result<QSqlQuery> idx = prepared(
        target->db,
        QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name"),
        {});
    if (!idx)
        return idx.error();
    while (idx->next())
        info.indexes << idx->value(0).toString();
    // max(rowid) is an index lookup; with no deletes it is also the row count.
    Result<QSqlQuery> last =
        prepared(target->db, QStringLiteral("SELECT max(global_position) FROM messages"), {});
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
    Result<StoreLayout> layout =
        openNamespace(ns).transform([](const NamespaceHandle& n) { return n.layout; });
    if (!layout)
        return layout.error();
    if (!layout->madeByMdbstudio())
        return namespaceNotMadeByMdbstudio(ns);
    // Layout 1 is the only SQLite layout so far: there is nothing to bring up to date yet.
    return LayoutUpgrade{layout->version, layout->version};
}

Result<QStringList> SqliteStore::listCategories(const QString& ns)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    return prepared(n->db, queries::listCategories(n->sql), {}).transform(SqlSupport::readTexts);
}

Result<QList<SummaryRow>> SqliteStore::summary(const QString& ns, SummaryKind kind)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    return prepared(n->db,
                    QStringLiteral("SELECT %1, count(*) FROM messages GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")
                        .arg(SqlSupport::summaryGroupColumns(kind, n->sql.categoryOf)),
                    {})
        .transform(SqlSupport::readSummary);
}

Result<CategoryStats> SqliteStore::categoryStats(const QString& ns, const QString& category)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    return prepared(n->db, queries::categoryStats(n->sql), {category})
        .transform(SqlSupport::readCategoryStats);
}

Result<MessageList> SqliteStore::categoryMessagesBefore(const QString& ns, const QString& category,
                                                        qint64 beforeGlobalPosition, qint64 count)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    Result<QSqlQuery> q = prepared(n->db, queries::categoryMessagesBefore(n->sql),
                                   {category, beforeGlobalPosition, std::max<qint64>(count, 0)});
    if (!q)
        return q.error();
    return SqlSupport::readMessagesNewestFirst(*q);
}

Result<QList<StreamSighting>> SqliteStore::categoryStreamSightings(const QString& ns, const QString& category,
                                                                   qint64 fromGlobalPosition,
                                                                   qint64 scanCount)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    return prepared(n->db, queries::categoryStreamSightings(n->sql),
                    {category, fromGlobalPosition, std::max<qint64>(scanCount, 0)})
        .transform(SqlSupport::readSightings);
}

Result<CategoryStreams> SqliteStore::categoryStreams(const QString& ns, const QString& category,
                                                     qint64 newestCount)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    Transaction tx(n->db); // one snapshot for both reads
    if (Status begun = tx.begin(false); !begun)
        return begun.error();
    CategoryStreams result;
    {
        // A range of the stream index, counted from the index alone.
        Result<QSqlQuery> totals = prepared(n->db, queries::categoryStreamTotals(),
                                            {QString(category + u'-'), QString(category + u'.'), category});
        if (!totals)
            return totals.error();
        result.streams = SqlSupport::readStreamTotals(*totals);
    }
    if (newestCount > 0) {
        Result<QSqlQuery> newest = prepared(n->db, queries::categoryNewest(n->sql), {category, newestCount});
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
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    Result<QSqlQuery> q =
        prepared(n->db, queries::countCategoryMessages(n->sql), {category, fromGlobalPosition});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QStringList> SqliteStore::streamNames(const QString& ns)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    return prepared(n->db, queries::streamNames(), {}).transform(SqlSupport::readTexts);
}

Result<FindChunk> SqliteStore::findMessages(const QString& ns, const FindQuery& query)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    QVariantList values;
    const bool stream = query.scope == FindQuery::Scope::Stream;
    QString scope;
    if (query.scope == FindQuery::Scope::Category) {
        scope = n->sql.categoryOf + QStringLiteral(" = ? AND ");
        values << query.scopeName;
    } else if (stream) {
        scope = QStringLiteral("stream_name = ? AND ");
        values << query.scopeName;
    }
    values << query.from << query.to;
    const Result<QString> condition = query::renderSql(query.filter, query::Dialect::Sqlite,
                                                       n->sql.filterColumns(), [&values](const QVariant& v) {
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
    if (const QVariant h = n->db.driver()->handle(); h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0)
        handle = *static_cast<sqlite3* const*>(h.constData());
    // sqlite3_interrupt may be called from any thread while the statement runs.
    const QueryCancel::Running armed(query.cancel.get(), [handle] {
        if (handle)
            sqlite3_interrupt(handle);
    });
    Result<QSqlQuery> rows = prepared(
        n->db,
        QStringLiteral("SELECT %1 FROM messages WHERE %2%3 BETWEEN ? AND ? AND %4 ORDER BY %3 LIMIT ?")
            .arg(n->sql.messageColumns(), scope, key, *condition),
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
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    QVariantList values;
    if (category)
        values << *category;
    values << globalPosition;
    return prepared(n->db,
                    QStringLiteral(
                        "SELECT %1 FROM messages WHERE %2global_position %3 ? ORDER BY global_position %4 "
                        "LIMIT 1")
                        .arg(n->sql.messageColumns(),
                             category ? n->sql.categoryOf + QStringLiteral(" = ? AND ") : QString(),
                             backward ? QStringLiteral("<") : QStringLiteral(">="),
                             backward ? QStringLiteral("DESC") : QStringLiteral("ASC")),
                    values)
        .transform(SqlSupport::readFirstMessage);
}

Result<QList<qint64>> SqliteStore::writeMessages(const QString& ns, const QList<WriteRequest>& requests)
{
    if (m_registryFile) {
        // EventoDB's rows are written by its own rules, in one BEGIN IMMEDIATE transaction.
        Result<NamespaceHandle> n = openNamespace(ns);
        if (!n)
            return n.error();
        return eventodb::sqlite::writeMessages(n->db, requests);
    }
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
    if (m_registryFile) {
        Result<NamespaceHandle> n = openNamespace(ns);
        if (!n)
            return n.error();
        return eventodb::sqlite::streamMessages(n->db, n->sql, query);
    }
    if (Status ok = MessageDbRules::checkStreamQuery(query, m_location.conditionsEnabled); !ok)
        return ok.error();
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    const qint64 batch = query.batchSize.value_or(MessageDbRules::DefaultBatchSize);
    QString sql = QStringLiteral("SELECT %1 FROM messages WHERE stream_name = ? AND position >= ?")
                      .arg(n->sql.messageColumns());
    if (query.condition)
        sql += QStringLiteral(" AND (%1)").arg(*query.condition); // raw SQL by design, gated above
    sql += QStringLiteral(" ORDER BY position ASC");
    QVariantList values{query.streamName, query.position.value_or(MessageDbRules::DefaultStreamPosition)};
    if (batch != MessageDbRules::UnlimitedBatchSize) {
        sql += QStringLiteral(" LIMIT ?");
        values << batch;
    }
    return prepared(n->db, sql, values).transform(SqlSupport::readMessages);
}

Result<MessageList> SqliteStore::categoryMessages(const QString& ns, const CategoryQuery& query)
{
    if (m_registryFile) {
        Result<NamespaceHandle> n = openNamespace(ns);
        if (!n)
            return n.error();
        return eventodb::sqlite::categoryMessages(n->db, n->sql, query);
    }
    if (Status ok = MessageDbRules::checkCategoryQuery(query, m_location.conditionsEnabled); !ok)
        return ok.error();
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    const qint64 batch = query.batchSize.value_or(MessageDbRules::DefaultBatchSize);
    QString sql = QStringLiteral("SELECT %1 FROM messages WHERE category = ? AND global_position >= ?")
                      .arg(n->sql.messageColumns());
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
    Result<QSqlQuery> q = prepared(n->db, sql, values);
    if (!q)
        return q.error();
    if (!grouped)
        return SqlSupport::readMessages(*q);
    const qint64 size = *query.consumerGroupSize;
    return SqlSupport::readMemberMessages(
        *q, *query.consumerGroupMember,
        [size](const QString& stream) { return consumerGroupMember(stream, size); }, batch);
}

Result<std::optional<Message>> SqliteStore::lastStreamMessage(const QString& ns,
                                                              const LastMessageQuery& query)
{
    if (m_registryFile) {
        Result<NamespaceHandle> n = openNamespace(ns);
        if (!n)
            return n.error();
        return eventodb::sqlite::lastStreamMessage(n->db, n->sql, query);
    }
    if (Status text = MessageDbRules::checkText(query.streamName); !text)
        return text.error();
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    QString sql =
        QStringLiteral("SELECT %1 FROM messages WHERE stream_name = ?").arg(n->sql.messageColumns());
    QVariantList values{SqlSupport::bindText(query.streamName)};
    if (query.type) {
        sql += QStringLiteral(" AND type = ?");
        values << *query.type;
    }
    sql += QStringLiteral(" ORDER BY position DESC LIMIT 1");
    return prepared(n->db, sql, values).transform(SqlSupport::readFirstMessage);
}

Result<std::optional<qint64>> SqliteStore::streamVersion(const QString& ns, const QString& streamName)
{
    if (m_registryFile) {
        Result<NamespaceHandle> n = openNamespace(ns);
        if (!n)
            return n.error();
        return eventodb::sqlite::streamVersion(n->db, streamName);
    }
    if (Status text = MessageDbRules::checkText(streamName); !text)
        return text.error();
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    Result<QSqlQuery> q = prepared(
        n->db, QStringLiteral("SELECT max(position) FROM messages WHERE stream_name = ?"), {streamName});
    if (!q)
        return q.error();
    if (!q->next() || q->value(0).isNull())
        return std::optional<qint64>{};
    return std::optional<qint64>{q->value(0).toLongLong()};
}

Result<QString> SqliteStore::messageStoreVersion(const QString& ns)
{
    Result<NamespaceHandle> n = openNamespace(ns);
    if (!n)
        return n.error();
    if (n->layout.family == StoreLayout::Family::EventoDb)
        return StoreError::make(ErrorKind::NotFound,
                                QStringLiteral("EventoDB namespace \"%1\" has no message_store_version: "
                                               "EventoDB keeps its schema version instead (%2)")
                                    .arg(ns)
                                    .arg(n->layout.version));
    return QString::fromLatin1(MessageDbRules::Version);
}

} // namespace mdb
