#include "PartitionSimulation.h"

#include "Hash64.h"
#include "StreamName.h"

#include <QSet>

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

PartitionSimulation::PartitionSimulation(const QString& category, const QList<StreamTotals>& streams)
    : m_category(category)
{
    m_streams.reserve(streams.size());
    m_index.reserve(streams.size());
    for (const StreamTotals& totals : streams) {
        PartitionStream stream = partitionStream(totals.streamName);
        stream.messages = totals.messages;
        stream.lastGlobalPosition = totals.lastGlobalPosition;
        stream.lastTimeMicros = totals.lastTimeMicros;
        m_totalMessages += totals.messages;
        m_lastGlobalPosition = std::max(m_lastGlobalPosition, totals.lastGlobalPosition);
        m_index.insert(stream.streamName, m_streams.size());
        m_streams.append(std::move(stream));
    }
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
    const Result<qint64> member = consumerGroupMemberOfHash(*stream.hash, groupSize);
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
        if (!load.lastGlobalPosition || stream.lastGlobalPosition > *load.lastGlobalPosition) {
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

QHash<QString, QStringList>
PartitionSimulation::sharedCardinalIds(const QStringList& namespaceStreamNames) const
{
    QSet<QString> ours;
    for (const PartitionStream& stream : m_streams) {
        if (stream.cardinalId)
            ours.insert(*stream.cardinalId);
    }
    QHash<QString, QStringList> shared;
    for (const QString& name : namespaceStreamNames) {
        if (StreamName::category(name) == m_category)
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
    stream.lastGlobalPosition = std::max(stream.lastGlobalPosition, sighting.globalPosition);
    stream.lastTimeMicros = std::max(stream.lastTimeMicros, sighting.timeMicros);
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
