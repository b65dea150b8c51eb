#pragma once

#include "storage/ConnectionRegistry.h"
#include "storage/Store.h"
#include "storage/sqlite/GroupCommit.h"

#include <QHash>

#include <memory>
#include <mutex>

namespace mdb {

// A directory of SQLite files, one namespace per `<name>.db` (or a single .db file). Message DB's
// behaviour is reproduced in C++: the same defaults, checks, error texts, hash and JSON text.
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

    QString namespaceFile(const QString& ns) const;

    // How the namespace's writes were grouped into transactions (zeros before its first write).
    SqliteWriteStats writeStats(const QString& ns) const;

private:
    Result<QSqlDatabase> connection(const QString& ns, bool create = false);
    std::shared_ptr<SqliteGroupWriter> writer(const QString& ns);
    void closeWriter(const QString& ns);

    StoreLocation m_location;
    ConnectionRegistry m_connections;
    // Writes go through one group-commit writer per namespace (GroupCommit.h), not through the
    // per-thread Qt connections, which serve reads and namespace management.
    mutable std::mutex m_writersMutex;
    QHash<QString, std::shared_ptr<SqliteGroupWriter>> m_writers;
};

} // namespace mdb
