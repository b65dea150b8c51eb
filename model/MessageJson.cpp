#include "MessageJson.h"

namespace mdb::MessageJson {

QString quote(const QString& text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar ch : text) {
        switch (ch.unicode()) {
        case u'"':
            out += u"\\\"";
            break;
        case u'\\':
            out += u"\\\\";
            break;
        case u'\n':
            out += u"\\n";
            break;
        case u'\r':
            out += u"\\r";
            break;
        case u'\t':
            out += u"\\t";
            break;
        case u'\b':
            out += u"\\b";
            break;
        case u'\f':
            out += u"\\f";
            break;
        default:
            if (ch.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(int(ch.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += ch;
        }
    }
    out += u'"';
    return out;
}

QString line(const Message& m)
{
    const auto raw = [](const std::optional<QString>& json) { return json ? *json : QStringLiteral("null"); };
    return QStringLiteral("{\"global_position\":%1,\"position\":%2,\"time\":%3,\"stream_name\":%4,\"type\":%5,"
                          "\"data\":%6,\"metadata\":%7,\"id\":%8}")
        .arg(QString::number(m.globalPosition), QString::number(m.position), quote(m.timeText()), quote(m.streamName),
             quote(m.type), raw(m.data), raw(m.metadata), quote(m.id));
}

QString line(const NamespaceInfo& info)
{
    QStringList indexes;
    for (const QString& i : info.indexes)
        indexes << quote(i);
    return QStringLiteral("{\"name\":%1,\"kind\":%2,\"message_store_version\":%3,\"location\":%4,\"indexes\":[%5],"
                          "\"approximate_message_count\":%6,\"last_global_position\":%7}")
        .arg(quote(info.name), quote(namespaceKindName(info.kind)),
             info.messageStoreVersion.isEmpty() ? QStringLiteral("null") : quote(info.messageStoreVersion),
             quote(info.location), indexes.join(u','), QString::number(info.approximateMessageCount),
             info.lastGlobalPosition ? QString::number(*info.lastGlobalPosition) : QStringLiteral("null"));
}

} // namespace mdb::MessageJson
