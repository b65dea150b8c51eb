#pragma once

#include "model/Trace.h"

#include <QDialog>

class QLabel;
class QTreeWidget;

namespace mdb {

// What caused a message and what it caused (model/Trace), read in the background: one row per
// message in global-position order, indented by its depth (causes above, effects below), with
// its stream, type, time and the correlation and reply streams its metadata names. Activating a
// row asks to open that message in the browser.
class TraceDialog : public QDialog
{
    Q_OBJECT
public:
    TraceDialog(std::shared_ptr<Store> store, const QString& ns, const Message& message,
                QWidget* parent = nullptr);

    const QList<TraceEntry>& entries() const { return m_entries; }

Q_SIGNALS:
    void traced();
    void openMessage(const mdb::Message& message);

private:
    QLabel* m_status = nullptr;
    QTreeWidget* m_table = nullptr;
    QList<TraceEntry> m_entries;
};

} // namespace mdb
