#include "MainWindow.h"

#include "StoreOverview.h"

#include <QAction>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

namespace mdb {

MainWindow::MainWindow(std::shared_ptr<Store> store, QWidget* parent)
    : QMainWindow(parent)
    , m_store(std::move(store))
    , m_model(new QStandardItemModel(this))
    , m_tree(new QTreeView(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(QStringLiteral("mdbstudio — %1").arg(m_store->location().displayName()));
    m_tree->setObjectName(QStringLiteral("storeTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    setCentralWidget(m_tree);
    statusBar()->addWidget(m_status, 1);

    auto* refreshAction = new QAction(tr("&Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    auto* quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);
    QMenu* storeMenu = menuBar()->addMenu(tr("&Store"));
    storeMenu->addAction(refreshAction);
    storeMenu->addSeparator();
    storeMenu->addAction(quitAction);
    resize(900, 600);
    refresh();
}

void MainWindow::refresh()
{
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Reading %1…").arg(m_store->location().displayName()));
    auto* watcher = new QFutureWatcher<StoreOverview>(this);
    connect(watcher, &QFutureWatcher<StoreOverview>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            showOverview(watcher->result());
    });
    std::shared_ptr<Store> store = m_store;
    watcher->setFuture(QtConcurrent::run([store] { return loadStoreOverview(*store); }));
}

void MainWindow::showOverview(const StoreOverview& overview)
{
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("Kind"), tr("Messages")});
    if (!overview.error.isEmpty()) {
        m_status->setText(overview.error);
        return;
    }
    for (const NamespaceOverview& ns : overview.namespaces) {
        auto* nsItem = new QStandardItem(ns.info.name);
        nsItem->setEditable(false);
        auto* kindItem = new QStandardItem(ns.error.isEmpty() ? namespaceKindName(ns.info.kind) : ns.error);
        auto* countItem = new QStandardItem(
            ns.info.lastGlobalPosition ? tr("~%1").arg(ns.info.approximateMessageCount) : tr("empty"));
        for (const QString& category : ns.categories) {
            auto* item = new QStandardItem(category);
            item->setEditable(false);
            nsItem->appendRow({item, new QStandardItem(tr("category")), new QStandardItem()});
        }
        m_model->appendRow({nsItem, kindItem, countItem});
    }
    m_tree->expandAll();
    m_tree->header()->resizeSections(QHeaderView::ResizeToContents);
    m_status->setText(
        tr("%n namespace(s) in %1", nullptr, int(overview.namespaces.size())).arg(overview.storeName));
}

} // namespace mdb
