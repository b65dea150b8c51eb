#pragma once

#include "storage/Store.h"

#include <QDialog>
#include <QTimer>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace mdb {

// Writes one message through write_message, with the expected version the user chooses. JSON is
// checked as it is typed, the exact call is shown, and the outcome (the position written, or the
// conflict in Message DB's words) stays in the dialog so a user can correct and try again.
class WriteDialog : public QDialog
{
    Q_OBJECT
public:
    enum ExpectedVersionMode
    {
        NoCheck,
        MustNotExist,
        CurrentVersion,
        Number
    };

    WriteDialog(std::shared_ptr<Store> store, QString ns, QWidget* parent = nullptr);

    void setStream(const QString& stream);
    QString outcome() const;

Q_SIGNALS:
    void written(const QString& stream, qint64 position);

private:
    void validate();
    void refreshVersion();
    void write();
    std::optional<qint64> expectedVersion() const;

    std::shared_ptr<Store> m_store;
    QString m_ns;
    QLineEdit* m_stream = nullptr;
    QLineEdit* m_type = nullptr;
    QPlainTextEdit* m_data = nullptr;
    QPlainTextEdit* m_metadata = nullptr;
    QLabel* m_dataState = nullptr;
    QLabel* m_metadataState = nullptr;
    QComboBox* m_mode = nullptr;
    QSpinBox* m_number = nullptr;
    QLabel* m_current = nullptr;
    QLabel* m_call = nullptr;
    QLabel* m_outcome = nullptr;
    QPushButton* m_write = nullptr;
    QTimer m_versionTimer;
    std::optional<qint64> m_currentVersion;
    bool m_versionKnown = false;
    quint64 m_generation = 0;
};

} // namespace mdb
