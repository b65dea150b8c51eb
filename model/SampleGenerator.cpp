#include "model/SampleGenerator.h"

#include <QHash>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <deque>

namespace mdb {
namespace {

// A command and the event its handler writes when it accepts it.
struct Command
{
    const char* type;
    const char* result;
};

// Entities with their event types; each entity may bring its command category along.
struct Entity
{
    const char* name;
    QList<const char*> events;
    QList<Command> commands;
};

const QList<Entity>& entities()
{
    static const QList<Entity> list{
        {"account",
         {"Opened", "Deposited", "Withdrawn", "Closed"},
         {{"Open", "Opened"}, {"Deposit", "Deposited"}, {"Withdraw", "Withdrawn"}, {"Close", "Closed"}}},
        {"transfer",
         {"Initiated", "Withdrawn", "Deposited", "Completed", "Cancelled"},
         {{"Initiate", "Initiated"}, {"Cancel", "Cancelled"}}},
        {"customer",
         {"Registered", "AddressChanged", "Verified"},
         {{"Register", "Registered"}, {"ChangeAddress", "AddressChanged"}}},
        {"order", {"Placed", "Paid", "Shipped", "Delivered"}, {{"Place", "Placed"}, {"Pay", "Paid"}}},
        {"payment", {"Authorized", "Captured", "Refunded"}, {}},
        {"invoice", {"Issued", "Paid", "Voided"}, {}},
        {"shipment", {"Packed", "Dispatched", "Delivered"}, {}},
        {"inventory", {"Received", "Reserved", "Released"}, {}},
        {"ledger", {"Posted", "Reversed"}, {}},
        {"notification", {"Queued", "Sent", "Failed"}, {}},
    };
    return list;
}

struct SampleCategory
{
    QString name;
    QList<const char*> types;
    QList<const char*> results; // commands: the event each type leads to, in `entity`'s streams
    QString entity;             // commands: the category of the entity they are for
    bool positions = false;

