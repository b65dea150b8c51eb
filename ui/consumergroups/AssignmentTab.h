#pragma once

#include "model/PartitionSimulation.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace mdb {

class ConsumerGroupSession;

// Who reads what: one row per member (streams, messages, share, last message, live rate), the
// balance, the streams no member receives and the cardinal ids other categories share, over
// every stream of the category with its id, hash and members (sortable, filterable by name).
class AssignmentTab : public QWidget
{
    Q_OBJECT
public:
    explicit AssignmentTab(ConsumerGroupSession* session, QWidget* parent = nullptr);

private:
    void showMembers(const QList<MemberLoad>& loads);
    void showNoIdStreams();
    void showSharedIds(const QHash<QString, QStringList>& shared);

    ConsumerGroupSession* m_session;
    QSortFilterProxyModel* m_streamsProxy = nullptr;
    QTableView* m_memberTable = nullptr;
    QLabel* m_balance = nullptr;
    QLabel* m_callouts = nullptr;
    QString m_noIdText;
    int m_membersShown = 0;
};

} // namespace mdb
