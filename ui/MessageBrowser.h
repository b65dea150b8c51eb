#pragma once

#include "model/MessageFeed.h"
#include "storage/Message.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QVBoxLayout;

namespace mdb {

class MessageTableModel;

// The message table with its filter bar, in Message DB's terms (type, correlation, consumer-group
// member, start position, jump to a position), over a MessageTableModel it does not own. It keeps
// the rows a user reads in place while the model's window grows or trims at the top, reads on
// upwards at the top, and shows the last row after a jump to the end.
class MessageBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit MessageBrowser(MessageTableModel* model, QWidget* parent = nullptr);

    // Opens `feed` with the bar's filters added (a stream read takes only type and start), and
    // selects and centres, as soon as its page is in, the message at global position `select`,
    // or else the one the feed starts at (a stream's position, a category's global position).
    void open(const MessageFeed& feed, std::optional<qint64> select = std::nullopt);
    // Opens the current feed again with the bar's filters as they are now.
    void applyFilters();
    void jumpToEnd();
    void jumpToStart();
    void focusJumpBox();
    // A bar shown above the table, such as the offer of a sample for an empty store.
    void addBanner(QWidget* banner);

Q_SIGNALS:
    // The selected message, or none when a feed was opened.
    void messageSelected(const std::optional<mdb::Message>& message);

private:
    void keepRowsInPlace();
    void selectPending();

    MessageTableModel* m_messages = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_feedLabel = nullptr;
    QLineEdit* m_typeFilter = nullptr;
    QLineEdit* m_correlationFilter = nullptr;
    QSpinBox* m_member = nullptr;
    QSpinBox* m_groupSize = nullptr;
    QLineEdit* m_startPosition = nullptr;
    QLineEdit* m_jumpPosition = nullptr;
    bool m_scrollToEndPending = false;
    // The message to select once it is loaded, the first at or after a global position or a
    // stream position.
    struct PendingSelection
    {
        qint64 key = 0;
        bool streamPosition = false;
    };
    std::optional<PendingSelection> m_selectPending;
};

} // namespace mdb
