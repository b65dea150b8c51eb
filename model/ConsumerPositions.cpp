#include "model/ConsumerPositions.h"

#include "storage/StreamName.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>

namespace mdb {

QString positionCategory(const QString& category)
{
    return category +
           (category.contains(QLatin1Char(':')) ? QStringLiteral("+position") : QStringLiteral(":position"));
}

Result<QList<ConsumerPosition>> readConsumerPositions(Store& store, const QString& ns,
                                                      const QString& category)
{
    Result<CategoryStreams> positionStreams = store.categoryStreams(ns, positionCategory(category), 0);
    if (!positionStreams)
        return positionStreams.error();
    QList<ConsumerPosition> positions;
    if (positionStreams->streams.isEmpty())
        return positions;

    Result<MessageList> head =
        store.categoryMessagesBefore(ns, category, std::numeric_limits<qint64>::max(), 1);
    if (!head)
        return head.error();
    const qint64 headTime = head->isEmpty() ? 0 : head->constFirst().timeMicros;

    for (const StreamTotals& stream : positionStreams->streams) {
        Result<std::optional<Message>> recorded =
            store.lastStreamMessage(ns, {stream.streamName, QStringLiteral("Recorded")});
        if (!recorded)
            return recorded.error();
        if (!*recorded || !(*recorded)->data)
            continue;
        const QJsonValue value =
            QJsonDocument::fromJson((*recorded)->data->toUtf8()).object().value(u"position");
        if (!value.isDouble())
            continue;
        ConsumerPosition p;
        p.positionStream = stream.streamName;
        p.consumer = StreamName::id(stream.streamName).value_or(QString());
        p.recordedPosition = qint64(value.toDouble());
        p.recordedAtMicros = (*recorded)->timeMicros;
        Result<qint64> behind = store.countCategoryMessages(ns, category, p.recordedPosition + 1);
        if (!behind)
            return behind.error();
        p.lagMessages = *behind;
        if (p.lagMessages > 0) {
            // The message the consumer last handled: the category's last at or before its position.
            Result<MessageList> handled =
                store.categoryMessagesBefore(ns, category, p.recordedPosition + 1, 1);
            if (!handled)
                return handled.error();
            if (!handled->isEmpty())
                p.lagMicros = std::max<qint64>(0, headTime - handled->constFirst().timeMicros);
            else
                p.lagMicros = std::max<qint64>(0, headTime - p.recordedAtMicros);
        }
        positions.append(p);
    }
    std::sort(positions.begin(), positions.end(), [](const ConsumerPosition& a, const ConsumerPosition& b) {
        return a.positionStream < b.positionStream;
    });
    return positions;
}

} // namespace mdb
