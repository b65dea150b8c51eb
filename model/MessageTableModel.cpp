#include "model/MessageTableModel.h"

#include "model/Background.h"
#include "model/WorkerPools.h"

namespace mdb {
namespace {

// Cells show a preview; the detail pane shows the whole JSON. Painting a cell lays its text out,
// so a short preview keeps each page's paint well inside a frame.
constexpr int PreviewLength = 48;
constexpr int TailIntervalMs = 1000;

QString preview(const std::optional<QString>& json)
{
    if (!json)
        return QStringLiteral("NULL");
    return json->size() > PreviewLength ? json->left(PreviewLength) + QStringLiteral("…") : *json;
}

} // namespace

MessageTableModel::MessageTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_tailTimer.setInterval(TailIntervalMs);
    connect(&m_tailTimer, &QTimer::timeout, this, &MessageTableModel::readNew);
}

// Reads in flight finish on their own: they hold the store, not the model, and their answers die
// with the model's watchers. Nothing waits for them here, so closing a table never blocks.
MessageTableModel::~MessageTableModel() = default;

void MessageTableModel::setStore(std::shared_ptr<Store> store)
{
    m_store = std::move(store);
    clear();
}

void MessageTableModel::reset(const MessageFeed& feed)
{
    ++m_generation;
    const bool wasLoading = m_loading != Loading::None;
    beginResetModel();
    m_feed = feed;
    m_rows.clear();
    m_nextForward.reset();
    m_nextBackward.reset();
    m_atStart = true;
    m_atEnd = true;
    m_opened = false;
    m_loading = Loading::None;
    endResetModel();
    if (wasLoading)
        Q_EMIT loadingChanged(false);
}

void MessageTableModel::clear()
{
    reset({});
}

void MessageTableModel::open(const MessageFeed& feed)
{
    reset(feed);
    m_opened = true;
    const qint64 defaultStart = feed.isStream() ? 0 : 1;
    m_atStart = true;
    m_atEnd = false;
    request(Loading::Forward, feed.startPosition.value_or(defaultStart));
}

void MessageTableModel::jumpTo(qint64 key)
{
    const MessageFeed feed = m_feed;
    reset(feed);
    m_opened = true;
    m_atStart = key <= (feed.isStream() ? 0 : 1);
    m_atEnd = false;
    m_nextForward = key;
    m_nextBackward = key; // reading back from here returns the messages before the key
    request(Loading::Forward, key);
}

void MessageTableModel::jumpToEnd()
{
    const MessageFeed feed = m_feed;
    reset(feed);
    m_opened = true;
    m_atStart = false;
    m_atEnd = true;
    request(Loading::Backward, std::nullopt);
}

bool MessageTableModel::canFetchEarlier() const
{
    return m_opened && !m_atStart && m_loading == Loading::None && m_changing == 0;
}

void MessageTableModel::fetchEarlier()
{
    if (!canFetchEarlier())
        return;
    request(Loading::Backward, m_nextBackward);
}

bool MessageTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_opened && !m_atEnd && m_loading == Loading::None && m_changing == 0;
}

void MessageTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    request(Loading::Forward, m_nextForward);
}

void MessageTableModel::setLiveTail(bool on)
{
    m_liveTail = on;
    if (on)
        m_tailTimer.start();
    else
        m_tailTimer.stop();
}

void MessageTableModel::readNew()
{
    // Only a window that shows the end follows it; elsewhere the user is reading history.
    if (!m_opened || !m_atEnd || m_loading != Loading::None || m_changing > 0 || !m_store)
        return;
    request(Loading::Tail, m_nextForward);
}

void MessageTableModel::setLoading(Loading loading)
{
    const ChangeGuard guard(m_changing);
    const bool was = m_loading != Loading::None;
    const bool placeholderWas = m_loading == Loading::Forward || m_loading == Loading::Backward;
    const bool placeholderNow = loading == Loading::Forward || loading == Loading::Backward;
    const int placeholderRow = m_loading == Loading::Backward ? 0 : int(m_rows.size());
    if (placeholderWas && !placeholderNow) {
        beginRemoveRows({}, placeholderRow, placeholderRow);
        m_loading = loading;
        endRemoveRows();
    } else if (!placeholderWas && placeholderNow) {
        const int row = loading == Loading::Backward ? 0 : int(m_rows.size());
        beginInsertRows({}, row, row);
        m_loading = loading;
        endInsertRows();
    } else {
        m_loading = loading;
    }
    if (was != (loading != Loading::None))
        Q_EMIT loadingChanged(loading != Loading::None);
}

