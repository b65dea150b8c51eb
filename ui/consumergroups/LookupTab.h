#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;

namespace mdb {

class StreamLookupModel;

// Where a typed stream name or id goes: its category, cardinal id and hash_64, and its member in
// every group of 1..16. Needs no store.
class LookupTab : public QWidget
{
    Q_OBJECT
public:
    explicit LookupTab(QWidget* parent = nullptr);

    void lookUp(const QString& streamNameOrId);

private:
    StreamLookupModel* m_model = nullptr;
    QLineEdit* m_text = nullptr;
    QLabel* m_anatomy = nullptr;
};

} // namespace mdb