    bool commands() const { return !results.isEmpty(); }
};

QList<SampleCategory> categoriesFor(int count)
{
    // Order: account, account:command, account:position, transfer, transfer:command, customer, ...
    // A command category always comes right after its entity's, so a sample with the one has
    // the other.
    QList<SampleCategory> all;
    for (const Entity& e : entities()) {
        const QString entity = QString::fromLatin1(e.name);
        all << SampleCategory{entity, e.events, {}, {}, false};
        if (!e.commands.isEmpty()) {
            SampleCategory commands{entity + QStringLiteral(":command"), {}, {}, entity, false};
            for (const Command& c : e.commands) {
                commands.types << c.type;
                commands.results << c.result;
            }
            all << commands;
        }
        if (all.size() == 2)
            all << SampleCategory{QStringLiteral("account:position"), {"Recorded"}, {}, {}, true};
    }
    for (int extra = 0; all.size() < count; ++extra)
        all << SampleCategory{QStringLiteral("entity%1").arg(extra), {"Created", "Updated"}, {}, {}, false};
    return all.mid(0, std::max(1, count));
}

QString uuidFrom(QRandomGenerator& rng)
{
    quint32 words[4];
    rng.fillRange(words);
    words[1] = (words[1] & 0xffff0fffu) | 0x00004000u; // version 4
    words[2] = (words[2] & 0x3fffffffu) | 0x80000000u; // variant 1
    const QString hex = QStringLiteral("%1%2%3%4")
                            .arg(words[0], 8, 16, QLatin1Char('0'))
                            .arg(words[1], 8, 16, QLatin1Char('0'))
                            .arg(words[2], 8, 16, QLatin1Char('0'))
                            .arg(words[3], 8, 16, QLatin1Char('0'));
    return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' +
           hex.mid(20);
}

QString cardinalOf(const QString& streamName)
{
    return streamName.mid(streamName.indexOf(u'-') + 1);
}

QString amountFrom(QRandomGenerator& rng)
{
    return QStringLiteral("%1.%2")
        .arg(rng.bounded(1, 5000))
        .arg(rng.bounded(0, 100), 2, 10, QLatin1Char('0'));
}

QString dataFor(const QString& cardinal, const QString& amount, QRandomGenerator& rng)
{
    return QStringLiteral(
               R"({"id": "%1", "amount": %2, "currency": "EUR", "time": "2026-11-27T10:%3:%4.000Z"})")
        .arg(cardinal, amount)
        .arg(rng.bounded(0, 60), 2, 10, QLatin1Char('0'))
        .arg(rng.bounded(0, 60), 2, 10, QLatin1Char('0'));
}

// The message that caused another, as Eventide's metadata names it.
struct Cause
{
    QString streamName;
    qint64 position = 0;
    qint64 globalPosition = 0;
};

QString metadataFor(const QString& correlation, const std::optional<Cause>& cause, const QString& replyTo)
{
    QString metadata =
        QStringLiteral(R"({"correlationStreamName": "%1", "schemaVersion": "1")").arg(correlation);
    if (cause)
        metadata += QStringLiteral(R"(, "causationMessageStreamName": "%1", "causationMessagePosition": %2, )"
                                   R"("causationMessageGlobalPosition": %3)")
                        .arg(cause->streamName)
                        .arg(cause->position)
                        .arg(cause->globalPosition);
    if (!replyTo.isEmpty())
        metadata += QStringLiteral(R"(, "replyStreamName": "%1")").arg(replyTo);
    return metadata + u'}';
}

// A message that waits for its cause's global position, which is known only once the cause's
// batch is committed: the event a command leads to (depth 1), or the further event that event
// leads to (depth 2).
struct Effect
{
    QString streamName;
    QString type;
    QString amount;
    QString correlation;
    Cause cause;
    int depth = 1;
};

// Effects waiting at most; more commands than this are left unanswered, as rejected ones are.
constexpr qsizetype MaxWaitingEffects = 5000;
// The share of messages that are waiting effects, while there are some.
constexpr double EffectShare = 0.25;

// The global positions of a committed batch, given its stream positions: one read at each end,
// and the rest follow when nothing else wrote in between (one writer, as a sample usually is);
// else one read each.
Result<QList<qint64>> globalPositionsOf(Store& store, const QString& ns, const QList<WriteRequest>& batch,
                                        const QList<qint64>& positions)
{
    const auto readOne = [&](qsizetype i) -> Result<qint64> {
        Result<MessageList> found =
            store.streamMessages(ns, {batch.at(i).streamName, positions.at(i), 1, {}});
        if (!found)
            return found.error();
        if (found->isEmpty())
            return StoreError::make(ErrorKind::NotFound,
                                    QStringLiteral("A sample message just written is gone"));
        return found->constFirst().globalPosition;
    };
    const Result<qint64> first = readOne(0);
    if (!first)
        return first.error();
    const Result<qint64> last = readOne(batch.size() - 1);
    if (!last)
        return last.error();
    QList<qint64> global;
    global.reserve(batch.size());
    const bool contiguous = *last - *first == batch.size() - 1;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        if (contiguous) {
            global << *first + i;
            continue;
        }
        const Result<qint64> one = readOne(i);
        if (!one)
            return one.error();
        global << *one;
    }
    return global;
}

} // namespace

QStringList sampleCategories(int count)
{
    QStringList names;
    for (const SampleCategory& c : categoriesFor(count))
        names << c.name;
    return names;
}

