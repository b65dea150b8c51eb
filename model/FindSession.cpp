#include "model/FindSession.h"

#include "model/Background.h"
#include "model/WorkerPools.h"

namespace mdb {

namespace {

// The results table repaints its visible cells after every chunk of a search, laying out each
// cell's text: a preview as short as the message table's keeps that repaint short
// (docs/benchmarks.md, Find).
constexpr int PreviewLength = 48;

} // namespace

void FindResultsModel::clear()
{
    beginResetModel();
    m_messages.clear();
    endResetModel();
}

void FindResultsModel::append(const MessageList& messages)
{
    if (messages.isEmpty())
        return;
    beginInsertRows({}, int(m_messages.size()), int(m_messages.size() + messages.size()) - 1);
    m_messages += messages;
    endInsertRows();
}

int FindResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

int FindResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindResultsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_messages.size())
        return {};
    const Message& m = m_messages.at(index.row());
    if (role == Qt::TextAlignmentRole && (index.column() == GlobalPosition || index.column() == Position))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Data)
        return m.data.value_or(QStringLiteral("null"));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case GlobalPosition:
        return QString::number(m.globalPosition);
    case Position:
        return QString::number(m.position);
    case Time:
        return m.timeText();
    case Stream:
        return m.streamName;
    case Type:
        return m.type;
    case Data: {
        const QString data = m.data.value_or(QStringLiteral("null"));
        return data.size() > PreviewLength ? data.left(PreviewLength) + QStringLiteral("…") : data;
    }
    default:
        return {};
    }
}

QVariant FindResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList headers{tr("Global position"), tr("Position"), tr("Time (UTC)"),
                                     tr("Stream"),          tr("Type"),     tr("Data")};
    return headers.value(section);
}

FindSession::FindSession(QObject* parent)
    : QObject(parent)
    , m_results(new FindResultsModel(this))
{}

FindSession::~FindSession()
{
    if (m_cancel)
        m_cancel->cancel(); // a chunk under way stops; its answer is dropped with the watcher
}

void FindSession::start(std::shared_ptr<Store> store, const QString& ns, FindRequest request)
{
    cancel();
    ++m_generation;
    m_results->clear();
    m_cancel = std::make_shared<QueryCancel>();
    m_scan = std::make_shared<FindScan>(std::move(store), ns, std::move(request), m_cancel);
    m_scanned = m_total = m_matches = 0;
    m_scannedThrough = 0;
    m_error = {};
    m_clock.start();
    setState(State::Running);
    runChunk(true);
}

void FindSession::cancel()
{
    if (m_state != State::Running)
        return;
    m_cancel->cancel();
    ++m_generation; // the chunk under way is not waited for
    setState(State::Cancelled);
}

void FindSession::findMore(qint64 more)
{
    if (m_state != State::CapReached)
        return;
    m_scan->allowMore(more);
    setState(State::Running);
    runChunk(false);
}

double FindSession::rate() const
{
    const qint64 ms = elapsedMs();
    return ms > 0 ? double(m_scanned) * 1000.0 / double(ms) : 0.0;
}

void FindSession::runChunk(bool first)
{
    struct Step
    {
        MessageList matches;
        FindScan::Outcome outcome = FindScan::Outcome::Running;
        qint64 scanned = 0, total = 0, scannedThrough = 0;
    };
    const quint64 generation = m_generation;
    // The scan is used by one job at a time: the next chunk starts after this one's answer.
    runInBackground(
        this, interactivePool(),
        [scan = m_scan, first]() -> Result<Step> {
            if (first) {
                if (Status started = scan->start(); !started)
                    return started.error();
            }
            Result<MessageList> found = scan->next();
            if (!found)
                return found.error();
            return Step{*found, scan->outcome(), scan->scanned(), scan->total(), scan->scannedThrough()};
        },
        [this, generation](const Result<Step>& step) {
            if (generation != m_generation)
                return;
            if (!step) {
                m_error = step.error();
                setState(State::Failed);
                return;
            }
            m_results->append(step->matches);
            m_matches += step->matches.size();
            m_scanned = step->scanned;
            m_total = step->total;
            m_scannedThrough = step->scannedThrough;
            Q_EMIT progressed();
            switch (step->outcome) {
            case FindScan::Outcome::Running:
                runChunk(false);
                break;
            case FindScan::Outcome::CapReached:
                setState(State::CapReached);
                break;
            case FindScan::Outcome::Finished:
                setState(State::Finished);
                break;
            }
        });
}

void FindSession::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace mdb
