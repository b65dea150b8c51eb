#pragma once

#include "storage/ConnectionRegistry.h"
#include "storage/Store.h"
#include "storage/StoreLayout.h"
#include "storage/eventodb/EventoDbSqlite.h"
#include "storage/sqlite/GroupCommit.h"
#include "storage/sqlite/SqliteQueries.h"

#include <QHash>

#include <memory>
#include <mutex>

namespace mdb {

// A directory of SQLite files, one namespace per `<name>.db` (or a single .db file). Message DB's
// behaviour is reproduced in C++: the same defaults, checks, error texts, hash and JSON text.
// A directory (or metadata file) holding EventoDB's registry is an EventoDB store instead: its
// namespaces are the registry's, each in the file the registry names, read and written in
// EventoDB's row format and by EventoDB's rules (storage/eventodb/EventoDbSqlite.h).
class SqliteStore final : public Store
{
public:
    explicit SqliteStore(StoreLocation location);

    // Prepares the directory (created when missing, unless read-only).
    Status prepare();

    const StoreLocation& location() const override { return m_location; }
    QString defaultNamespace() const override;

    Result<QStringList> listNamespaces() override;
    Status createNamespace(const QString& ns) override;
    Status dropNamespace(const QString& ns) override;
    Result<NamespaceInfo> describeNamespace(const QString& ns) override;
    Result<LayoutUpgrade> upgradeNamespace(const QString& ns) override;

    Result<QStringList> listCategories(const QString& ns) override;
    Result<QList<SummaryRow>> summary(const QString& ns, SummaryKind kind) override;
    Result<CategoryStats> categoryStats(const QString& ns, const QString& category) override;
    Result<MessageList> categoryMessagesBefore(const QString& ns, const QString& category,
                                               qint64 beforeGlobalPosition, qint64 count) override;
    Result<CategoryStreams> categoryStreams(const QString& ns, const QString& category,
                                            qint64 newestCount) override;
    Result<qint64> countCategoryMessages(const QString& ns, const QString& category,
                                         qint64 fromGlobalPosition) override;
    Result<QStringList> streamNames(const QString& ns) override;
    Result<FindChunk> findMessages(const QString& ns, const FindQuery& query) override;
    Result<std::optional<Message>> messageNear(const QString& ns, const std::optional<QString>& category,
                                               qint64 globalPosition, bool backward) override;
    Result<QList<StreamSighting>> categoryStreamSightings(const QString& ns, const QString& category,
                                                          qint64 fromGlobalPosition,
                                                          qint64 scanCount) override;

    Result<QList<qint64>> writeMessages(const QString& ns, const QList<WriteRequest>& requests) override;
    Result<MessageList> streamMessages(const QString& ns, const StreamQuery& query) override;
    Result<MessageList> categoryMessages(const QString& ns, const CategoryQuery& query) override;
    Result<std::optional<Message>> lastStreamMessage(const QString& ns,
                                                     const LastMessageQuery& query) override;
    Result<std::optional<qint64>> streamVersion(const QString& ns, const QString& streamName) override;
    Result<QString> messageStoreVersion(const QString& ns) override;

    // The namespace's file: <dir>/<name>.db, or for EventoDB's the one its registry names.
    QString namespaceFile(const QString& ns) const;
    // EventoDB's metadata file, when this is an EventoDB store.
    std::optional<QString> eventoDbRegistry() const { return m_registryFile; }

    // How the namespace's writes were grouped into transactions (zeros before its first write).
    SqliteWriteStats writeStats(const QString& ns) const;

private:
    // A namespace opened for a call: the calling thread's connection, its layout and the SQL
    // that layout reads with.
    struct NamespaceHandle
    {
        QSqlDatabase db;
        StoreLayout layout;
        sqlite::queries::NamespaceSql sql;
    };
    Result<NamespaceHandle> openNamespace(const QString& ns);
    Result<StoreLayout> layoutOf(const QString& ns, const QSqlDatabase& db);
    // EventoDB's registry entry for `id`, read again when the id is not known yet.
    Result<eventodb::SqliteNamespace> eventoDbNamespace(const QString& id);
    Result<QList<eventodb::SqliteNamespace>> readRegistry();
    Status refuseForEventoDb(const QString& ns, const char* what) const;
    Result<QSqlDatabase> connection(const QString& ns, bool create = false);
    std::shared_ptr<SqliteGroupWriter> writer(const QString& ns);
    void closeWriter(const QString& ns);

    StoreLocation m_location;
    ConnectionRegistry m_connections;
    std::optional<QString> m_registryFile; // EventoDB's metadata DB, found by prepare()
    QString m_defaultNamespace;
    mutable std::mutex m_namespacesMutex;
    QHash<QString, eventodb::SqliteNamespace> m_eventoDbNamespaces; // by id, as last read
    QHash<QString, StoreLayout> m_layouts;                          // by namespace, once read
    // Writes go through one group-commit writer per namespace (GroupCommit.h), not through the
    // per-thread Qt connections, which serve reads and namespace management.
    mutable std::mutex m_writersMutex;
    QHash<QString, std::shared_ptr<SqliteGroupWriter>> m_writers;
};

} // namespace mdb
