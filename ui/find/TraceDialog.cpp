#include "ui/find/TraceDialog.h"

#include "model/Background.h"
#include "model/WorkerPools.h"
#include "ui/find/TraceTimeline.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mdb {

TraceDialog::TraceDialog(std::shared_ptr<Store> store, const QString& ns, const Message& message,
                         QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Trace of %1 @ %2").arg(message.streamName).arg(message.position));
    m_status = new QLabel(tr("Following causation metadata back and forward…"), this);
    m_status->setObjectName(QStringLiteral("traceStatus"));
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("traceProgress"));
    m_bar->setRange(0, 0);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("traceCancel"));
    m_cancelButton->setToolTip(tr("Stop the search for effects; the server's statement stops too"));

    m_timeline = new TraceTimeline(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_timeline);
    scroll->setWidgetResizable(true); // as wide as the window, and scrolls when the trace is wider
    scroll->setMinimumHeight(140);

    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("traceTable"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHeaderLabels({tr("Depth"), tr("Global position"), tr("Stream"), tr("Type"), tr("Time (UTC)"),
                              tr("Correlation"), tr("Reply to")});
    m_table->header()->resizeSection(2, 260);

    m_split = new QSplitter(Qt::Vertical, this);
    m_split->addWidget(scroll);
    m_split->addWidget(m_table);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);

    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_bar);
    top->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_split, 1);
    resize(1000, 560);

    // The timeline and the table follow each other's current message.
    connect(m_timeline, &TraceTimeline::currentChanged, this, [this](int index) {
        if (QTreeWidgetItem* item = m_table->topLevelItem(index); item && m_table->currentItem() != item)
            m_table->setCurrentItem(item);
    });
    connect(m_table, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item)
            m_timeline->setCurrent(m_table->indexOfTopLevelItem(item));
    });
    connect(m_table, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        Q_EMIT openMessage(m_entries.at(m_table->indexOfTopLevelItem(item)).message);
    });
    connect(m_timeline, &TraceTimeline::activated, this,
            [this](int index) { Q_EMIT openMessage(m_entries.at(index).message); });
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        m_cancelButton->setEnabled(false);
        m_status->setText(tr("Cancelling…"));
        m_cancel->cancel();
    });

    // The tracing thread writes its progress into shared atomics; the dialog looks ten times a
    // second.
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, &TraceDialog::showProgress);
    m_progressTimer->start();

    runInBackground(
        this, interactivePool(),
        [store, ns, position = message.globalPosition, cancel = m_cancel, progress = m_progress] {
            return traceMessage(*store, ns, position, {}, cancel, progress.get());
        },
        [this](const Result<QList<TraceEntry>>& entries) {
            m_progressTimer->stop();
            m_bar->hide();
            m_cancelButton->hide();
            if (!entries) {
                m_status->setText(m_cancel->isCancelled() ? tr("Trace cancelled.") : entries.error().text());
            } else {
                m_entries = *entries;
                showEntries();
            }
            Q_EMIT traced();
        });
}

TraceDialog::~TraceDialog()
{
    // A trace still searching stops with the dialog.
    m_cancel->cancel();
}

void TraceDialog::showProgress()
{
    const qint64 size = m_progress->searchSize;
    if (m_progress->generation == 0 || size <= 0)
        return;
    // QProgressBar counts in int; the window is at most a few hundred thousand positions.
    m_bar->setRange(0, int(std::min<qint64>(size, std::numeric_limits<int>::max())));
    m_bar->setValue(int(std::min<qint64>(m_progress->scanned, size)));
    if (m_cancelButton->isEnabled())
        m_status->setText(tr("Searching for effects, generation %1: %2 found so far…")
                              .arg(m_progress->generation.load())
                              .arg(m_progress->effects.load()));
}

void TraceDialog::showEntries()
{
    int causes = 0;
    int effects = 0;
    for (const TraceEntry& e : m_entries) {
        causes += e.depth < 0 ? 1 : 0;
        effects += e.depth > 0 ? 1 : 0;
        // Indented by depth, so a chain reads top to bottom as it happened.
        auto* item =
            new QTreeWidgetItem({QString::number(e.depth), QString::number(e.message.globalPosition),
                                 QString(qAbs(e.depth) * 2, u' ') + e.message.streamName, e.message.type,
                                 e.message.timeText(), e.correlationStreamName, e.replyStreamName});
        if (e.depth == 0) {
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int column = 0; column < item->columnCount(); ++column)
                item->setFont(column, bold);
        }
        m_table->addTopLevelItem(item);
    }
    m_timeline->setEntries(m_entries);
    // The whole timeline where it fits (with room for a horizontal scroll bar), the table below.
    const int total = m_split->height();
    const int wanted = std::min(m_timeline->sizeHint().height() + 24, total * 2 / 3);
    m_split->setSizes({wanted, total - wanted});
    if (m_timeline->current() >= 0)
        m_table->setCurrentItem(m_table->topLevelItem(m_timeline->current()));
    m_status->setText(tr("%n cause(s) and %1 effect(s) in %2 stream(s); double-click a message to open it.",
                         nullptr, causes)
                          .arg(effects)
                          .arg(m_timeline->lanes().size()));
}

} // namespace mdb
