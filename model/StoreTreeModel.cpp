#include "model/StoreTreeModel.h"

#include "model/Background.h"
#include "model/WorkerPools.h"

#include <QLocale>

namespace mdb {

StoreTreeModel::StoreTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{}

// Jobs in flight hold the store and values, never the model; their answers die with its watchers.
StoreTreeModel::~StoreTreeModel() = default;

template <typename T, typename Work, typename Done>
void StoreTreeModel::run(QThreadPool& pool, Work work, Done done)
{
    const quint64 generation = m_generation;
    runInBackground(this, pool, std::move(work), [this, generation, done](const T& result) {
        if (generation == m_generation) // nodes of an older tree are gone
            done(result);
    });
}

void StoreTreeModel::setStore(std::shared_ptr<Store> store)
{
    m_store = std::move(store);
    refresh();
}

void StoreTreeModel::refresh()
{
    ++m_generation;
    beginResetModel();
    m_root.children.clear();
    endResetModel();
    if (!m_store)
        return;
    struct Listing
    {
        QList<NamespaceInfo> namespaces;
        std::optional<StoreError> error;
    };
    std::shared_ptr<Store> store = m_store;
    run<Listing>(
        interactivePool(),
        [store] {
            Listing listing;
            Result<QStringList> names = store->listNamespaces();
            if (!names) {
                listing.error = names.error();
                return listing;
            }
            for (const QString& name : *names) {
                Result<NamespaceInfo> info = store->describeNamespace(name);
                NamespaceInfo described = info ? *info : NamespaceInfo{};
                described.name = name;
                listing.namespaces << described;
            }
            return listing;
        },
        [this](const Listing& listing) {
            if (listing.error) {
                Q_EMIT failed(*listing.error);
                return;
            }
            if (listing.namespaces.isEmpty()) {
                Q_EMIT namespacesLoaded();
                return;
            }
            beginInsertRows({}, 0, int(listing.namespaces.size()) - 1);
            for (const NamespaceInfo& info : listing.namespaces) {
                auto node = std::make_unique<Node>();
                node->type = NodeType::Namespace;
                node->name = info.name;
                node->kind = namespaceKindName(info.kind);
                node->parent = &m_root;
                m_root.children.push_back(std::move(node));
            }
            endInsertRows();
            Q_EMIT namespacesLoaded();
        });
}

void StoreTreeModel::setStreamFilter(const QString& pattern)
{
    const QString wildcard = QRegularExpression::wildcardToRegularExpression(
        pattern.isEmpty() ? QStringLiteral("*") : QStringLiteral("*%1*").arg(pattern),
        QRegularExpression::UnanchoredWildcardConversion);
    m_streamFilter = QRegularExpression(wildcard, QRegularExpression::CaseInsensitiveOption);
    // Restart the stream lists that were read; the others start with the filter when opened.
    for (auto& ns : m_root.children) {
        for (auto& category : ns->children) {
            if (category->children.empty() && category->nextScan == 1 && !category->loading)
                continue;
            const QModelIndex parent = indexOf(category.get());
            if (!category->children.empty()) {
                beginRemoveRows(parent, 0, int(category->children.size()) - 1);
                category->children.clear();
                endRemoveRows();
            }
            category->seen.clear();
            category->nextScan = 1;
            category->childrenLoaded = false;
            category->loading = false;
            ++category->token;
            loadStreams(category.get());
        }
    }
}

StoreTreeModel::Node* StoreTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : const_cast<Node*>(&m_root);
}

QModelIndex StoreTreeModel::indexOf(Node* node, int column) const
{
    if (!node || node == &m_root || !node->parent)
        return {};
    const auto& siblings = node->parent->children;
    for (size_t i = 0; i < siblings.size(); ++i) {
        if (siblings[i].get() == node)
            return createIndex(int(i), column, node);
    }
    return {};
}

QModelIndex StoreTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    Node* p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex StoreTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int StoreTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int StoreTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool StoreTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return false;
    const Node* n = nodeOf(parent);
    if (n == &m_root || n->type == NodeType::Stream)
        return !n->children.empty() || n == &m_root;
    return !n->childrenLoaded || !n->children.empty();
}

bool StoreTreeModel::canFetchMore(const QModelIndex& parent) const
{
    if (!parent.isValid() || parent.column() > 0)
        return false;
    const Node* n = nodeOf(parent);
    return n->type != NodeType::Stream && !n->childrenLoaded && !n->loading;
}

void StoreTreeModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    Node* n = nodeOf(parent);
    if (n->type == NodeType::Namespace)
        loadCategories(n);
    else
        loadStreams(n);
}

void StoreTreeModel::loadCategories(Node* ns)
{
    ns->loading = true;
    std::shared_ptr<Store> store = m_store;
    const QString name = ns->name;
    run<Result<QStringList>>(
        interactivePool(), [store, name] { return store->listCategories(name); },
        [this, ns](const Result<QStringList>& categories) {
            ns->loading = false;
            ns->childrenLoaded = true;
            if (!categories) {
                Q_EMIT failed(categories.error());
                Q_EMIT dataChanged(indexOf(ns), indexOf(ns, ColumnCount - 1));
                return;
            }
            if (!categories->isEmpty()) {
                beginInsertRows(indexOf(ns), 0, int(categories->size()) - 1);
                for (const QString& c : *categories) {
                    auto node = std::make_unique<Node>();
                    node->type = NodeType::Category;
                    node->name = c;
                    node->parent = ns;
                    ns->children.push_back(std::move(node));
                }
                endInsertRows();
            } else {
                Q_EMIT dataChanged(indexOf(ns), indexOf(ns, ColumnCount - 1));
            }
            countCategories(ns);
        });
}

