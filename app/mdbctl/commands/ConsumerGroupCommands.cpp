// Message DB's hash and consumer groups: hash, member (no store needed) and partition.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/ConsumerGroupSession.h"
#include "model/MessageJson.h"
#include "storage/Hash64.h"
#include "storage/MessageDbRules.h"
#include "storage/Store.h"
#include "storage/StreamName.h"

#include <algorithm>

namespace mdbctl::commands {

namespace {

int printHashes(Context& c)
{
    const QStringList values = c.arguments();
    if (values.isEmpty())
        return usage(QStringLiteral("hash needs at least one VALUE"));
    for (const QString& value : values) {
        const qint64 h = mdb::hash64(value);
        if (c.json)
            out() << "{\"value\":" << mdb::MessageJson::quote(value) << ",\"hash_64\":" << h << "}\n";
        else
            out() << value << "\t" << h << "\n";
    }
    return Ok;
}

// The checks Message DB makes of a group size for a category read (member 0 always exists when
// the size is valid).
mdb::Status checkGroup(const QString& category, qint64 size)
{
    return mdb::MessageDbRules::checkCategoryQuery({category, {}, {}, {}, 0, size, {}}, false);
}

int printMembers(Context& c)
{
    QString problem;
    const std::optional<qint64> size = c.commandLine.number(QStringLiteral("size"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    if (!size)
        return usage(QStringLiteral("member needs --size N"));
    const QStringList streams = c.arguments();
    if (streams.isEmpty())
        return usage(QStringLiteral("member needs at least one STREAM_NAME"));
    if (mdb::Status ok = checkGroup(QStringLiteral("x"), *size); !ok)
        return fail(ok.error());
    for (const QString& stream : streams) {
        const std::optional<QString> cardinal = mdb::StreamName::cardinalId(stream);
        const std::optional<qint64> hash =
            cardinal ? std::optional<qint64>(mdb::hash64(*cardinal)) : std::nullopt;
        mdb::Result<std::optional<qint64>> member = mdb::consumerGroupMember(stream, *size);
        if (!member)
            return fail(member.error());
        if (c.json) {
            out() << "{\"stream_name\":" << mdb::MessageJson::quote(stream)
                  << ",\"category\":" << mdb::MessageJson::quote(mdb::StreamName::category(stream))
                  << ",\"cardinal_id\":" << jsonOrNull(cardinal) << ",\"hash_64\":" << numberOrNull(hash)
                  << ",\"member\":" << numberOrNull(*member) << "}\n";
        } else {
            out() << stream << "\t" << mdb::StreamName::category(stream) << "\t"
                  << cardinal.value_or(QStringLiteral("null")) << "\t" << numberOrNull(hash) << "\t"
                  << numberOrNull(*member) << "\n";
        }
    }
    return Ok;
}

void printMoves(const mdb::PartitionSimulation& simulation, int from, int to, bool json)
{
    QList<mdb::StreamMove> moves = simulation.resize(from, to).moves;
    std::sort(moves.begin(), moves.end(), [&simulation](const mdb::StreamMove& a, const mdb::StreamMove& b) {
        return simulation.streams().at(a.stream).streamName < simulation.streams().at(b.stream).streamName;
    });
    for (const mdb::StreamMove& move : moves) {
        const QString& name = simulation.streams().at(move.stream).streamName;
        if (json)
            out() << "{\"stream_name\":" << mdb::MessageJson::quote(name) << ",\"from\":" << move.from
                  << ",\"to\":" << move.to << "}\n";
        else
            out() << name << "\t" << move.from << "\t" << move.to << "\n";
    }
}

void printLoads(const mdb::PartitionSimulation& simulation, int size, bool json)
{
    const QList<mdb::MemberLoad> members = simulation.members(size);
    for (qsizetype m = 0; m < members.size(); ++m) {
        const mdb::MemberLoad& load = members.at(m);
        if (json)
            out() << "{\"member\":" << m << ",\"streams\":" << load.streams
                  << ",\"messages\":" << load.messages << "}\n";
        else
            out() << m << "\t" << load.streams << "\t" << load.messages << "\t"
                  << QString::number(load.share * 100.0, 'f', 2) << "\n";
    }
    if (json)
        return;
    // Streams without an id: in the category, read by no member.
    qint64 messages = 0;
    const QList<qsizetype> noId = simulation.noIdStreams();
    for (qsizetype i : noId)
        messages += simulation.streams().at(i).messages;
    if (!noId.isEmpty())
        out() << "none\t" << noId.size() << "\t" << messages << "\n";
}

int printPartition(Context& c)
{
    QString problem;
    const std::optional<qint64> size = c.commandLine.number(QStringLiteral("size"), problem);
    const std::optional<qint64> resized = c.commandLine.number(QStringLiteral("to"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    const QStringList args = c.arguments();
    if (args.size() != 1 || !size)
        return usage(QStringLiteral("partition needs CATEGORY and --size N"));
    const QString category = args.at(0);
    for (const std::optional<qint64>& n : {size, resized}) {
        if (n) {
            if (mdb::Status ok = checkGroup(category, *n); !ok)
                return fail(ok.error());
        }
    }
    const mdb::Result<mdb::PartitionSimulation> simulation =
        mdb::ConsumerGroupSession::readSimulation(*c.store, c.ns, category, 0);
    if (!simulation)
        return fail(simulation.error());
    if (resized)
        printMoves(*simulation, int(*size), int(*resized), c.json);
    else
        printLoads(*simulation, int(*size), c.json);
    return Ok;
}

const Option Size{QStringLiteral("size"), QStringLiteral("N"), QStringLiteral("the consumer group's size")};

} // namespace

Command hash()
{
    return {QStringLiteral("hash"),
            {{QStringLiteral("hash VALUE..."),
              {},
              QStringLiteral("Print Message DB's `hash_64` of each value. No store is opened.")}},
            {},
            {},
            false,
            printHashes};
}

Command member()
{
    return {
        QStringLiteral("member"),
        {{QStringLiteral("member STREAM_NAME... --size N"),
          {},
          QStringLiteral("Print each stream's category, cardinal id, hash and consumer-group member for a "
                         "group of N members. No store is opened.")}},
        {Size},
        {},
        false,
        printMembers};
}

Command partition()
{
    return {
        QStringLiteral("partition"),
        {{QStringLiteral("partition CATEGORY --size N [--to M]"),
          QStringLiteral("streams and messages per consumer-group member;\n"
                         "with --to, the streams that move from N to M members"),
          QStringLiteral("Print, for each member of a consumer group of N members, how many of the "
                         "category's streams and messages it gets. With `--to`, print instead the streams "
                         "that move to another member when the group changes from N to M members, with the "
                         "member they leave and the member they join.")}},
        {Size,
         {QStringLiteral("to"), QStringLiteral("M"), QStringLiteral("the group's size after a resize")}},
        {},
        true,
        printPartition};
}

} // namespace mdbctl::commands
