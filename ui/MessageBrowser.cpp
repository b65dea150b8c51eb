#include "ui/MessageBrowser.h"

#include "model/MessageTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

MessageBrowser::MessageBrowser(MessageTableModel* model, QWidget* parent)
    : QWidget(parent)
    , m_messages(model)
{
    setObjectName(QStringLiteral("messageBrowser"));
    // Filters, in Message DB's terms.
    m_feedLabel = new QLabel(tr("Select a category or a stream."), this);
    m_feedLabel->setObjectName(QStringLiteral("feedLabel"));
    m_typeFilter = new QLineEdit(this);
    m_typeFilter->setObjectName(QStringLiteral("typeFilter"));
    m_typeFilter->setPlaceholderText(tr("type"));
    m_correlationFilter = new QLineEdit(this);
    m_correlationFilter->setObjectName(QStringLiteral("correlationFilter"));
    m_correlationFilter->setPlaceholderText(tr("correlation category"));
    m_member = new QSpinBox(this);
    m_member->setPrefix(tr("member "));
    m_member->setRange(0, 32766);
    m_groupSize = new QSpinBox(this);
    m_groupSize->setRange(0, 32767);
    m_groupSize->setSpecialValueText(tr("no group"));
    m_groupSize->setPrefix(tr("of "));
    m_startPosition = new QLineEdit(this);
    m_startPosition->setObjectName(QStringLiteral("startPosition"));
    m_startPosition->setPlaceholderText(tr("from position"));
    m_jumpPosition = new QLineEdit(this);
    m_jumpPosition->setObjectName(QStringLiteral("jumpPosition"));
    m_jumpPosition->setPlaceholderText(tr("jump to position"));
    auto* apply = new QPushButton(tr("Apply"), this);
    connect(apply, &QPushButton::clicked, this, &MessageBrowser::applyFilters);
    for (QLineEdit* edit : {m_typeFilter, m_correlationFilter, m_startPosition})
        connect(edit, &QLineEdit::returnPressed, this, &MessageBrowser::applyFilters);
    connect(m_jumpPosition, &QLineEdit::returnPressed, this, [this] {
        bool ok = false;
        const qint64 key = m_jumpPosition->text().toLongLong(&ok);
        if (!ok)
            return;
        // The jump lands on the message it names, or the first one after it.
        m_selectPending = PendingSelection{key, m_messages->feed().isStream()};
        m_messages->jumpTo(key);
    });
    auto* filters = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{m_typeFilter, m_correlationFilter, m_member,
                                                      m_groupSize, m_startPosition, apply, m_jumpPosition})
        filters->addWidget(w);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("messageTable"));
    m_table->setModel(m_messages);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem); // rowsPrepended scrolls by rows
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(MessageTableModel::Time, 200);
    m_table->setColumnWidth(MessageTableModel::Stream, 200);
    m_table->setColumnWidth(MessageTableModel::Data, 320);
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addWidget(m_feedLabel);
    m_layout->addLayout(filters);
    m_layout->addWidget(m_table);

    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { Q_EMIT messageSelected(m_messages->messageAt(current.row())); });
    keepRowsInPlace();
}

void MessageBrowser::keepRowsInPlace()
{
    connect(m_messages, &MessageTableModel::rowsTrimmedAtTop, this, [this](int count) {
        QScrollBar* bar = m_table->verticalScrollBar();
        bar->setValue(std::max(bar->minimum(), bar->value() - count));
    });
    connect(m_messages, &MessageTableModel::rowsPrepended, this, [this](int count) {
        // Rows put in front keep the rows the user was reading in place.
        QScrollBar* bar = m_table->verticalScrollBar();
        bar->setValue(bar->value() + count);
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value == m_table->verticalScrollBar()->minimum())
            m_messages->fetchEarlier();
    });
    connect(m_messages, &MessageTableModel::loadingChanged, this, [this](bool loading) {
        if (loading)
            return;
        if (m_selectPending)
            QMetaObject::invokeMethod(this, &MessageBrowser::selectPending, Qt::QueuedConnection);
        if (m_scrollToEndPending) { // the last page is in: show its last row
            m_scrollToEndPending = false;
            // After the view has laid the new rows out, or the bottom is that of the old range;
            // the last message is selected, as a jump lands on what it names.
            QMetaObject::invokeMethod(
                m_table,
                [this] {
                    m_table->scrollToBottom();
                    for (int row = m_messages->rowCount() - 1; row >= 0; --row) {
                        if (m_messages->messageAt(row)) {
                            m_table->selectRow(row);
                            break;
                        }
                    }
                },
                Qt::QueuedConnection);
        } else if (m_table->verticalScrollBar()->value() == m_table->verticalScrollBar()->minimum()) {
            // A window that starts at the top reads on upwards; queued, as this signal comes from
            // inside the model's change.
            QMetaObject::invokeMethod(m_messages, &MessageTableModel::fetchEarlier, Qt::QueuedConnection);
        }
    });
}

void MessageBrowser::open(const MessageFeed& requested, std::optional<qint64> select)
{
    m_selectPending.reset();
    if (select)
        m_selectPending = PendingSelection{*select, false};
    else if (requested.startPosition)
        m_selectPending = PendingSelection{*requested.startPosition, requested.isStream()};
    MessageFeed feed = requested;
    if (!feed.isStream()) {
        // The category's filters apply; a stream read has none of Message DB's.
        if (!m_correlationFilter->text().isEmpty())
            feed.correlation = m_correlationFilter->text();
        if (m_groupSize->value() > 0) {
            feed.groupSize = m_groupSize->value();
            feed.member = m_member->value();
        }
    }
    if (!m_typeFilter->text().isEmpty())
        feed.type = m_typeFilter->text();
    if (!feed.startPosition && !m_startPosition->text().isEmpty())
        feed.startPosition = m_startPosition->text().toLongLong();
    m_feedLabel->setText(tr("<b>%1</b> %2 in %3")
                             .arg(feed.isStream() ? tr("Stream") : tr("Category"), feed.name.toHtmlEscaped(),
                                  feed.ns.toHtmlEscaped()));
    Q_EMIT messageSelected(std::nullopt);
    m_messages->open(feed);
}

void MessageBrowser::selectPending()
{
    if (!m_selectPending)
        return;
    for (int row = 0; row < m_messages->rowCount(); ++row) {
        const std::optional<Message> m = m_messages->messageAt(row);
        // Rows are in key order: the first at or after the key is the message, or the next one.
        if (m &&
            (m_selectPending->streamPosition ? m->position : m->globalPosition) >= m_selectPending->key) {
            m_selectPending.reset();
            m_table->selectRow(row);
            m_table->scrollTo(m_messages->index(row, 0), QAbstractItemView::PositionAtCenter);
            return;
        }
    }
}

void MessageBrowser::applyFilters()
{
    if (m_messages->feed().name.isEmpty())
        return;
    MessageFeed feed;
    feed.kind = m_messages->feed().kind;
    feed.ns = m_messages->feed().ns;
    feed.name = m_messages->feed().name;
    open(feed);
}

void MessageBrowser::jumpToEnd()
{
    m_scrollToEndPending = true;
    m_messages->jumpToEnd();
}

void MessageBrowser::jumpToStart()
{
    m_selectPending = PendingSelection{0, m_messages->feed().isStream()}; // the first message
    m_messages->open(m_messages->feed());
}

void MessageBrowser::focusJumpBox()
{
    m_jumpPosition->setFocus();
}

void MessageBrowser::addBanner(QWidget* banner)
{
    m_layout->insertWidget(0, banner);
}

} // namespace mdb
