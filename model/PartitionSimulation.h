#pragma once

#include "storage/Store.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace mdb {

// One stream of the simulated category: its totals and what consumer groups see of it.
struct PartitionStream
{
    QString streamName;
    std::optional<QString> cardinalId; // absent: the stream has no id and no member ever reads it
    std::optional<qint64> hash;        // hash_64 of the cardinal id
    qint64 messages = 0;
    // The stream's newest message, when it is among the category's newest read with it (or seen live).
    std::optional<qint64> lastGlobalPosition;
    qint64 lastTimeMicros = 0;
};

// What one member of a group of n would read of the category.
struct MemberLoad
{
    qint64 streams = 0;
    qint64 messages = 0;
    double share = 0; // of all the category's messages (no-id streams included, so shares may sum below 1)
    // The member's newest message; absent when none of its streams is among the newest read.
    std::optional<qint64> lastGlobalPosition;
    qint64 lastTimeMicros = 0;
};

struct StreamMove
{
    qsizetype stream = 0; // index into PartitionSimulation::streams()
    int from = 0;
    int to = 0;
};

// The effect of resizing a group from n to n'.
struct ResizeImpact
{
    qint64 streamsMoved = 0;
    qint64 messagesMoved = 0;
    QList<StreamMove> moves;
};

// Where a typed stream name or id would go.
struct StreamLookup
{
    std::optional<QString> category; // absent when the text was taken as an id
    std::optional<QString> cardinalId;
    std::optional<qint64> hash;
    QList<int> members; // for n = 1..16; -1 where no member reads it
};

// Message DB's consumer groups applied to one category's streams, computed on the client with the
// same hash_64 and modulo as get_category_messages: member m of n reads the streams whose
// abs(hash_64(cardinal_id)) mod n = m. Hashes are computed once; any n is then a modulo away.
class PartitionSimulation
{
public:
    static constexpr int NoMember = -1;

    PartitionSimulation() = default;
    // The category's streams and its newest messages, as Store::categoryStreams reads them.
    PartitionSimulation(const QString& category, const CategoryStreams& read);

    const QString& category() const { return m_category; }
    const QList<PartitionStream>& streams() const { return m_streams; }
    std::optional<qsizetype> indexOf(const QString& streamName) const;
    qint64 totalMessages() const { return m_totalMessages; }
    // The newest global position read or seen; where a live tail starts.
    qint64 lastGlobalPosition() const { return m_lastGlobalPosition; }
    // How many of the category's newest messages were read to date its members.
    qsizetype newestRead() const { return m_newestRead; }

    static int memberOf(const PartitionStream& stream, int groupSize);
    QList<MemberLoad> members(int groupSize) const;
    // The largest member's messages against the mean of all members (1.0 is perfect balance).
    static double imbalance(const QList<MemberLoad>& members);
    // Streams without an id, which no member of any group receives.
    QList<qsizetype> noIdStreams() const;
    ResizeImpact resize(int fromSize, int toSize) const;
    // For every n' in 1..maxSize, the streams and messages that move going from `fromSize` to n'
    // (index n'-1), in one pass.
    QList<std::pair<qint64, qint64>> movedBySize(int fromSize, int maxSize) const;
    // Cardinal ids of `category` that streams of other categories share, with those streams.
    static QHash<QString, QStringList> sharedCardinalIds(const QString& category,
                                                         const QStringList& namespaceStreamNames);

    // A message seen by a live tail; adds the stream if it is new. Returns the stream's index.
    qsizetype record(const StreamSighting& sighting);

    static StreamLookup lookup(const QString& streamNameOrId);

private:
    QString m_category;
    QList<PartitionStream> m_streams;
    QHash<QString, qsizetype> m_index;
    qint64 m_totalMessages = 0;
    qint64 m_lastGlobalPosition = 0;
    qsizetype m_newestRead = 0;
};

} // namespace mdb
