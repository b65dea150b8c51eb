#pragma once

#include <QWidget>

class QLabel;

namespace mdb {

class ConsumerGroupSession;
class PartitionMap;

// The partition map fed by the session's live tail, with the live rate and arrivals above it.
class LiveMapTab : public QWidget
{
    Q_OBJECT
public:
    explicit LiveMapTab(ConsumerGroupSession* session, QWidget* parent = nullptr);

    PartitionMap* map() const { return m_map; }

private:
    void showLive();

    ConsumerGroupSession* m_session;
    PartitionMap* m_map = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace mdb
