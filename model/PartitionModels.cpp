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

int PartitionStreamsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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

QVariant PartitionStreamsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Stream:
        return tr("Stream");
    case CardinalId:
        return tr("Cardinal id");
    case Hash:
        return tr("hash_64");
    case Member:
        return tr("Member (n=%1)").arg(m_groupSize);
    case Messages:
        return tr("Messages");
    case MemberAfterResize:
        return tr("Member (n=%1)").arg(m_resizedGroupSize);
    default:
        return {};
    }
}

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

int MemberLoadModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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

QVariant MemberLoadModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Member:
        return tr("Member");
    case Streams:
        return tr("Streams");
    case Messages:
        return tr("Messages");
    case Share:
        return tr("Share");
    case LastGlobalPosition:
        return tr("Last global position");
    case LastTime:
        return tr("Last time");
    case Rate:
        return tr("Messages/s (live)");
    default:
        return {};
    }
}

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

int StreamMovesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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

QVariant StreamMovesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Stream:
        return tr("Stream");
    case From:
        return tr("From member");
    case To:
        return tr("To member");
    case Messages:
        return tr("Messages");
    default:
        return {};
    }
}

} // namespace mdb
