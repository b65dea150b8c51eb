#pragma once

#include "model/MessageFeed.h"
#include "model/SavedConnections.h"
#include "storage/Store.h"
#include "ui/ProgressTask.h"

#include <QFuture>
#include <QMainWindow>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QIODevice;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QTreeView;
class QToolButton;
class QPushButton;
class QWidget;

namespace mdb {

class ConnectionWatch;
class FindPanel;
class MessageBrowser;
class MessageDetail;
class MessageTableModel;
class StoreTreeModel;

// The browser: the store's tree on the left, the selected stream or category's messages in the
// middle, the selected message on the right.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(std::shared_ptr<Store> store, QWidget* parent = nullptr);
    ~MainWindow() override;

    void refresh();
    // Shows another store; `connection` names and colours it when it is a saved connection.
    void setStore(std::shared_ptr<Store> store, const std::optional<SavedConnection>& connection);
    void openConnectionDialog();
    // Opens a stream or category of `ns` in the table, and selects it in the tree when listed;
    // `select` names a message (by global position) to select once it is shown.
    void openFeed(const MessageFeed& feed, std::optional<qint64> select = std::nullopt);
    void openWriteDialog();
    void loadSample();
    void exportFeed();
    // Every match of the Find panel's last search, past its cap: to a file the user picks, or to
    // `fileName`.
    void exportSearchResults();
    void exportSearchResultsTo(const QString& fileName);
    void createNamespace();
    void dropNamespace();
    void showNamespaceHealth();
    void showConsumerGroups();
    void showStressPanel();
    // Find in messages (Ctrl+Shift+F), go to a time (Ctrl+T), trace the selected message.
    void showFind();
    void goToTime();
    void traceSelected();
    // Opens a message's stream at that message, selected.
    void openMessage(const Message& message);

    MessageTableModel* messageModel() const { return m_messages; }
    StoreTreeModel* treeModel() const { return m_tree; }

Q_SIGNALS:
    // An export has ended; `message` is what the status bar says of it.
    void exportFinished(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void buildActions();
    void buildLayout();
    void treeSelectionChanged();
    void showStatus(const QString& text);
    using ExportReport = ProgressReport<Result<qint64>>;
    // Writes `job`'s output to `fileName` behind a progress dialog with Cancel; the file appears
    // only when the job succeeds.
    void runExport(const QString& label, const QString& fileName,
                   std::function<Result<qint64>(QIODevice&, ExportReport&)> job);
    void offerSampleIfEmpty();
    QString currentNamespace() const;

    std::shared_ptr<Store> m_store;
    StoreTreeModel* m_tree = nullptr;
    ConnectionWatch* m_connectionWatch = nullptr;
    MessageTableModel* m_messages = nullptr;
    QTreeView* m_treeView = nullptr;
    MessageBrowser* m_browser = nullptr; // the filter bar and the table
    MessageDetail* m_detail = nullptr;
    QLineEdit* m_streamFilter = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_readOnly = nullptr;
    QLabel* m_disconnected = nullptr;
    QWidget* m_sampleBar = nullptr;
    QWidget* m_connectionStrip = nullptr;
    QList<QAction*> m_writingActions; // disabled on read-only connections
    QAction* m_writeAction = nullptr;
    QAction* m_liveTailAction = nullptr;
    QAction* m_sampleAction = nullptr;
    QAction* m_endAction = nullptr;
    FindPanel* m_find = nullptr;
    QDockWidget* m_findDock = nullptr;
    QString m_selectedNamespace;
    QList<QFuture<void>> m_tasks; // samples and exports under way, cancelled when the window closes
};

} // namespace mdb
