#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace mdb {

class ConsumerGroupSession;

// A consumer's-eye replay: the batches get_category_messages hands one member of the group, from
// a start position, batch after batch, with an optional correlation category.
class ReplayTab : public QWidget
{
    Q_OBJECT
public:
    explicit ReplayTab(ConsumerGroupSession* session, QWidget* parent = nullptr);

    void replayFirst();
    void replayNext();

private:
    void showBatch();

    ConsumerGroupSession* m_session;
    QSpinBox* m_member = nullptr;
    QLineEdit* m_start = nullptr;
    QSpinBox* m_batchSize = nullptr;
    QLineEdit* m_correlation = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace mdb
