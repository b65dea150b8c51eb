#pragma once

#include "model/PartitionSimulation.h"

#include <QAbstractTableModel>

namespace mdb {

// Sorting by SortRole compares numbers as numbers.
constexpr int PartitionSortRole = Qt::UserRole + 1;

// Every stream of a simulated category with its cardinal id, hash, member for the group size, and
// the member it would have after a resize. Reads the simulation it is given; the owner keeps it
// alive and reports changes (streamsAdded, streamsChanged).
class PartitionStreamsModel : public QAbstractTableModel
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

    using QAbstractTableModel::QAbstractTableModel;

    void setSimulation(const PartitionSimulation* simulation);
    void setGroupSizes(int groupSize, int resizedGroupSize);
    // The simulation grew to `count` streams, or the streams in [first, last] changed.
    void streamsAdded(qsizetype count);
    void streamsChanged(qsizetype first, qsizetype last);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const PartitionSimulation* m_simulation = nullptr;
    int m_rows = 0;
    int m_groupSize = 1;
    int m_resizedGroupSize = 1;
};

// One row per member of the group: streams, messages, share, last position and time, live rate.
class MemberLoadModel : public QAbstractTableModel
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

    using QAbstractTableModel::QAbstractTableModel;

    void setLoads(const QList<MemberLoad>& loads);
    void setRates(const QList<double>& rates);
    const QList<MemberLoad>& loads() const { return m_loads; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<MemberLoad> m_loads;
    QList<double> m_rates;
};

// The streams a resize moves: from which member to which, and their messages.
class StreamMovesModel : public QAbstractTableModel
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

    using QAbstractTableModel::QAbstractTableModel;

    void setMoves(const PartitionSimulation* simulation, const QList<StreamMove>& moves);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const PartitionSimulation* m_simulation = nullptr;
    QList<StreamMove> m_moves;
};

// "member 3", or "none" for a stream that no member reads.
QString memberText(int member);

} // namespace mdb