Result<SampleProgress> writeSample(Store& store, const QString& ns, const SampleSpec& spec,
                                   const std::function<void(const SampleProgress&)>& progress,
                                   const std::atomic<bool>* cancel)
{
    if (spec.messages < 0 || spec.streams < 1 || spec.categories < 1 || spec.batchSize < 1)
        return StoreError::make(ErrorKind::InvalidArgument,
                                QStringLiteral("A sample needs at least one category and one stream"));
    QRandomGenerator rng(spec.seed != 0 ? spec.seed : QRandomGenerator::global()->generate());
    const QList<SampleCategory> categories = categoriesFor(spec.categories);
    QHash<QString, const SampleCategory*> categoryNamed;
    QList<const SampleCategory*> eventCategories; // where further events go
    for (const SampleCategory& c : categories) {
        categoryNamed.insert(c.name, &c);
        if (!c.commands() && !c.positions)
            eventCategories << &c;
    }
    // Streams are spread over the categories; each has an id that repeats across categories, as an
    // account's id does in account, account:command and transfer metadata.
    struct SampleStream
    {
        QString name;
        const SampleCategory* category;
    };
    QList<SampleStream> streams;
    streams.reserve(spec.streams);
    for (qint64 i = 0; i < spec.streams; ++i) {
        const SampleCategory& c = categories.at(i % categories.size());
        const QString id = c.positions ? QStringLiteral("consumer%1").arg(i / categories.size())
                                       : QString::number(1000 + i / categories.size());
        streams << SampleStream{c.name + u'-' + id, &c};
    }
    QHash<QString, qint64> writtenTo; // messages this run wrote to each stream

    // Small samples go in smaller transactions, so that they too have effects waiting for a
    // committed cause.
    const qint64 batchSize = std::min(spec.batchSize, std::max<qint64>(50, spec.messages / 20));
    const QString correlationFor = categories.first().name; // correlation chains point at the first entity
    std::deque<Effect> waiting;
    SampleProgress done{0, spec.messages};
    while (done.written < spec.messages) {
        if (cancel && cancel->load())
            break;
        QList<WriteRequest> batch;
        QList<Effect> leadsTo(0); // per message of the batch: the effect it causes, if any
        QList<qsizetype> causes;  // the batch's messages that cause an effect
        const qint64 count = std::min(batchSize, spec.messages - done.written);
        batch.reserve(count);
        for (qint64 i = 0; i < count; ++i) {
            WriteRequest r;
            r.id = uuidFrom(rng);
            std::optional<Effect> next;
            if (!waiting.empty() && rng.generateDouble() < EffectShare) {
                // An effect of an earlier batch's message.
                const Effect effect = waiting.front();
                waiting.pop_front();
                r.streamName = effect.streamName;
                r.type = effect.type;
                r.data = dataFor(cardinalOf(effect.streamName), effect.amount, rng);
                r.metadata = metadataFor(effect.correlation, effect.cause, {});
                if (effect.depth == 1 && !eventCategories.isEmpty()) {
                    // The event goes on to a further event of the same id in another entity.
                    const SampleCategory* own = categoryNamed.value(effect.streamName.section(u'-', 0, 0));
                    const SampleCategory* further =
                        eventCategories.at(rng.bounded(int(eventCategories.size())));
                    if (further == own && eventCategories.size() > 1)
                        further = eventCategories.at((eventCategories.indexOf(further) + 1) %
                                                     eventCategories.size());
                    const auto& types = further->types;
                    Effect e{further->name + u'-' + cardinalOf(effect.streamName),
                             QString::fromLatin1(
                                 types.at(types.size() == 1 ? 0 : 1 + rng.bounded(int(types.size() - 1)))),
                             effect.amount,
                             effect.correlation,
                             {},
                             2};
                    next = e;
                }
            } else {
                // Skewed choice: a few streams are hot, as in real stores.
                const qint64 pick = qint64(double(streams.size()) * std::pow(rng.generateDouble(), 1.6));
                const SampleStream& s = streams.at(std::min<qint64>(pick, streams.size() - 1));
                const SampleCategory& category = *s.category;
                r.streamName = s.name;
                const QString cardinal = cardinalOf(s.name);
                if (category.positions) {
                    r.type = QStringLiteral("Recorded");
                    r.data = QStringLiteral(R"({"position": %1})").arg(done.written + i);
                } else {
                    const auto& types = category.types;
                    const qsizetype typeIndex = writtenTo.value(s.name) == 0 || types.size() == 1
                                                    ? 0
                                                    : 1 + rng.bounded(int(types.size() - 1));
                    r.type = QString::fromLatin1(types.at(typeIndex));
                    const QString amount = amountFrom(rng);
                    r.data = dataFor(cardinal, amount, rng);
                    const QString correlation = correlationFor + u'-' + cardinal;
                    QString replyTo;
                    if (category.commands()) {
                        replyTo = correlationFor + QStringLiteral(":reply-") + cardinal;
                        next = Effect{category.entity + u'-' + cardinal,
                                      QString::fromLatin1(category.results.at(typeIndex)),
                                      amount,
                                      correlation,
                                      {},
                                      1};
                    }
                    r.metadata = metadataFor(correlation, std::nullopt, replyTo);
                }
            }
            ++writtenTo[r.streamName];
            if (next && qsizetype(waiting.size()) + causes.size() < MaxWaitingEffects) {
                causes << batch.size();
                leadsTo << *next;
            }
            batch << r;
        }
        Result<QList<qint64>> written = store.writeMessages(ns, batch);
        if (!written)
            return written.error();
        if (!causes.isEmpty()) {
            const Result<QList<qint64>> global = globalPositionsOf(store, ns, batch, *written);
            if (!global)
                return global.error();
            for (qsizetype k = 0; k < causes.size(); ++k) {
                Effect effect = leadsTo.at(k);
                const qsizetype at = causes.at(k);
                effect.cause = {batch.at(at).streamName, written->at(at), global->at(at)};
                waiting.push_back(effect);
            }
        }
        done.written += count;
        if (progress)
            progress(done);
    }
    return done;
}

} // namespace mdb
