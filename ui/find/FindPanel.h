#pragma once

#include "model/FindSession.h"
#include "model/SearchBook.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;
class QTableView;
class QToolButton;

namespace mdb {

// Find in messages: an expression in the filter language (docs/find.md), a scope (the namespace,
// or the category or stream in view), an optional time range; matches stream into the table as
// the database finds them, with scanned / total, rate and the cap stated plainly; Cancel stops the
// server's statement; Find more goes on past the cap. A syntax error is shown under the field
// with its position. Activating a match asks to open it in the browser. Searches run are kept in
// a history per connection (offered as completions and under Searches), and can be saved by
// name; Export writes every match of the last search, past the cap, through the export.
class FindPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindPanel(QWidget* parent = nullptr);

    void setStore(std::shared_ptr<Store> store);
    // What "this category" and "this stream" mean: the feed in view.
    void setContext(const QString& ns, const QString& category, const QString& stream);
    void focusExpression();
    void find();
    FindSession* session() const { return m_session; }

    // The fields as a search, and a search put into the fields.
    SavedSearch currentSearch() const;
    void applySearch(const SavedSearch& search);
    // Saves the fields under `name` for this connection.
    void saveSearch(const QString& name);
    const SearchBook* searches() const { return m_book.get(); }
    // The last search started, for its export: its namespace and request without the cap.
    std::optional<std::pair<QString, FindRequest>> lastSearch() const { return m_lastSearch; }

Q_SIGNALS:
    void openMessage(const mdb::Message& message);
    void exportRequested();

private:
    void showProgress();
    void updateButtons();
    void fillSearchesMenu();
    void refreshCompletions();

    std::shared_ptr<Store> m_store;
    QString m_namespace;
    QString m_category;
    QString m_stream;
    FindSession* m_session = nullptr;
    QLineEdit* m_expression = nullptr;
    QComboBox* m_scope = nullptr;
    QLineEdit* m_since = nullptr;
    QLineEdit* m_until = nullptr;
    QPushButton* m_findButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_moreButton = nullptr;
    QPushButton* m_exportButton = nullptr;
    QToolButton* m_searchesButton = nullptr;
    QStringListModel* m_completions = nullptr;
    std::unique_ptr<SearchBook> m_book;
    std::optional<std::pair<QString, FindRequest>> m_lastSearch;
    QLabel* m_error = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
};

} // namespace mdb
