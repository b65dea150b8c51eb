#include "model/PartitionModels.h"

#include <QLocale>

namespace mdb {

namespace {

QVariant numberCell(qint64 value, int role)
{
    if (role == Qt::DisplayRole)
        return QLocale().toString(value);
    if (role == PartitionSortRole)
        return value;
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant memberCell(int member, int role)
{
    if (role == Qt::DisplayRole)
        return member == PartitionSimulation::NoMember ? QStringLiteral("none") : QString::number(member);
    if (role == PartitionSortRole)
        return member;
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant textCell(const QString& text, int role)
{
    return role == Qt::DisplayRole || role == PartitionSortRole ? QVariant(text) : QVariant();
}

} // namespace

QString memberText(int member)
{
    return member == PartitionSimulation::NoMember ? QStringLiteral("none")
                                                   : QStringLiteral("member %1").arg(member);
}

QString durationText(qint64 micros)
{
    const qint64 seconds = micros / 1000000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(double(micros) / 1e6, 0, 'f', 1);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

GroupTableModel::GroupTableModel(QStringList headers, QObject* parent)
    : QAbstractTableModel(parent)
    , m_headers(std::move(headers))
{}

int GroupTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= m_headers.size())
        return {};
    return header(section);
}

QString GroupTableModel::header(int section) const
{
    return m_headers.value(section);
}

QString PartitionStreamsModel::header(int section) const
{
    // "Member (n=%1)": the member under each of the two group sizes.
    if (section == Member)
        return GroupTableModel::header(section).arg(m_groupSize);
    if (section == MemberAfterResize)
        return GroupTableModel::header(section).arg(m_resizedGroupSize);
    return GroupTableModel::header(section);
}

PartitionStreamsModel::PartitionStreamsModel(QObject* parent)
    : GroupTableModel({tr("Stream"), tr("Cardinal id"), tr("hash_64"), tr("Member (n=%1)"), tr("Messages"),
                       tr("Member (n=%1)")},
                      parent)
{}

void PartitionStreamsModel::setSimulation(const PartitionSimulation* simulation)
{
    beginResetModel();
    m_simulation = simulation;
    m_rows = simulation ? int(simulation->streams().size()) : 0;
    endResetModel();
}

void PartitionStreamsModel::setGroupSizes(int groupSize, int resizedGroupSize)
{
    m_groupSize = groupSize;
    m_resizedGroupSize = resizedGroupSize;
    Q_EMIT headerDataChanged(Qt::Horizontal, Member, MemberAfterResize);
    if (m_rows > 0)
        Q_EMIT dataChanged(index(0, Member), index(m_rows - 1, MemberAfterResize));
}

void PartitionStreamsModel::streamsAdded(qsizetype count)
{
    if (count <= m_rows)
        return;
    beginInsertRows({}, m_rows, int(count) - 1);
    m_rows = int(count);
    endInsertRows();
}

void PartitionStreamsModel::streamsChanged(qsizetype first, qsizetype last)
{
    if (first <= last && last < m_rows)
        Q_EMIT dataChanged(index(int(first), Messages), index(int(last), Messages));
}

int PartitionStreamsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QVariant PartitionStreamsModel::data(const QModelIndex& index, int role) const
{
    if (!m_simulation || !index.isValid() || index.row() >= m_rows)
        return {};
    const PartitionStream& s = m_simulation->streams().at(index.row());
    switch (index.column()) {
    case Stream:
        return textCell(s.streamName, role);
    case CardinalId:
        return textCell(s.cardinalId ? *s.cardinalId : QStringLiteral("(no id)"), role);
    case Hash:
        if (!s.hash)
            return textCell(QStringLiteral("NULL"), role);
        return role == Qt::DisplayRole ? QVariant(QString::number(*s.hash)) : numberCell(*s.hash, role);
    case Member:
        return memberCell(PartitionSimulation::memberOf(s, m_groupSize), role);
    case Messages:
        return numberCell(s.messages, role);
    case MemberAfterResize:
        return memberCell(PartitionSimulation::memberOf(s, m_resizedGroupSize), role);
    default:
        return {};
    }
}

MemberLoadModel::MemberLoadModel(QObject* parent)
    : GroupTableModel({tr("Member"), tr("Streams"), tr("Messages"), tr("Share"), tr("Last global position"),
                       tr("Last time"), tr("Messages/s (live)")},
                      parent)
{}

void MemberLoadModel::setLoads(const QList<MemberLoad>& loads)
{
    if (loads.size() == m_loads.size()) {
        m_loads = loads;
        if (!m_loads.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_loads.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_loads = loads;
    m_rates = QList<double>(loads.size(), 0.0);
    endResetModel();
}

void MemberLoadModel::setRates(const QList<double>& rates)
{
    if (rates.size() != m_loads.size())
        return;
    m_rates = rates;
    if (!m_loads.isEmpty())
        Q_EMIT dataChanged(index(0, Rate), index(int(m_loads.size()) - 1, Rate));
}

int MemberLoadModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_loads.size());
}

QVariant MemberLoadModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_loads.size())
        return {};
    const MemberLoad& load = m_loads.at(index.row());
    switch (index.column()) {
    case Member:
        return memberCell(index.row(), role);
    case Streams:
        return numberCell(load.streams, role);
    case Messages:
        return numberCell(load.messages, role);
    case Share:
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 %").arg(load.share * 100.0, 0, 'f', 2);
        return role == PartitionSortRole ? QVariant(load.share) : numberCell(0, role);
    case LastGlobalPosition:
        if (!load.lastGlobalPosition)
            return textCell(QStringLiteral("–"), role);
        return role == Qt::DisplayRole ? QVariant(QString::number(*load.lastGlobalPosition))
                                       : numberCell(*load.lastGlobalPosition, role);
    case LastTime:
        if (!load.lastGlobalPosition)
            return textCell(QStringLiteral("–"), role);
        return role == PartitionSortRole ? QVariant(load.lastTimeMicros)
                                         : textCell(timeText(load.lastTimeMicros), role);
    case Rate: {
        const double rate = m_rates.value(index.row());
        if (role == Qt::DisplayRole)
            return QString::number(rate, 'f', 1);
        return role == PartitionSortRole ? QVariant(rate) : numberCell(0, role);
    }
    default:
        return {};
    }
}

