#include "ui/consumergroups/ReplayTab.h"

#include "model/ConsumerGroupSession.h"
#include "storage/MessageDbRules.h"
#include "ui/consumergroups/GroupTables.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

ReplayTab::ReplayTab(ConsumerGroupSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_member = new QSpinBox(this);
    m_member->setObjectName(QStringLiteral("replayMember"));
    m_member->setRange(0, session->groupSize() - 1);
    m_start = new QLineEdit(QStringLiteral("1"), this);
    m_start->setObjectName(QStringLiteral("replayStart"));
    m_batchSize = new QSpinBox(this);
    m_batchSize->setObjectName(QStringLiteral("replayBatchSize"));
    m_batchSize->setRange(1, 10000);
    m_batchSize->setValue(10);
    m_correlation = new QLineEdit(this);
    m_correlation->setObjectName(QStringLiteral("replayCorrelation"));
    m_correlation->setPlaceholderText(tr("optional correlation category"));
    auto* first = new QPushButton(tr("First batch"), this);
    first->setObjectName(QStringLiteral("replayFirst"));
    auto* next = new QPushButton(tr("Next batch"), this);
    next->setObjectName(QStringLiteral("replayNext"));
    connect(first, &QPushButton::clicked, this, &ReplayTab::replayFirst);
    connect(next, &QPushButton::clicked, this, &ReplayTab::replayNext);
    m_status = summaryLabel("replayStatus", this);
    auto* table = groupTableView(session->replayModel(), this);
    table->setObjectName(QStringLiteral("replayTable"));
    table->setColumnWidth(ReplayBatchModel::Stream, 260);

    auto* form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Member"), this));
    form->addWidget(m_member);
    form->addWidget(new QLabel(tr("From position"), this));
    form->addWidget(m_start);
    form->addWidget(new QLabel(tr("Batch size"), this));
    form->addWidget(m_batchSize);
    form->addWidget(new QLabel(tr("Correlation"), this));
    form->addWidget(m_correlation, 1);
    form->addWidget(first);
    form->addWidget(next);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(table, 1);

    // Members are numbered 0..n-1 in a group of n.
    connect(session, &ConsumerGroupSession::groupSizesChanged, this,
            [this] { m_member->setMaximum(m_session->groupSize() - 1); });
    connect(session, &ConsumerGroupSession::replayStarted, this,
            [this] { m_status->setText(tr("Reading…")); });
    connect(session, &ConsumerGroupSession::replayFailed, this,
            [this](const StoreError& error) { m_status->setText(error.text()); });
    connect(session, &ConsumerGroupSession::replayed, this, &ReplayTab::showBatch);
}

void ReplayTab::replayFirst()
{
    bool ok = false;
    const qint64 start = m_start->text().toLongLong(&ok);
    if (!ok) {
        m_status->setText(tr("The start position must be a number."));
        return;
    }
    m_session->replay({start, m_member->value(), m_batchSize->value(), m_correlation->text()});
}

void ReplayTab::replayNext()
{
    if (m_session->replayBatchNumber() == 0)
        return replayFirst();
    m_session->replayNext({0, m_member->value(), m_batchSize->value(), m_correlation->text()});
}

void ReplayTab::showBatch()
{
    const ConsumerGroupSession::ReplayRequest& request = m_session->replayRequest();
    m_status->setText(
        tr("Batch %1: get_category_messages('%2', %3, %4, %5, %6, %7) returned %n message(s); "
           "the next batch starts at position %8.",
           nullptr, int(m_session->replayBatch().size()))
            .arg(m_session->replayBatchNumber())
            .arg(m_session->category())
            .arg(request.position)
            .arg(request.batchSize)
            .arg(request.correlation.isEmpty() ? QStringLiteral("NULL") : u'\'' + request.correlation + u'\'')
            .arg(request.member)
            .arg(m_session->groupSize())
            .arg(m_session->replayNextPosition()));
}

} // namespace mdb
