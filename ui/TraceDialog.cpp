#include "ui/TraceDialog.h"

#include "model/Background.h"
#include "model/WorkerPools.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mdb {

namespace {

QString metadataText(const Message& m, const char* key)
{
    if (!m.metadata)
        return {};
    return QJsonDocument::fromJson(m.metadata->toUtf8()).object().value(QLatin1String(key)).toString();
}

} // namespace

TraceDialog::TraceDialog(std::shared_ptr<Store> store, const QString& ns, const Message& message,
                         QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Trace of %1 @ %2").arg(message.streamName).arg(message.position));
    m_status = new QLabel(tr("Following causation metadata back and forward…"), this);
    m_status->setObjectName(QStringLiteral("traceStatus"));
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("traceTable"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHeaderLabels({tr("Depth"), tr("Global position"), tr("Stream"), tr("Type"), tr("Time (UTC)"),
                              tr("Correlation"), tr("Reply to")});
    m_table->header()->resizeSection(2, 260);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    resize(1000, 420);
    connect(m_table, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        Q_EMIT openMessage(m_entries.at(m_table->indexOfTopLevelItem(item)).message);
    });
    runInBackground(
        this, interactivePool(),
        [store, ns, position = message.globalPosition] { return traceMessage(*store, ns, position); },
        [this](const Result<QList<TraceEntry>>& entries) {
            if (!entries) {
                m_status->setText(entries.error().text());
                return;
            }
            m_entries = *entries;
            int causes = 0;
            int effects = 0;
            for (const TraceEntry& e : m_entries) {
                causes += e.depth < 0 ? 1 : 0;
                effects += e.depth > 0 ? 1 : 0;
                // Indented by depth, so a chain reads top to bottom as it happened.
                auto* item = new QTreeWidgetItem(
                    {QString::number(e.depth), QString::number(e.message.globalPosition),
                     QString(qAbs(e.depth) * 2, u' ') + e.message.streamName, e.message.type,
                     e.message.timeText(), metadataText(e.message, "correlationStreamName"),
                     metadataText(e.message, "replyStreamName")});
                if (e.depth == 0) {
                    QFont bold = item->font(0);
                    bold.setBold(true);
                    for (int column = 0; column < item->columnCount(); ++column)
                        item->setFont(column, bold);
                }
                m_table->addTopLevelItem(item);
            }
            m_status->setText(
                tr("%n cause(s) and %1 effect(s); double-click a row to open it.", nullptr, causes)
                    .arg(effects));
            Q_EMIT traced();
        });
}

} // namespace mdb
