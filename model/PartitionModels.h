#pragma once

#include "model/ConsumerPositions.h"
#include "model/PartitionSimulation.h"

#include <QAbstractTableModel>

namespace mdb {

// Sorting by SortRole compares numbers as numbers.
constexpr int PartitionSortRole = Qt::UserRole + 1;

// The consumer-group tables: a fixed row of columns, each with its header text; the rows are the
// subclass's.
class GroupTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    GroupTableModel(QStringList headers, QObject* parent);
    virtual QString header(int section) const;

private:
    QStringList m_headers;
};

// Every stream of a simulated category with its cardinal id, hash, member for the group size, and
// the member it would have after a resize. Reads the simulation it is given; the owner keeps it
// alive and reports changes (streamsAdded, streamsChanged).
class PartitionStreamsModel : public GroupTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Stream,
        CardinalId,
        Hash,
        Member,
        Messages,
        MemberAfterResize,
        ColumnCount
    };

    explicit PartitionStreamsModel(QObject* parent = nullptr);

    void setSimulation(const PartitionSimulation* simulation);
    void setGroupSizes(int groupSize, int resizedGroupSize);
    // The simulation grew to `count` streams, or the streams in [first, last] changed.
    void streamsAdded(qsizetype count);
    void streamsChanged(qsizetype first, qsizetype last);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    QString header(int section) const override;

private:
    const PartitionSimulation* m_simulation = nullptr;
    int m_rows = 0;
    int m_groupSize = 1;
    int m_resizedGroupSize = 1;
};

// One row per member of the group: streams, messages, share, last position and time, live rate.
class MemberLoadModel : public GroupTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Member,
        Streams,
        Messages,
        Share,
        LastGlobalPosition,
        LastTime,
        Rate,
        ColumnCount
    };

    explicit MemberLoadModel(QObject* parent = nullptr);

    void setLoads(const QList<MemberLoad>& loads);
    void setRates(const QList<double>& rates);
    const QList<MemberLoad>& loads() const { return m_loads; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QList<MemberLoad> m_loads;
    QList<double> m_rates;
};

// The streams a resize moves: from which member to which, and their messages.
class StreamMovesModel : public GroupTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Stream,
        From,
        To,
        Messages,
        ColumnCount
    };

    explicit StreamMovesModel(QObject* parent = nullptr);

    void setMoves(const PartitionSimulation* simulation, const QList<StreamMove>& moves);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    const PartitionSimulation* m_simulation = nullptr;
    QList<StreamMove> m_moves;
};

// For a group of `from` members, what each size 1..MaxSizes would move: streams, their share of
// the category's streams, and messages (PartitionSimulation::movedBySize).
class GroupResizeModel : public GroupTableModel
{
    Q_OBJECT
public:
    static constexpr int MaxSizes = 16;
    enum Column
    {
        Resize,
        StreamsMoved,
        StreamShare,
        MessagesMoved,
        ColumnCount
    };

    explicit GroupResizeModel(QObject* parent = nullptr);

    // Empty when `simulation` is null.
    void setSimulation(const PartitionSimulation* simulation, int fromSize);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    int m_from = 1;
    qsizetype m_streams = 0;
    QList<std::pair<qint64, qint64>> m_moved; // index n-1: streams and messages moved going to n
};

// Where one stream name or id goes for each group size 1..16 (PartitionSimulation::lookup).
class StreamLookupModel : public GroupTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        GroupSize,
        Member,
        ColumnCount
    };

    explicit StreamLookupModel(QObject* parent = nullptr);

    void setLookup(const StreamLookup& lookup);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QList<int> m_members;
};

// One batch of get_category_messages as a consumer receives it.
class ReplayBatchModel : public GroupTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        GlobalPosition,
        Position,
        Stream,
        Type,
        Time,
        ColumnCount
    };

    explicit ReplayBatchModel(QObject* parent = nullptr);

    void setBatch(const MessageList& batch);
    const MessageList& batch() const { return m_batch; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    MessageList m_batch;
};

// Eventide consumers' recorded positions in a category and how far behind its head they are.
class ConsumerPositionsModel : public GroupTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Consumer,
        PositionStream,
        RecordedPosition,
        MessagesBehind,
        TimeBehind,
        RecordedAt,
        ColumnCount
    };

    explicit ConsumerPositionsModel(QObject* parent = nullptr);

    void setPositions(const QList<ConsumerPosition>& positions);
    const QList<ConsumerPosition>& positions() const { return m_positions; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QList<ConsumerPosition> m_positions;
};

// "member 3", or "none" for a stream that no member reads.
QString memberText(int member);
// A lag as "4.2 s", "3 min 5 s" or "2 h 10 min".
QString durationText(qint64 micros);

} // namespace mdb
