#pragma once

#include "model/Trace.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTimer;
class QTreeWidget;

namespace mdb {

class TraceTimeline;

// What caused a message and what it caused (model/Trace), read in the background with progress
// and a Cancel that stops the search on the server. Shown twice, kept in step: a timeline (a lane
// per stream, arrows from cause to effect) and a table, one row per message in global-position
// order, indented by depth, with its stream, type, time and the correlation and reply streams
// its metadata names. Activating a message in either asks to open it in the browser.
class TraceDialog : public QDialog
{
    Q_OBJECT
public:
    TraceDialog(std::shared_ptr<Store> store, const QString& ns, const Message& message,
                QWidget* parent = nullptr);
    ~TraceDialog() override;

    const QList<TraceEntry>& entries() const { return m_entries; }
    TraceTimeline* timeline() const { return m_timeline; }

Q_SIGNALS:
    // The trace has ended: found, failed or cancelled.
    void traced();
    void openMessage(const mdb::Message& message);

private:
    void showEntries();
    void showProgress();

    std::shared_ptr<QueryCancel> m_cancel = std::make_shared<QueryCancel>();
    std::shared_ptr<TraceProgress> m_progress = std::make_shared<TraceProgress>();
    QLabel* m_status = nullptr;
    QProgressBar* m_bar = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QTimer* m_progressTimer = nullptr;
    QSplitter* m_split = nullptr;
    TraceTimeline* m_timeline = nullptr;
    QTreeWidget* m_table = nullptr;
    QList<TraceEntry> m_entries;
};

} // namespace mdb
