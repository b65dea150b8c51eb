#include "ui/consumergroups/LiveMapTab.h"

#include "model/ConsumerGroupSession.h"
#include "ui/consumergroups/PartitionMap.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace mdb {

LiveMapTab::LiveMapTab(ConsumerGroupSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_map = new PartitionMap(this);
    m_map->setObjectName(QStringLiteral("partitionMap"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("liveStatus"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_map, 1);

    connect(session, &ConsumerGroupSession::simulationAboutToBeReplaced, this,
            [this] { m_map->setSimulation(nullptr, 0); });
    connect(session, &ConsumerGroupSession::simulationReplaced, this,
            [this] { m_map->setSimulation(&m_session->simulation(), m_session->groupSize()); });
    connect(session, &ConsumerGroupSession::membersChanged, this, [this](const QList<MemberLoad>& loads) {
        // A new group size regroups the lanes before the loads are drawn in them.
        if (m_map->groupSize() != m_session->groupSize())
            m_map->setSimulation(&m_session->simulation(), m_session->groupSize());
        m_map->simulationChanged(loads);
    });
    connect(session, &ConsumerGroupSession::streamsSeen, this, [this](const QList<qsizetype>& streams) {
        for (qsizetype index : streams)
            m_map->light(index);
    });
    connect(session, &ConsumerGroupSession::liveUpdated, this, &LiveMapTab::showLive);
    connect(session, &ConsumerGroupSession::tailStarted, this, [this] {
        m_status->setText(tr("Following %1 from global position %2…")
                              .arg(m_session->category())
                              .arg(m_session->tail().nextGlobalPosition()));
    });
    connect(session, &ConsumerGroupSession::tailFailed, this, [this](const StoreError& error) {
        m_status->setText(tr("Live tail stopped: %1").arg(error.text()));
    });
}

void LiveMapTab::showLive()
{
    const QList<double>& rates = m_session->memberRates();
    m_map->setRates(rates);
    double total = 0;
    for (double r : rates)
        total += r;
    m_status->setText(
        tr("Live: %1 messages/s, %2 new messages since the panel read the category, last global "
           "position %3.")
            .arg(total, 0, 'f', 1)
            .arg(QLocale().toString(m_session->liveArrivals()))
            .arg(m_session->simulation().lastGlobalPosition()));
}

} // namespace mdb
