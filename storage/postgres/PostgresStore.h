#pragma once

#include "storage/ConnectionRegistry.h"
#include "storage/Store.h"
#include "storage/StoreLayout.h"

#include <QHash>
#include <QMutex>

#include <atomic>
#include <memory>

struct pg_conn; // libpq's PGconn

namespace mdb {

namespace postgres::queries {
struct NamespaceSql;
} // namespace postgres::queries

// A PostgreSQL database holding namespaces as schemas. Every Message DB operation runs the
// namespace's own server functions: the official install's as they are, or the schema-qualified
// functions mdbstudio installs in the namespaces it creates (postgres/sql/functions.sql).
class PostgresStore final : public Store
{
public:
    explicit PostgresStore(StoreLocation location);

    // Connects once from the calling thread, to report a bad URL, password or server early.
    Status checkConnection();

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

    StoreCapabilities capabilities() const override;
    std::unique_ptr<WriteChannel> writeChannel(const QString& ns) override;

private:
    class Session; // PostgresSession.h
    class Channel; // PostgresWriteChannel.cpp

    // The calling thread's connection, and how namespace `ns` is laid out.
    struct NamespaceHandle
    {
        QSqlDatabase db;
        StoreLayout layout;
        QString schema() const;   // the schema holding the namespace, quoted
        QString category() const; // a row's category, as the namespace's category index has it
        postgres::queries::NamespaceSql sql() const; // both, for the statements of PostgresQueries.h
    };
    Result<QSqlDatabase> connection(const QString& key = {}); // the thread's own by default
    Result<NamespaceHandle> openNamespace(const QString& ns);
    // The same, refusing namespaces mdbstudio did not make: those it never alters.
    Result<NamespaceHandle> openOwnNamespace(const QString& ns);
    Result<StoreLayout> namespaceLayout(QSqlDatabase& db, const QString& ns);
    // The namespace's layout read from the catalogue (never the cache, which it brings up to
    // date): for describe and upgrade, since another process may have upgraded it meanwhile.
    Result<StoreLayout> readLayout(Session& s, const QString& ns);
    // The EventoDB namespace with the id or schema `ns`, when the database has EventoDB's registry.
    Result<std::optional<StoreLayout>> readEventoDbLayout(Session& s, const QString& ns,
                                                          bool schemaHoldsMessages);
    Result<QList<QPair<QString, QString>>> eventoDbNamespaces(Session& s); // (id, schema) of each
    Result<MessageList> readMessages(const QString& ns, const QString& call, const QVariantList& args,
                                     const std::optional<QString>& condition);
    // A single write through a statement prepared once per connection; nothing when prepared
    // statements cannot serve (then the caller writes with a plain statement).
    std::optional<Result<QList<qint64>>>
    writePrepared(Session& s, const QString& ns, const NamespaceHandle& target, const WriteRequest& request);
    static QString writeArguments(Session& s, const WriteRequest& request);
    // Prepares the namespace's write statement on the session's connection, once per connection.
    Status prepareWrite(Session& s, const QString& ns, const NamespaceHandle& target);

    StoreLocation m_location;
    ConnectionRegistry m_connections;
    QMutex m_layoutsMutex;
    QHash<QString, StoreLayout>
        m_layouts; // namespaces rarely change layout; cleared by create, drop, upgrade
    std::atomic<bool> m_preparedWrites{true}; // off once a pooler has been seen to lose them
    QStringList m_transactionSettings;        // "name = value", SET LOCAL in every transaction
    std::atomic<quint64> m_channels{0};       // names the write channels' connections
};

} // namespace mdb
