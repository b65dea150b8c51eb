#pragma once

#include <QWidget>

class QLabel;

namespace mdb {

class ConsumerGroupSession;

// Eventide consumers' recorded positions in the category, with how many messages and how much
// time each is behind the head.
class PositionsTab : public QWidget
{
    Q_OBJECT
public:
    explicit PositionsTab(ConsumerGroupSession* session, QWidget* parent = nullptr);

private:
    void showPositions();

    ConsumerGroupSession* m_session;
    QLabel* m_status = nullptr;
};

} // namespace mdb