StreamMovesModel::StreamMovesModel(QObject* parent)
    : GroupTableModel({tr("Stream"), tr("From member"), tr("To member"), tr("Messages")}, parent)
{}

void StreamMovesModel::setMoves(const PartitionSimulation* simulation, const QList<StreamMove>& moves)
{
    beginResetModel();
    m_simulation = simulation;
    m_moves = moves;
    endResetModel();
}

int StreamMovesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_simulation ? 0 : int(m_moves.size());
}

QVariant StreamMovesModel::data(const QModelIndex& index, int role) const
{
    if (!m_simulation || !index.isValid() || index.row() >= m_moves.size())
        return {};
    const StreamMove& move = m_moves.at(index.row());
    const PartitionStream& stream = m_simulation->streams().at(move.stream);
    switch (index.column()) {
    case Stream:
        return textCell(stream.streamName, role);
    case From:
        return memberCell(move.from, role);
    case To:
        return memberCell(move.to, role);
    case Messages:
        return numberCell(stream.messages, role);
    default:
        return {};
    }
}

GroupResizeModel::GroupResizeModel(QObject* parent)
    : GroupTableModel(
          {tr("Group size"), tr("Streams that move"), tr("Share of streams"), tr("Messages that move")},
          parent)
{}

void GroupResizeModel::setSimulation(const PartitionSimulation* simulation, int fromSize)
{
    beginResetModel();
    m_from = fromSize;
    m_streams = simulation ? simulation->streams().size() : 0;
    m_moved = simulation ? simulation->movedBySize(fromSize, MaxSizes) : QList<std::pair<qint64, qint64>>();
    endResetModel();
}

int GroupResizeModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_moved.size());
}

QVariant GroupResizeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_moved.size())
        return {};
    const auto [streams, messages] = m_moved.at(index.row());
    switch (index.column()) {
    case Resize:
        return textCell(QStringLiteral("%1 → %2").arg(m_from).arg(index.row() + 1), role);
    case StreamsMoved:
        return numberCell(streams, role);
    case StreamShare: {
        const double share = m_streams > 0 ? 100.0 * double(streams) / double(m_streams) : 0.0;
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 %").arg(share, 0, 'f', 1);
        return role == PartitionSortRole ? QVariant(share) : numberCell(0, role);
    }
    case MessagesMoved:
        return numberCell(messages, role);
    default:
        return {};
    }
}

StreamLookupModel::StreamLookupModel(QObject* parent)
    : GroupTableModel({tr("Group size"), tr("Member")}, parent)
{}

void StreamLookupModel::setLookup(const StreamLookup& lookup)
{
    beginResetModel();
    m_members = lookup.members;
    endResetModel();
}

void StreamLookupModel::clear()
{
    setLookup({});
}

int StreamLookupModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant StreamLookupModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_members.size())
        return {};
    if (index.column() == GroupSize)
        return numberCell(index.row() + 1, role);
    if (index.column() == Member) {
        const int member = m_members.at(index.row());
        return role == Qt::DisplayRole ? QVariant(memberText(member)) : memberCell(member, role);
    }
    return {};
}

ReplayBatchModel::ReplayBatchModel(QObject* parent)
    : GroupTableModel({tr("Global position"), tr("Position"), tr("Stream"), tr("Type"), tr("Time")}, parent)
{}

void ReplayBatchModel::setBatch(const MessageList& batch)
{
    beginResetModel();
    m_batch = batch;
    endResetModel();
}

int ReplayBatchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_batch.size());
}

QVariant ReplayBatchModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_batch.size())
        return {};
    const Message& m = m_batch.at(index.row());
    switch (index.column()) {
    case GlobalPosition:
        return role == Qt::DisplayRole ? QVariant(QString::number(m.globalPosition))
                                       : numberCell(m.globalPosition, role);
    case Position:
        return role == Qt::DisplayRole ? QVariant(QString::number(m.position)) : numberCell(m.position, role);
    case Stream:
        return textCell(m.streamName, role);
    case Type:
        return textCell(m.type, role);
    case Time:
        return textCell(m.timeText(), role);
    default:
        return {};
    }
}

ConsumerPositionsModel::ConsumerPositionsModel(QObject* parent)
    : GroupTableModel({tr("Consumer"), tr("Position stream"), tr("Recorded position"), tr("Messages behind"),
                       tr("Time behind"), tr("Recorded at")},
                      parent)
{}

void ConsumerPositionsModel::setPositions(const QList<ConsumerPosition>& positions)
{
    beginResetModel();
    m_positions = positions;
    endResetModel();
}

int ConsumerPositionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_positions.size());
}

QVariant ConsumerPositionsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_positions.size())
        return {};
    const ConsumerPosition& p = m_positions.at(index.row());
    switch (index.column()) {
    case Consumer:
        return textCell(p.consumer, role);
    case PositionStream:
        return textCell(p.positionStream, role);
    case RecordedPosition:
        return role == Qt::DisplayRole ? QVariant(QString::number(p.recordedPosition))
                                       : numberCell(p.recordedPosition, role);
    case MessagesBehind:
        return numberCell(p.lagMessages, role);
    case TimeBehind:
        return role == Qt::DisplayRole ? QVariant(durationText(p.lagMicros)) : numberCell(p.lagMicros, role);
    case RecordedAt:
        return role == PartitionSortRole ? QVariant(p.recordedAtMicros)
                                         : textCell(timeText(p.recordedAtMicros), role);
    default:
        return {};
    }
}

} // namespace mdb
