#pragma once

#include "storage/Message.h"
#include "storage/QueryCancel.h"
#include "storage/Result.h"
#include "storage/StoreLocation.h"
#include "storage/WriteChannel.h"
#include "storage/query/Filter.h"

#include <QStringList>

#include <memory>
#include <optional>

namespace mdb {

enum class NamespaceKind
{
    OfficialMessageDb, // Message DB's own install script made it; used as it is, never altered
    Mdbstudio,         // mdbstudio made it with its own layout
    EventoDb,          // an EventoDB namespace (its registry names it); used as it is, never altered
    Other,             // a messages table we do not recognise
};
QString namespaceKindName(NamespaceKind kind);

// Counted in the background for the browser; each figure holds as of lastGlobalPosition.
struct CategoryStats
{
    qint64 messages = 0;
    qint64 streams = 0;
    std::optional<qint64> lastGlobalPosition;
};

// A stream and the global position (and time) where a scan met it.
struct StreamSighting
{
    QString streamName;
    qint64 globalPosition = 0;
    qint64 timeMicros = 0;
};

// One stream of a category and how many messages it holds.
struct StreamTotals
{
    QString streamName;
    qint64 messages = 0;
};

// What a consumer-group simulation reads of a category, in one snapshot.
struct CategoryStreams
{
    QList<StreamTotals> streams;  // every stream of the category, unordered
    QList<StreamSighting> newest; // the category's newest messages, newest first
};

// Message DB's summary views (stream_summary, type_summary, category_type_summary, ...): message
// counts grouped by one or two keys, with the percentage of the whole namespace.
enum class SummaryKind
{
    Category,
    Type,
    Stream,
    CategoryType
};
struct SummaryRow
{
    QString key;
    QString secondKey; // the type, for CategoryType
    qint64 messages = 0;
    double percent = 0;
};

// What upgradeNamespace did: the layout found and the layout left; equal when nothing had to change.
struct LayoutUpgrade
{
    int from = 0;
    int to = 0;
    bool changed() const { return from != to; }
};

struct NamespaceInfo
{
    QString name;
    NamespaceKind kind = NamespaceKind::Other;
    QString messageStoreVersion; // what message_store_version() answers, empty if absent
    QString location;            // schema or file
    QStringList indexes;         // index names present on messages
    QStringList functions;       // Message DB functions present (PostgreSQL)
    // For mdbstudio namespaces: the layout they were made with or last upgraded to, and the one
    // this version of mdbstudio makes; 0 for namespaces mdbstudio did not make.
    int layout = 0; // mdbstudio's layout number; EventoDB's schema version
    int currentLayout = 0;
    QString description;                    // EventoDB's description of the namespace
    std::optional<qint64> createdAtSeconds; // EventoDB's creation time, unix seconds
    QString rules; // whose rules the namespace's reads and writes follow, in a few words
    // Why a namespace that is listed cannot be opened (an EventoDB namespace held in a server's
    // memory, or whose file is not made yet); empty when it can.
    QString unavailable;
    bool upgradable() const { return kind == NamespaceKind::Mdbstudio && layout < currentLayout; }
    qint64 approximateMessageCount = 0; // from statistics, never a full count
    std::optional<qint64> lastGlobalPosition;
};
// A namespace's layout in words: whose it is and, for mdbstudio's own, which layout and whether an
// upgrade is waiting ("mdbstudio layout 1 (upgrade to layout 2 available)").
QString namespaceLayoutName(const NamespaceInfo& info);

// One bounded step of a search (docs/find.md): the messages of a scope that a filter matches,
// within a range of global positions (of positions, for a stream), in that order.
struct FindQuery
{
    enum class Scope
    {
        Namespace,
        Category,
        Stream,
    };
    query::Filter filter;
    Scope scope = Scope::Namespace;
    QString scopeName; // the category or stream
    qint64 from = 0;   // the first global position (stream: position) looked at
    qint64 to = 0;     // the last one, inclusive
    qint64 limit = 1000;
    // Interrupts the statement from another thread; null: not cancellable.
    std::shared_ptr<QueryCancel> cancel;
};
struct FindChunk
{
    MessageList matches;
    // The last position looked at: `to`, or the last match's when the limit cut the range short.
    qint64 scannedThrough = 0;
};

// What a store can do beyond the Store interface's calls, asked before using it (as a file format
// is asked for its capabilities), so that callers need not know the backend.
struct StoreCapabilities
{
    bool writeChannels = false; // writeChannel() gives writes sent without waiting (WriteChannel.h)
};

// Options a caller adds to whatever a store URL says.
struct StoreOpenOptions
{
    bool readOnly = false;
    bool conditionsEnabled = false;
};

// One message store: a PostgreSQL database or an SQLite directory, holding namespaces.
// Every call is synchronous and thread-safe; each thread gets its own connection.
// Never call from the GUI thread.
class Store
{
public:
    virtual ~Store() = default;

