#pragma once

#include "storage/Store.h"

#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace mdb {

// Asks for a new namespace's name, checking it against the namespace rule as it is typed.
class CreateNamespaceDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CreateNamespaceDialog(QWidget* parent = nullptr);
    QString name() const;

private:
    QLineEdit* m_name = nullptr;
    QLabel* m_state = nullptr;
    QPushButton* m_ok = nullptr;
};

// Dropping deletes every message: the user types the namespace's name to confirm.
class DropNamespaceDialog : public QDialog
{
    Q_OBJECT
public:
    DropNamespaceDialog(const QString& ns, QWidget* parent = nullptr);

private:
    QLineEdit* m_confirm = nullptr;
    QPushButton* m_drop = nullptr;
};

// A namespace's health (kind, layout, Message DB version, indexes and functions present, message
// count), an upgrade of an earlier mdbstudio layout in place, and Message DB's summaries by category, type,
// stream and category × type, each counted in the background when its tab is first shown.
class NamespaceHealthDialog : public QDialog
{
    Q_OBJECT
public:
    NamespaceHealthDialog(std::shared_ptr<Store> store, QString ns, QWidget* parent = nullptr);

private:
    void loadHealth();
    void loadSummary(int tab);
    void showHealth(const Result<NamespaceInfo>& info);
    void upgrade();
    static void fillSummary(QTableWidget* table, SummaryKind kind, const Result<QList<SummaryRow>>& rows);

    std::shared_ptr<Store> m_store;
    QString m_ns;
    QLabel* m_health = nullptr;
    QPushButton* m_upgrade = nullptr; // brings an earlier mdbstudio layout up to date
    QLabel* m_upgradeState = nullptr;
    QTabWidget* m_tabs = nullptr;
    QList<bool> m_loaded;
};

} // namespace mdb
