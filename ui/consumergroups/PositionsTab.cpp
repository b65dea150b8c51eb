#include "ui/consumergroups/PositionsTab.h"

#include "model/ConsumerGroupSession.h"
#include "ui/consumergroups/GroupTables.h"

#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

PositionsTab::PositionsTab(ConsumerGroupSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_status = summaryLabel("positionsStatus", this);
    auto* table = groupTableView(session->positionsModel(), this);
    table->setObjectName(QStringLiteral("positionsTable"));
    auto* refresh = new QPushButton(tr("Refresh positions"), this);
    connect(refresh, &QPushButton::clicked, session, &ConsumerGroupSession::loadPositions);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(table, 1);
    layout->addWidget(refresh, 0, Qt::AlignRight);

    connect(session, &ConsumerGroupSession::positionsLoading, this, [this] {
        m_status->setText(
            tr("Reading the positions recorded in %1…").arg(positionCategory(m_session->category())));
    });
    connect(session, &ConsumerGroupSession::positionsFailed, this,
            [this](const StoreError& error) { m_status->setText(error.text()); });
    connect(session, &ConsumerGroupSession::positionsLoaded, this, &PositionsTab::showPositions);
}

void PositionsTab::showPositions()
{
    const QString category = positionCategory(m_session->category());
    const qsizetype count = m_session->consumerPositions().size();
    m_status->setText(
        count == 0
            ? tr("No consumer has recorded a position in %1 (Eventide's Recorded messages).").arg(category)
            : tr("%n consumer(s) recorded positions in %1; the category's head is global "
                 "position %2.",
                 nullptr, int(count))
                  .arg(category)
                  .arg(m_session->simulation().lastGlobalPosition()));
}

} // namespace mdb