    virtual const StoreLocation& location() const = 0;
    virtual QString defaultNamespace() const = 0;

    // Namespaces.
    virtual Result<QStringList> listNamespaces() = 0;
    virtual Status createNamespace(const QString& ns) = 0;
    virtual Status dropNamespace(const QString& ns) = 0;
    virtual Result<NamespaceInfo> describeNamespace(const QString& ns) = 0;
    // Brings a namespace mdbstudio made to the current layout, in place and in one transaction,
    // keeping every message; refuses namespaces mdbstudio did not make.
    virtual Result<LayoutUpgrade> upgradeNamespace(const QString& ns) = 0;

    // The categories present, in byte order, found by walking the category index (no table scan).
    virtual Result<QStringList> listCategories(const QString& ns) = 0;
    // Counts over the category's index entries; costs a scan of that category, not of the table.
    virtual Result<CategoryStats> categoryStats(const QString& ns, const QString& category) = 0;
    // Counts every message of the namespace: a full scan, as Message DB's views make. Off the GUI thread.
    virtual Result<QList<SummaryRow>> summary(const QString& ns, SummaryKind kind) = 0;
    // The category's messages below `beforeGlobalPosition`, newest `count` of them, in ascending
    // order: what a browser needs to open a category at its end and scroll up. Not a Message DB call.
    virtual Result<MessageList> categoryMessagesBefore(const QString& ns, const QString& category,
                                                       qint64 beforeGlobalPosition, qint64 count) = 0;
    // Stream names of the category's messages from `fromGlobalPosition` on, `scanCount` messages at
    // most, in global order, through the category index: pages of streams without a table scan.
    virtual Result<QList<StreamSighting>> categoryStreamSightings(const QString& ns, const QString& category,
                                                                  qint64 fromGlobalPosition,
                                                                  qint64 scanCount) = 0;

    // Every stream of the category with its message count, and the category's `newestCount` newest
    // messages, read in one snapshot through indexes (never a table scan).
    virtual Result<CategoryStreams> categoryStreams(const QString& ns, const QString& category,
                                                    qint64 newestCount) = 0;
    // How many of the category's messages are at or after `fromGlobalPosition`, through the category index.
    virtual Result<qint64> countCategoryMessages(const QString& ns, const QString& category,
                                                 qint64 fromGlobalPosition) = 0;
    // Every stream name of the namespace, in the stream index's order, from that index alone.
    virtual Result<QStringList> streamNames(const QString& ns) = 0;

    // Search: the matches of a filter in one range of a scope, evaluated by the database
    // (PostgreSQL jsonb, SQLite JSON1) with every literal bound; through the primary key, the
    // category index or the stream index. Fails with "canceling statement due to user request"
    // or "interrupted" when query.cancel is cancelled meanwhile.
    virtual Result<FindChunk> findMessages(const QString& ns, const FindQuery& query) = 0;
    // The first message at or after `globalPosition` (the last one before it, `backward`), of the
    // category when one is given, else of the whole namespace; one index probe. For go-to-time's
    // binary search and for a search's head.
    virtual Result<std::optional<Message>> messageNear(const QString& ns,
                                                       const std::optional<QString>& category,
                                                       qint64 globalPosition, bool backward) = 0;

    // Message DB's functions. A write returns the stream position written.
    Result<qint64> writeMessage(const QString& ns, const WriteRequest& request);
    // All in one transaction: every message is written, or none.
    virtual Result<QList<qint64>> writeMessages(const QString& ns, const QList<WriteRequest>& requests) = 0;
    virtual Result<MessageList> streamMessages(const QString& ns, const StreamQuery& query) = 0;
    virtual Result<MessageList> categoryMessages(const QString& ns, const CategoryQuery& query) = 0;
    virtual Result<std::optional<Message>> lastStreamMessage(const QString& ns,
                                                             const LastMessageQuery& query) = 0;
    // max(position), or absent for an empty stream (Message DB returns NULL).
    virtual Result<std::optional<qint64>> streamVersion(const QString& ns, const QString& streamName) = 0;
    virtual Result<QString> messageStoreVersion(const QString& ns) = 0;

    virtual StoreCapabilities capabilities() const { return {}; }
    // A connection of its own for single-message writes to `ns`, for the calling thread only; null
    // unless capabilities().writeChannels.
    virtual std::unique_ptr<WriteChannel> writeChannel(const QString& ns);

    // Opens the store described by `location`, with the backend it names (StoreFactory.cpp).
    // Opening checks the connection.
    static Result<std::unique_ptr<Store>> open(const StoreLocation& location);
    // Opens what a user named: a URL or path; if empty, $MDBSTUDIO_STORE; if that is empty too, the
    // embedded default store, whose namespace message_store is created on first use.
    static Result<std::unique_ptr<Store>> openNamed(const QString& text, StoreOpenOptions options = {});
};

} // namespace mdb
