#pragma once

#include "model/SavedConnections.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace mdb {

// Connections: PostgreSQL (host, port, database, user, password, SSL mode, CA, client certificate
// and key) or SQLite (a directory or a file); saved with a name, a colour and a production flag
// (production opens read-only). Passwords go to the system keychain when the user asks and one is
// reachable; otherwise they are asked for each time and never written to disk.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget* parent = nullptr);

    // What to open, once accepted.
    SavedConnection connection() const;
    QString password() const;

private:
    void loadSaved();
    void showConnection(int row);
    void saveCurrent();
    void deleteCurrent();
    void testConnection();
    void backendChanged();
    QString buildUrl() const;
    void setStatus(const QString& text, bool error = false);

    QList<SavedConnection> m_saved;
    QListWidget* m_list = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_backend = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QComboBox* m_sslMode = nullptr;
    QLineEdit* m_sslRootCert = nullptr;
    QLineEdit* m_sslCert = nullptr;
    QLineEdit* m_sslKey = nullptr;
    QLineEdit* m_sqlitePath = nullptr;
    QPushButton* m_colour = nullptr;
    QColor m_colourValue;
    QCheckBox* m_production = nullptr;
    QCheckBox* m_savePassword = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace mdb
