#pragma once

#include "storage/Store.h"

#include <QAbstractItemModel>

class QThreadPool;
#include <QRegularExpression>

#include <memory>
#include <vector>

namespace mdb {

// The store as a tree: namespaces, their categories (with message and stream counts counted in
// the background, shown as partial until known) and each category's streams, read in pages in the
// order they first appear in the category, through the category index. Nothing here scans a table.
class StoreTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class NodeType
    {
        Namespace,
        Category,
        Stream
    };
    enum Role
    {
        NodeTypeRole = Qt::UserRole + 1,
        NamespaceRole,
        CategoryRole,
        StreamRole
    };
    enum Column
    {
        Name,
        Messages,
        Streams,
        ColumnCount
    };

    static constexpr int StreamPageSize = 100;
    static constexpr qint64 StreamScanPage = 2000;

    explicit StoreTreeModel(QObject* parent = nullptr);
    ~StoreTreeModel() override;

    void setStore(std::shared_ptr<Store> store);
    void refresh();
    // Shows only streams whose names contain `pattern` (case-insensitive; '*' matches anything).
    void setStreamFilter(const QString& pattern);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    QModelIndex namespaceIndex(const QString& ns) const;
    QModelIndex categoryIndex(const QString& ns, const QString& category) const;

Q_SIGNALS:
    // A read failed; a connection error may mean the server is gone (ConnectionWatch).
    void failed(const StoreError& error);
    void namespacesLoaded();

private:
    struct Node
    {
        NodeType type = NodeType::Namespace;
        QString name;
        Node* parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        bool childrenLoaded = false; // namespaces: categories read; categories: every stream read
        bool loading = false;
        QString kind;                       // namespaces: official Message DB, mdbstudio, other
        std::optional<CategoryStats> stats; // categories
        qint64 nextScan = 1;                // categories: where the stream scan goes on
        QSet<QString> seen;                 // categories: streams already listed
        quint64 token = 0;                  // categories: bumped when the stream list restarts
    };

    Node* nodeOf(const QModelIndex& index) const;
    QModelIndex indexOf(Node* node, int column = 0) const;
    void loadCategories(Node* ns);
    void loadStreams(Node* category);
    void countCategories(Node* ns);
    template <typename T, typename Work, typename Done>
    void run(QThreadPool& pool, Work work, Done done);

    std::shared_ptr<Store> m_store;
    Node m_root;
    quint64 m_generation = 0;
    QRegularExpression m_streamFilter;
};

} // namespace mdb
