#include "model/PartitionSimulation.h"

#include "storage/Hash64.h"
#include "storage/StreamName.h"

#include <QSet>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace mdb {

namespace {

PartitionStream partitionStream(const QString& streamName)
{
    PartitionStream stream;
    stream.streamName = streamName;
    stream.cardinalId = StreamName::cardinalId(streamName);
    if (stream.cardinalId)
        stream.hash = hash64(*stream.cardinalId);
    return stream;
}

} // namespace

PartitionSimulation::PartitionSimulation(const QString& category, const CategoryStreams& read)
    : m_category(category)
    , m_newestRead(read.newest.size())
{
    m_streams.resize(read.streams.size());
    // Parsing and hashing 100,000 names is most of the work: spread it over the cores.
    QtConcurrent::blockingMap(m_streams, [&read, first = m_streams.data()](PartitionStream& stream) {
        const StreamTotals& totals = read.streams.at(&stream - first);
        stream = partitionStream(totals.streamName);
        stream.messages = totals.messages;
    });
    m_index.reserve(m_streams.size());
    for (qsizetype i = 0; i < m_streams.size(); ++i) {
        m_totalMessages += m_streams.at(i).messages;
        m_index.insert(m_streams.at(i).streamName, i);
    }
    // Newest first: the first sighting of a stream is its newest message.
    for (const StreamSighting& sighting : read.newest) {
        const qsizetype i = m_index.value(sighting.streamName, -1);
        if (i < 0 || m_streams.at(i).lastGlobalPosition)
            continue;
        m_streams[i].lastGlobalPosition = sighting.globalPosition;
        m_streams[i].lastTimeMicros = sighting.timeMicros;
    }
    if (!read.newest.isEmpty())
        m_lastGlobalPosition = read.newest.constFirst().globalPosition;
}

std::optional<qsizetype> PartitionSimulation::indexOf(const QString& streamName) const
{
    const auto it = m_index.constFind(streamName);
    if (it == m_index.constEnd())
        return std::nullopt;
    return *it;
}

int PartitionSimulation::memberOf(const PartitionStream& stream, int groupSize)
{
    if (!stream.hash || groupSize < 1)
        return NoMember;
    // A hash of INT64_MIN makes PostgreSQL fail the read ("bigint out of range"); no member gets it.
    const std::optional<qint64> member = consumerGroupMemberOfHash(*stream.hash, groupSize);
    return member ? static_cast<int>(*member) : NoMember;
}

QList<MemberLoad> PartitionSimulation::members(int groupSize) const
{
    QList<MemberLoad> loads(std::max(groupSize, 0));
    for (const PartitionStream& stream : m_streams) {
        const int member = memberOf(stream, groupSize);
        if (member == NoMember)
            continue;
        MemberLoad& load = loads[member];
        ++load.streams;
        load.messages += stream.messages;
        if (stream.lastGlobalPosition &&
            (!load.lastGlobalPosition || *stream.lastGlobalPosition > *load.lastGlobalPosition)) {
            load.lastGlobalPosition = stream.lastGlobalPosition;
            load.lastTimeMicros = stream.lastTimeMicros;
        }
    }
    for (MemberLoad& load : loads)
        load.share = m_totalMessages > 0 ? double(load.messages) / double(m_totalMessages) : 0.0;
    return loads;
}

double PartitionSimulation::imbalance(const QList<MemberLoad>& members)
{
    if (members.isEmpty())
        return 0;
    qint64 total = 0;
    qint64 largest = 0;
    for (const MemberLoad& load : members) {
        total += load.messages;
        largest = std::max(largest, load.messages);
    }
    const double mean = double(total) / double(members.size());
    return mean > 0 ? double(largest) / mean : 0.0;
}

QList<qsizetype> PartitionSimulation::noIdStreams() const
{
    QList<qsizetype> indexes;
    for (qsizetype i = 0; i < m_streams.size(); ++i) {
        if (!m_streams.at(i).cardinalId)
            indexes.append(i);
    }
    return indexes;
}

ResizeImpact PartitionSimulation::resize(int fromSize, int toSize) const
{
    ResizeImpact impact;
    for (qsizetype i = 0; i < m_streams.size(); ++i) {
        const PartitionStream& stream = m_streams.at(i);
        const int from = memberOf(stream, fromSize);
        const int to = memberOf(stream, toSize);
        if (from == to)
            continue;
        ++impact.streamsMoved;
        impact.messagesMoved += stream.messages;
        impact.moves.append({i, from, to});
    }
    return impact;
}

QList<std::pair<qint64, qint64>> PartitionSimulation::movedBySize(int fromSize, int maxSize) const
{
    QList<std::pair<qint64, qint64>> moved(std::max(maxSize, 0), {0, 0});
    for (const PartitionStream& stream : m_streams) {
        const int from = memberOf(stream, fromSize);
        for (int n = 1; n <= maxSize; ++n) {
            if (memberOf(stream, n) != from) {
                ++moved[n - 1].first;
                moved[n - 1].second += stream.messages;
            }
        }
    }
    return moved;
}

QHash<QString, QStringList> PartitionSimulation::sharedCardinalIds(const QString& category,
                                                                   const QStringList& namespaceStreamNames)
{
    QSet<QString> ours;
    for (const QString& name : namespaceStreamNames) {
        if (StreamName::category(name) == category) {
            if (const std::optional<QString> cardinal = StreamName::cardinalId(name))
                ours.insert(*cardinal);
        }
    }
    QHash<QString, QStringList> shared;
    for (const QString& name : namespaceStreamNames) {
        if (StreamName::category(name) == category)
            continue;
        const std::optional<QString> cardinal = StreamName::cardinalId(name);
        if (cardinal && ours.contains(*cardinal))
            shared[*cardinal].append(name);
    }
    return shared;
}

qsizetype PartitionSimulation::record(const StreamSighting& sighting)
{
    qsizetype index = m_index.value(sighting.streamName, -1);
    if (index < 0) {
        index = m_streams.size();
        m_index.insert(sighting.streamName, index);
        m_streams.append(partitionStream(sighting.streamName));
    }
    PartitionStream& stream = m_streams[index];
    ++stream.messages;
    if (!stream.lastGlobalPosition || sighting.globalPosition > *stream.lastGlobalPosition) {
        stream.lastGlobalPosition = sighting.globalPosition;
        stream.lastTimeMicros = sighting.timeMicros;
    }
    ++m_totalMessages;
    m_lastGlobalPosition = std::max(m_lastGlobalPosition, sighting.globalPosition);
    return index;
}

StreamLookup PartitionSimulation::lookup(const QString& streamNameOrId)
{
    StreamLookup result;
    if (StreamName::isCategory(streamNameOrId)) {
        // No '-': not a stream with an id, so taken as an id; its cardinal id ends at the first '+'.
        result.cardinalId = streamNameOrId.section(QLatin1Char('+'), 0, 0);
    } else {
        result.category = StreamName::category(streamNameOrId);
        result.cardinalId = StreamName::cardinalId(streamNameOrId);
    }
    PartitionStream stream;
    stream.cardinalId = result.cardinalId;
    stream.hash = hash64(*result.cardinalId);
    result.hash = stream.hash;
    for (int n = 1; n <= 16; ++n)
        result.members.append(memberOf(stream, n));
    return result;
}

} // namespace mdb
