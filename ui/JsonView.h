#pragma once

#include <QWidget>

class QPlainTextEdit;
class QStandardItemModel;
class QTabWidget;
class QTreeView;

namespace mdb {

// A JSON document shown two ways: a foldable tree with values coloured by kind, and the exact text
// the store holds. "Copy" puts the exact text on the clipboard.
class JsonView : public QWidget
{
    Q_OBJECT
public:
    explicit JsonView(const QString& title, QWidget* parent = nullptr);

    // Absent means SQL NULL.
    void setJson(const std::optional<QString>& json);
    QString text() const;

private:
    QTabWidget* m_tabs = nullptr;
    QTreeView* m_tree = nullptr;
    QStandardItemModel* m_model = nullptr;
    QPlainTextEdit* m_raw = nullptr;
    std::optional<QString> m_json;
};

} // namespace mdb