void MessageTableModel::request(Loading direction, std::optional<qint64> key)
{
    if (!m_store)
        return;
    setLoading(direction);
    const quint64 generation = m_generation;
    std::shared_ptr<Store> store = m_store;
    const MessageFeed feed = m_feed;
    runInBackground(
        this, interactivePool(),
        [store, feed, direction, key]() -> Result<FeedPage> {
            if (direction == Loading::Backward)
                return FeedReader::backward(*store, feed, key, PageSize);
            return FeedReader::forward(
                *store, feed, key.value_or(feed.startPosition.value_or(feed.isStream() ? 0 : 1)), PageSize);
        },
        [this, generation, direction](const Result<FeedPage>& page) {
            if (generation == m_generation) // else an answer to a load the user has moved on from
                apply(direction, page);
        });
}

void MessageTableModel::apply(Loading direction, const Result<FeedPage>& page)
{
    const ChangeGuard guard(m_changing);
    applyPage(direction, page);
}

void MessageTableModel::applyPage(Loading direction, const Result<FeedPage>& page)
{
    setLoading(Loading::None);
    if (!page) {
        if (direction != Loading::Tail)
            m_atEnd = true; // stop asking again and again
        Q_EMIT failed(page.error());
        return;
    }
    const MessageList& rows = page->messages;
    if (direction == Loading::Backward) {
        m_atStart = page->reachedEdge;
        m_nextBackward = page->resumeKey;
        if (!m_nextForward) // a window opened at the end goes on past the newest message it looked at
            m_nextForward = page->forwardKey;
        if (!rows.isEmpty()) {
            beginInsertRows({}, 0, int(rows.size()) - 1);
            m_rows = rows + m_rows;
            endInsertRows();
            Q_EMIT rowsPrepended(int(rows.size()));
            evict(false);
        }
        return;
    }
    if (direction == Loading::Forward)
        m_atEnd = page->reachedEdge;
    if (page->resumeKey)
        m_nextForward = page->resumeKey;
    if (!m_nextBackward && !rows.isEmpty())
        m_nextBackward = m_feed.keyOf(rows.first());
    if (!rows.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
        m_rows += rows;
        endInsertRows();
        evict(true);
    }
}

void MessageTableModel::evict(bool fromTop)
{
    const int excess = int(m_rows.size()) - m_maxRows;
    if (excess <= 0)
        return;
    if (fromTop) {
        beginRemoveRows({}, 0, excess - 1);
        m_rows.remove(0, excess);
        m_nextBackward = m_feed.keyOf(m_rows.first());
        m_atStart = false;
        endRemoveRows();
        Q_EMIT rowsTrimmedAtTop(excess);
    } else {
        beginRemoveRows({}, int(m_rows.size()) - excess, int(m_rows.size()) - 1);
        m_rows.remove(m_rows.size() - excess, excess);
        m_nextForward = m_feed.keyOf(m_rows.last()) + 1;
        m_atEnd = false;
        endRemoveRows();
    }
}

const Message* MessageTableModel::rowMessage(int row) const
{
    const int index = row - (m_loading == Loading::Backward ? 1 : 0);
    if (index < 0 || index >= m_rows.size())
        return nullptr;
    return &m_rows.at(index);
}

std::optional<Message> MessageTableModel::messageAt(int row) const
{
    const Message* m = rowMessage(row);
    return m ? std::optional<Message>(*m) : std::nullopt;
}

int MessageTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    const bool placeholder = m_loading == Loading::Forward || m_loading == Loading::Backward;
    return int(m_rows.size()) + (placeholder ? 1 : 0);
}

int MessageTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (role != Qt::DisplayRole && role != Qt::TextAlignmentRole && role != MessageRole &&
        role != LoadingRole)
        return {}; // the delegate asks for many roles per cell; answer the rest without a lookup
    const Message* m = rowMessage(index.row());
    if (!m) {
        if (role == LoadingRole)
            return true;
        if (role == Qt::DisplayRole && index.column() == Stream)
            return tr("loading…");
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case GlobalPosition:
            return m->globalPosition;
        case Position:
            return m->position;
        case Time:
            return m->timeText();
        case Stream:
            return m->streamName;
        case Type:
            return m->type;
        case Data:
            return preview(m->data);
        case Metadata:
            return preview(m->metadata);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == GlobalPosition || index.column() == Position)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case MessageRole:
        return QVariant::fromValue(*m);
    case LoadingRole:
        return false;
    default:
        return {};
    }
}

QVariant MessageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GlobalPosition:
        return tr("Global position");
    case Position:
        return tr("Position");
    case Time:
        return tr("Time (UTC)");
    case Stream:
        return tr("Stream");
    case Type:
        return tr("Type");
    case Data:
        return tr("Data");
    case Metadata:
        return tr("Metadata");
    default:
        return {};
    }
}

} // namespace mdb
