#pragma once

#include "model/FindScan.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace mdb {

// A search's matches as they arrive, in global-position order; at most the session's cap at a
// time, so memory stays bounded whatever the number of matches.
class FindResultsModel : public QAbstractTableModel
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
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void clear();
    void append(const MessageList& messages);
    const MessageList& messages() const { return m_messages; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    MessageList m_messages;
};

// One search at a time, off the GUI thread: the FindScan's chunks run one after another on a
// worker, the matches land in the results model, progress (scanned of total, rate) follows each
// chunk, and cancel() stops the statement on the server. Lives on the GUI thread.
class FindSession : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 DefaultCap = 1000;

    enum class State
    {
        Idle,
        Running,
        CapReached, // stopped at the cap; findMore() goes on
        Finished,
        Cancelled,
        Failed,
    };

    explicit FindSession(QObject* parent = nullptr);
    ~FindSession() override;

    // Starts a search (ending any under way); the cap on matches is request.maxMatches.
    void start(std::shared_ptr<Store> store, const QString& ns, FindRequest request);
    void cancel();
    // After the cap: the next `more` matches from where the search stopped.
    void findMore(qint64 more = DefaultCap);

    State state() const { return m_state; }
    FindResultsModel* results() const { return m_results; }
    qint64 scanned() const { return m_scanned; }
    qint64 total() const { return m_total; }
    qint64 matches() const { return m_matches; }
    qint64 scannedThrough() const { return m_scannedThrough; }
    // Positions looked at per second, since the search started.
    double rate() const;
    qint64 elapsedMs() const { return m_clock.isValid() ? m_clock.elapsed() : 0; }
    const StoreError& error() const { return m_error; }

Q_SIGNALS:
    void progressed();
    void stateChanged(mdb::FindSession::State state);

private:
    void runChunk(bool first);
    void setState(State state);

    FindResultsModel* m_results = nullptr;
    std::shared_ptr<FindScan> m_scan;
    std::shared_ptr<QueryCancel> m_cancel;
    quint64 m_generation = 0;
    State m_state = State::Idle;
    qint64 m_scanned = 0;
    qint64 m_total = 0;
    qint64 m_matches = 0;
    qint64 m_scannedThrough = 0;
    QElapsedTimer m_clock;
    StoreError m_error;
};

} // namespace mdb
