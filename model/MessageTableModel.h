#pragma once

#include "model/MessageFeed.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <memory>

namespace mdb {

// The message table: a window of contiguous rows over a feed, read by keyset pages (position or
// global position, never OFFSET and never a COUNT first). The window grows at either end as the
// view asks (fetchMore at the bottom, fetchEarlier at the top), evicts rows far from where it grew
// so memory stays bounded, and shows a "loading…" row while a page is on its way. With the live
// tail on and the window at the end, new messages are appended as they arrive.
// Every read runs on a worker thread; answers to an older load are dropped.
class MessageTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        GlobalPosition,
        Position,
        Time,
        Stream,
        Type,
        Data,
        Metadata,
        ColumnCount
    };
    enum Role
    {
        MessageRole = Qt::UserRole + 1,
        LoadingRole
    };

    static constexpr qint64 PageSize = 200;
    static constexpr int DefaultMaxRows = 4000;

    explicit MessageTableModel(QObject* parent = nullptr);
    ~MessageTableModel() override;

    void setStore(std::shared_ptr<Store> store);
    const MessageFeed& feed() const { return m_feed; }

    // Shows `feed` from its start position (or its start).
    void open(const MessageFeed& feed);
    // Shows the feed's last page.
    void jumpToEnd();
    // Shows the feed from `key` (position or global position) on.
    void jumpTo(qint64 key);
    void clear();

    // Reads the page before the first row, if there is one.
    void fetchEarlier();
    bool canFetchEarlier() const;

    void setLiveTail(bool on);
    // Reads what arrived after the last row, if the window shows the end (the live tail's step).
    void readNew();
    bool liveTail() const { return m_liveTail; }
    void setMaxRows(int rows) { m_maxRows = rows; }
    bool isLoading() const { return m_loading != Loading::None; }
    bool atEnd() const { return m_atEnd; }
    std::optional<Message> messageAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    // A read failed; a connection error may mean the server is gone (ConnectionWatch).
    void failed(const StoreError& error);
    // Rows were put in front of the window: a view keeps its place by scrolling down by `count`.
    void rowsPrepended(int count);
    // Rows were evicted from the top: a view keeps its place by scrolling up by `count`.
    void rowsTrimmedAtTop(int count);
    void loadingChanged(bool loading);

private:
    enum class Loading
    {
        None,
        Forward,
        Backward,
        Tail
    };
    void reset(const MessageFeed& feed);
    void request(Loading direction, std::optional<qint64> key);
    void apply(Loading direction, const Result<FeedPage>& page);
    void applyPage(Loading direction, const Result<FeedPage>& page);
    void setLoading(Loading loading);
    void evict(bool fromTop);

    const Message* rowMessage(int row) const;

    std::shared_ptr<Store> m_store;
    MessageFeed m_feed;
    MessageList m_rows;
    std::optional<qint64> m_nextForward;  // where reading on from the bottom starts
    std::optional<qint64> m_nextBackward; // where reading back from the top starts (exclusive)
    bool m_atStart = true;
    bool m_atEnd = true;
    bool m_opened = false;
    Loading m_loading = Loading::None;
    // Views (and the model tester) may ask for more from inside our change signals; not then.
    int m_changing = 0;
    struct ChangeGuard
    {
        explicit ChangeGuard(int& depth)
            : m_depth(depth)
        {
            ++m_depth;
        }
        ~ChangeGuard() { --m_depth; }
        int& m_depth;
    };
    quint64 m_generation = 0;
    int m_maxRows = DefaultMaxRows;
    bool m_liveTail = false;
    QTimer m_tailTimer;
};

} // namespace mdb
