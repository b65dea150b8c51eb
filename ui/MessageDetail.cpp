#include "ui/MessageDetail.h"

#include "storage/StreamName.h"
#include "ui/JsonView.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSplitter>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace mdb {
namespace {

QString row(const QString& name, const QString& value)
{
    return QStringLiteral("<tr><td style='padding-right:8px'><i>%1</i></td><td>%2</td></tr>")
        .arg(name, value);
}

QString streamLink(const QString& stream, std::optional<qint64> position = std::nullopt)
{
    QUrl url;
    url.setScheme(QStringLiteral("stream"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("name"), stream);
    if (position)
        query.addQueryItem(QStringLiteral("position"), QString::number(*position));
    url.setQuery(query);
    const QString label = position ? QStringLiteral("%1 @ %2").arg(stream).arg(*position) : stream;
    return QStringLiteral("<a href=\"%1\">%2</a>")
        .arg(url.toString(QUrl::FullyEncoded), label.toHtmlEscaped());
}

} // namespace

MessageDetail::MessageDetail(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_anatomy(new QLabel(this))
    , m_links(new QLabel(this))
    , m_data(new JsonView(tr("Data"), this))
    , m_metadata(new JsonView(tr("Metadata"), this))
{
    setObjectName(QStringLiteral("messageDetail"));
    m_data->setObjectName(QStringLiteral("dataView"));
    m_metadata->setObjectName(QStringLiteral("metadataView"));
    for (QLabel* label : {m_summary, m_anatomy, m_links}) {
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextBrowserInteraction);
        label->setWordWrap(true);
    }
    m_summary->setObjectName(QStringLiteral("messageSummary"));
    m_links->setObjectName(QStringLiteral("messageLinks"));
    connect(m_links, &QLabel::linkActivated, this, &MessageDetail::followLink);
    connect(m_anatomy, &QLabel::linkActivated, this, &MessageDetail::followLink);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_anatomy);
    layout->addWidget(m_links);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_data);
    split->addWidget(m_metadata);
    layout->addWidget(split, 1);
    showMessage(std::nullopt);
}

void MessageDetail::showMessage(const std::optional<Message>& message)
{
    m_message = message;
    if (!message) {
        m_summary->setText(tr("<i>Select a message to see it here.</i>"));
        m_anatomy->clear();
        m_links->clear();
        m_data->setJson(std::nullopt);
        m_metadata->setJson(std::nullopt);
        return;
    }
    const Message& m = *message;
    m_summary->setText(
        QStringLiteral("<table>%1%2%3%4%5</table>")
            .arg(row(tr("Type"), QStringLiteral("<b>%1</b>").arg(m.type.toHtmlEscaped())),
                 row(tr("Stream"), streamLink(m.streamName)),
                 row(tr("Position"), tr("%1 (global %2)").arg(m.position).arg(m.globalPosition)),
                 row(tr("Time"), m.timeText() + QStringLiteral(" UTC")), row(tr("Id"), m.id)));
    const QString category = StreamName::category(m.streamName);
    const QStringList types = StreamName::categoryTypes(m.streamName);
    const std::optional<QString> id = StreamName::id(m.streamName);
    const std::optional<QString> cardinal = StreamName::cardinalId(m.streamName);
    m_anatomy->setText(
        QStringLiteral("<table>%1%2%3%4%5</table>")
            .arg(row(tr("Category"), QStringLiteral("<a href=\"category:%1\">%2</a>")
                                         .arg(QString::fromUtf8(QUrl::toPercentEncoding(category)),
                                              category.toHtmlEscaped())),
                 row(tr("Entity"), StreamName::categoryEntity(m.streamName).toHtmlEscaped()),
                 row(tr("Category types"),
                     types.isEmpty() ? tr("none") : types.join(QStringLiteral(", ")).toHtmlEscaped()),
                 row(tr("Id"), id ? id->toHtmlEscaped() : tr("none (a category name)")),
                 row(tr("Cardinal id"),
                     cardinal ? cardinal->toHtmlEscaped() : tr("none: no consumer-group member"))));
    // Eventide's metadata fields, as links.
    QStringList links;
    if (m.metadata) {
        const QJsonObject md = QJsonDocument::fromJson(m.metadata->toUtf8()).object();
        const auto text = [&md](const char* key) {
            return md.value(QLatin1String(key)).toString();
        };
        if (!text("correlationStreamName").isEmpty())
            links << row(tr("Correlation"), streamLink(text("correlationStreamName")));
        if (!text("causationMessageStreamName").isEmpty()) {
            const QJsonValue position = md.value(QStringLiteral("causationMessagePosition"));
            links << row(
                tr("Caused by"),
                streamLink(text("causationMessageStreamName"),
                           position.isDouble() ? std::optional<qint64>(position.toInteger()) : std::nullopt));
        }
        if (!text("replyStreamName").isEmpty())
            links << row(tr("Reply to"), streamLink(text("replyStreamName")));
    }
    m_links->setText(links.isEmpty() ? QString()
                                     : QStringLiteral("<table>%1</table>").arg(links.join(QString())));
    m_data->setJson(m.data);
    m_metadata->setJson(m.metadata);
}

void MessageDetail::followLink(const QString& link)
{
    const QUrl url(link);
    if (url.scheme() == u"category") {
        Q_EMIT openCategory(QUrl::fromPercentEncoding(link.mid(9).toUtf8()));
        return;
    }
    const QUrlQuery query(url);
    const QString stream = query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded);
    const QString position = query.queryItemValue(QStringLiteral("position"));
    Q_EMIT openStream(stream,
                      position.isEmpty() ? std::nullopt : std::optional<qint64>(position.toLongLong()));
}

} // namespace mdb
