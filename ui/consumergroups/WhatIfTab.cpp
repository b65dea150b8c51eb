#include "ui/consumergroups/WhatIfTab.h"

#include "model/ConsumerGroupSession.h"
#include "ui/consumergroups/GroupTables.h"

#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

WhatIfTab::WhatIfTab(ConsumerGroupSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_summary = summaryLabel("whatIfSummary", this);
    auto* moves = groupTableView(session->movesModel(), this);
    moves->setObjectName(QStringLiteral("moveTable"));
    moves->setColumnWidth(StreamMovesModel::Stream, 260);
    auto* sizes = groupTableView(session->resizeModel(), this);
    sizes->setObjectName(QStringLiteral("resizeTable"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(moves);
    split->addWidget(sizes);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    connect(session, &ConsumerGroupSession::resizeChanged, this, &WhatIfTab::showImpact);
}

void WhatIfTab::showImpact()
{
    const ResizeImpact& impact = m_session->resizeImpact();
    const PartitionSimulation& simulation = m_session->simulation();
    const QLocale locale;
    const qsizetype streams = simulation.streams().size();
    m_summary->setText(
        tr("Going from %1 to %2 members moves %3 of %4 streams (%5 %) and %6 of %7 messages. Each consumer "
           "that changes member must start from a position it has not recorded for its new streams.")
            .arg(m_session->groupSize())
            .arg(m_session->resizedGroupSize())
            .arg(locale.toString(impact.streamsMoved), locale.toString(streams))
            .arg(streams > 0 ? 100.0 * double(impact.streamsMoved) / double(streams) : 0.0, 0, 'f', 1)
            .arg(locale.toString(impact.messagesMoved), locale.toString(simulation.totalMessages())));
}

} // namespace mdb