void StoreTreeModel::countCategories(Node* ns)
{
    // One category at a time, each in its own job, so that the first counts show early.
    for (auto& child : ns->children) {
        Node* category = child.get();
        std::shared_ptr<Store> store = m_store;
        const QString nsName = ns->name;
        const QString name = category->name;
        // Counting scans each category: it runs on the background pool, behind nothing the user waits for.
        run<Result<CategoryStats>>(
            backgroundPool(), [store, nsName, name] { return store->categoryStats(nsName, name); },
            [this, category](const Result<CategoryStats>& stats) {
                if (!stats)
                    return;
                category->stats = *stats;
                Q_EMIT dataChanged(indexOf(category, Messages), indexOf(category, Streams));
            });
    }
}

void StoreTreeModel::loadStreams(Node* category)
{
    category->loading = true;
    struct Page
    {
        QStringList streams;
        qint64 nextScan = 0;
        bool complete = false;
        std::optional<StoreError> error;
    };
    std::shared_ptr<Store> store = m_store;
    const QString ns = category->parent->name;
    const QString name = category->name;
    const qint64 from = category->nextScan;
    const QSet<QString> seen = category->seen;
    const QRegularExpression filter = m_streamFilter;
    const quint64 token = category->token;
    run<Page>(
        interactivePool(),
        [store, ns, name, from, seen, filter] {
            Page page;
            QSet<QString> known = seen;
            qint64 scan = from;
            // Bounded work per page: a rare filter shows a partial page, and scrolling asks for more.
            for (int round = 0; round < 25 && page.streams.size() < StreamPageSize; ++round) {
                Result<QList<StreamSighting>> sightings =
                    store->categoryStreamSightings(ns, name, scan, StreamScanPage);
                if (!sightings) {
                    page.error = sightings.error();
                    return page;
                }
                for (const StreamSighting& s : *sightings) {
                    scan = s.globalPosition + 1;
                    if (known.contains(s.streamName))
                        continue;
                    known.insert(s.streamName);
                    if (!filter.isValid() || filter.pattern().isEmpty() ||
                        filter.match(s.streamName).hasMatch())
                        page.streams << s.streamName;
                    if (page.streams.size() >= StreamPageSize)
                        break;
                }
                if (sightings->size() < StreamScanPage && page.streams.size() < StreamPageSize) {
                    page.complete = true;
                    break;
                }
            }
            page.nextScan = scan;
            return page;
        },
        [this, category, token](const Page& page) {
            if (token != category->token)
                return; // the list was restarted since
            category->loading = false;
            if (page.error) {
                category->childrenLoaded = true;
                Q_EMIT failed(*page.error);
                return;
            }
            category->nextScan = page.nextScan;
            category->childrenLoaded = page.complete;
            // The node's state is complete before any signal: a view may ask for more from inside one.
            for (const QString& s : page.streams)
                category->seen.insert(s);
            if (!page.streams.isEmpty()) {
                const int first = int(category->children.size());
                beginInsertRows(indexOf(category), first, first + int(page.streams.size()) - 1);
                for (const QString& s : page.streams) {
                    auto node = std::make_unique<Node>();
                    node->type = NodeType::Stream;
                    node->name = s;
                    node->parent = category;
                    category->children.push_back(std::move(node));
                }
                endInsertRows();
            }
            if (page.complete)
                Q_EMIT dataChanged(indexOf(category), indexOf(category, ColumnCount - 1));
        });
}

QVariant StoreTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* n = nodeOf(index);
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Name)
            return n->name;
        if (n->type == NodeType::Namespace && index.column() == Messages)
            return n->kind;
        if (n->type == NodeType::Category) {
            if (!n->stats)
                return tr("…");
            return locale.toString(index.column() == Messages ? n->stats->messages : n->stats->streams);
        }
        return {};
    case Qt::ToolTipRole:
        if (n->type == NodeType::Category && n->stats && n->stats->lastGlobalPosition)
            return tr("Counted as of global position %1").arg(*n->stats->lastGlobalPosition);
        if (n->type == NodeType::Category && !n->stats)
            return tr("Counting in the background…");
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Name ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case NodeTypeRole:
        return int(n->type);
    case NamespaceRole: {
        const Node* walk = n;
        while (walk->parent && walk->parent != &m_root)
            walk = walk->parent;
        return walk->name;
    }
    case CategoryRole:
        if (n->type == NodeType::Category)
            return n->name;
        if (n->type == NodeType::Stream)
            return n->parent->name;
        return {};
    case StreamRole:
        return n->type == NodeType::Stream ? QVariant(n->name) : QVariant();
    default:
        return {};
    }
}

QVariant StoreTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Messages:
        return tr("Messages");
    case Streams:
        return tr("Streams");
    default:
        return {};
    }
}

QModelIndex StoreTreeModel::namespaceIndex(const QString& ns) const
{
    for (const auto& child : m_root.children) {
        if (child->name == ns)
            return indexOf(child.get());
    }
    return {};
}

QModelIndex StoreTreeModel::categoryIndex(const QString& ns, const QString& category) const
{
    const QModelIndex parent = namespaceIndex(ns);
    if (!parent.isValid())
        return {};
    for (const auto& child : nodeOf(parent)->children) {
        if (child->name == category)
            return indexOf(child.get());
    }
    return {};
}

} // namespace mdb
