#include "model/SampleGenerator.h"

#include <QHash>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace mdb {
namespace {

// Entities with their event types; each entity may bring its command category along.
struct Entity
{
    const char* name;
    QList<const char*> events;
    QList<const char*> commands;
};

const QList<Entity>& entities()
{
    static const QList<Entity> list{
        {"account", {"Opened", "Deposited", "Withdrawn", "Closed"}, {"Open", "Deposit", "Withdraw", "Close"}},
        {"transfer", {"Initiated", "Withdrawn", "Deposited", "Completed"}, {"Initiate", "Cancel"}},
        {"customer", {"Registered", "AddressChanged", "Verified"}, {"Register", "ChangeAddress"}},
        {"order", {"Placed", "Paid", "Shipped", "Delivered"}, {"Place", "Pay"}},
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
    bool commands = false;
    bool positions = false;
};

QList<SampleCategory> categoriesFor(int count)
{
    // Order: account, account:command, account:position, transfer, transfer:command, customer, ...
    QList<SampleCategory> all;
    for (const Entity& e : entities()) {
        all << SampleCategory{QString::fromLatin1(e.name), e.events, false, false};
        if (!e.commands.isEmpty())
            all << SampleCategory{QString::fromLatin1(e.name) + QStringLiteral(":command"), e.commands, true,
                                  false};
        if (all.size() == 2)
            all << SampleCategory{QStringLiteral("account:position"), {"Recorded"}, false, true};
    }
    for (int extra = 0; all.size() < count; ++extra)
        all << SampleCategory{QStringLiteral("entity%1").arg(extra), {"Created", "Updated"}, false, false};
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
    // Streams are spread over the categories; each has an id that repeats across categories, as an
    // account's id does in account, account:command and transfer metadata.
    struct SampleStream
    {
        QString name;
        const SampleCategory* category;
        qint64 written = 0;
    };
    QList<SampleStream> streams;
    streams.reserve(spec.streams);
    for (qint64 i = 0; i < spec.streams; ++i) {
        const SampleCategory& c = categories.at(i % categories.size());
        const QString id = c.positions ? QStringLiteral("consumer%1").arg(i / categories.size())
                                       : QString::number(1000 + i / categories.size());
        streams << SampleStream{c.name + u'-' + id, &c};
    }

    SampleProgress done{0, spec.messages};
    const QString correlationFor = categories.first().name; // correlation chains point at the first entity
    while (done.written < spec.messages) {
        if (cancel && cancel->load())
            break;
        QList<WriteRequest> batch;
        const qint64 count = std::min(spec.batchSize, spec.messages - done.written);
        batch.reserve(count);
        for (qint64 i = 0; i < count; ++i) {
            // Skewed choice: a few streams are hot, as in real stores.
            const qint64 pick = qint64(double(streams.size()) * std::pow(rng.generateDouble(), 1.6));
            SampleStream& s = streams[std::min<qint64>(pick, streams.size() - 1)];
            WriteRequest r;
            r.id = uuidFrom(rng);
            r.streamName = s.name;
            const QString cardinal = s.name.mid(s.name.indexOf(u'-') + 1);
            if (s.category->positions) {
                r.type = QStringLiteral("Recorded");
                r.data = QStringLiteral(R"({"position": %1})").arg(done.written + i);
            } else {
                const auto& types = s.category->types;
                const qsizetype typeIndex =
                    s.written == 0 || types.size() == 1 ? 0 : 1 + rng.bounded(int(types.size() - 1));
                r.type = QString::fromLatin1(types.at(typeIndex));
                r.data =
                    QStringLiteral(
                        R"({"id": "%1", "amount": %2.%3, "currency": "EUR", "time": "2026-11-27T10:%4:%5.000Z"})")
                        .arg(cardinal)
                        .arg(rng.bounded(1, 5000))
                        .arg(rng.bounded(0, 100), 2, 10, QLatin1Char('0'))
                        .arg(rng.bounded(0, 60), 2, 10, QLatin1Char('0'))
                        .arg(rng.bounded(0, 60), 2, 10, QLatin1Char('0'));
                QString metadata =
                    QStringLiteral(R"({"correlationStreamName": "%1-%2", "schemaVersion": "1")")
                        .arg(correlationFor, cardinal);
                if (s.written > 0)
                    metadata += QStringLiteral(
                                    R"(, "causationMessageStreamName": "%1", "causationMessagePosition": %2)")
                                    .arg(s.name)
                                    .arg(s.written - 1);
                if (s.category->commands)
                    metadata +=
                        QStringLiteral(R"(, "replyStreamName": "%1:reply-%2")").arg(correlationFor, cardinal);
                r.metadata = metadata + u'}';
            }
            ++s.written;
            batch << r;
        }
        Result<QList<qint64>> written = store.writeMessages(ns, batch);
        if (!written)
            return written.error();
        done.written += count;
        if (progress)
            progress(done);
    }
    return done;
}

} // namespace mdb
