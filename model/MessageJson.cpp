#include "model/MessageJson.h"

#include "storage/JsonbText.h"

namespace mdb::MessageJson {

QString quote(const QString& text)
{
    return jsonQuote(text);
}

QString line(const Message& m)
{
    const auto raw = [](const std::optional<QString>& json) {
        return json ? *json : QStringLiteral("null");
    };
    return QStringLiteral(
               "{\"global_position\":%1,\"position\":%2,\"time\":%3,\"stream_name\":%4,\"type\":%5,"
               "\"data\":%6,\"metadata\":%7,\"id\":%8}")
        .arg(QString::number(m.globalPosition), QString::number(m.position), quote(m.timeText()),
             quote(m.streamName), quote(m.type), raw(m.data), raw(m.metadata), quote(m.id));
}

namespace {
// A layout number, or null for namespaces mdbstudio did not make.
QString layoutNumber(int layout)
{
    return layout > 0 ? QString::number(layout) : QStringLiteral("null");
}
} // namespace

QString line(const NamespaceInfo& info)
{
    QStringList indexes;
    for (const QString& i : info.indexes)
        indexes << quote(i);
    QString json =
        QStringLiteral(
            "{\"name\":%1,\"kind\":%2,\"message_store_version\":%3,\"location\":%4,\"indexes\":[%5],"
            "\"approximate_message_count\":%6,\"last_global_position\":%7,\"layout\":%8,"
            "\"current_layout\":%9}")
            .arg(quote(info.name), quote(namespaceKindName(info.kind)),
                 info.messageStoreVersion.isEmpty() ? QStringLiteral("null")
                                                    : quote(info.messageStoreVersion),
                 quote(info.location), indexes.join(u','), QString::number(info.approximateMessageCount),
                 info.lastGlobalPosition ? QString::number(*info.lastGlobalPosition) : QStringLiteral("null"),
                 layoutNumber(info.layout), layoutNumber(info.currentLayout));
    // Only a namespace that cannot be opened says why.
    if (!info.unavailable.isEmpty()) {
        json.chop(1);
        json += QStringLiteral(",\"unavailable\":%1}").arg(quote(info.unavailable));
    }
    return json;
}

} // namespace mdb::MessageJson
