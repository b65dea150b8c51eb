#pragma once

#include <QWidget>

class QLabel;

namespace mdb {

class ConsumerGroupSession;

// What a resize from n to n' members costs: the streams that change member (from, to, messages),
// and for every size 1..16 how many streams and messages would move.
class WhatIfTab : public QWidget
{
    Q_OBJECT
public:
    explicit WhatIfTab(ConsumerGroupSession* session, QWidget* parent = nullptr);

private:
    void showImpact();

    ConsumerGroupSession* m_session;
    QLabel* m_summary = nullptr;
};

} // namespace mdb
