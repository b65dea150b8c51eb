#include "ui/MainWindow.h"

#include "model/Background.h"
#include "model/ConnectionWatch.h"
#include "model/FeedExporter.h"
#include "model/FindScan.h"
#include "model/MessageTableModel.h"
#include "model/SampleGenerator.h"
#include "model/StoreTreeModel.h"
#include "model/WorkerPools.h"
#include "storage/StreamName.h"
#include "ui/ConnectionDialog.h"
#include "ui/MessageBrowser.h"
#include "ui/MessageDetail.h"
#include "ui/NamespaceDialogs.h"
#include "ui/ProgressTask.h"
#include "ui/StressPanel.h"
#include "ui/WriteDialog.h"
#include "ui/consumergroups/ConsumerGroupPanel.h"
#include "ui/find/FindPanel.h"
#include "ui/find/TraceDialog.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <atomic>

namespace mdb {

MainWindow::MainWindow(std::shared_ptr<Store> store, QWidget* parent)
    : QMainWindow(parent)
    , m_store(std::move(store))
    , m_tree(new StoreTreeModel(this))
    , m_connectionWatch(new ConnectionWatch(this))
    , m_messages(new MessageTableModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    buildLayout();
    buildActions();
    setStore(m_store, std::nullopt);

    // A failed read shows its error; a connection error may mean the server is gone: the watch
    // finds out, marks the window disconnected and reconnects. Other errors (a bad category name,
    // a timeout) leave the connection alone.
    const auto readFailed = [this](const StoreError& e) {
        showStatus(e.text());
        if (e.kind == ErrorKind::Connection)
            m_connectionWatch->check();
    };
    connect(m_tree, &StoreTreeModel::failed, this, readFailed);
    connect(m_messages, &MessageTableModel::failed, this, readFailed);
    connect(m_connectionWatch, &ConnectionWatch::disconnected, this, [this](const QString& error) {
        m_disconnected->show();
        showStatus(
            tr("Disconnected from %1: %2. Reconnecting…").arg(m_store->location().displayName(), error));
    });
    connect(m_connectionWatch, &ConnectionWatch::reconnected, this, [this] {
        m_disconnected->hide();
        showStatus(tr("Reconnected to %1.").arg(m_store->location().displayName()));
        refresh();
    });
    connect(m_tree, &StoreTreeModel::namespacesLoaded, this, [this] {
        // Namespaces open with their categories listed.
        for (int row = 0; row < m_tree->rowCount(); ++row)
            m_treeView->expand(m_tree->index(row, 0));
        if (m_tree->rowCount() == 0)
            showStatus(tr("%1 holds no Message DB namespace (no schema or file with a messages table).")
                           .arg(m_store->location().displayName()));
        offerSampleIfEmpty();
    });
    connect(m_browser, &MessageBrowser::messageSelected, m_detail, &MessageDetail::showMessage);
    connect(m_detail, &MessageDetail::openStream, this,
            [this](const QString& stream, std::optional<qint64> position) {
                MessageFeed feed;
                feed.ns = currentNamespace();
                feed.kind =
                    StreamName::isCategory(stream) ? MessageFeed::Kind::Category : MessageFeed::Kind::Stream;
                feed.name = stream;
                feed.startPosition = position;
                openFeed(feed);
            });
    connect(m_detail, &MessageDetail::openCategory, this, [this](const QString& category) {
        MessageFeed feed;
        feed.ns = currentNamespace();
        feed.name = category;
        openFeed(feed);
    });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1400, 860);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("storeTree"));
    m_treeView->setModel(m_tree);
    m_treeView->setUniformRowHeights(true);
    m_treeView->header()->setStretchLastSection(false);
    m_treeView->header()->setSectionResizeMode(StoreTreeModel::Name, QHeaderView::Stretch);
    m_treeView->header()->setSectionResizeMode(StoreTreeModel::Messages, QHeaderView::ResizeToContents);
    m_treeView->header()->setSectionResizeMode(StoreTreeModel::Streams, QHeaderView::ResizeToContents);
    m_streamFilter = new QLineEdit(this);
    m_streamFilter->setObjectName(QStringLiteral("streamFilter"));
    m_streamFilter->setPlaceholderText(tr("Filter streams (e.g. 12*)"));
    m_streamFilter->setClearButtonEnabled(true);
    connect(m_streamFilter, &QLineEdit::editingFinished, this,
            [this] { m_tree->setStreamFilter(m_streamFilter->text()); });
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_streamFilter);
    leftLayout->addWidget(m_treeView);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::treeSelectionChanged);

    m_browser = new MessageBrowser(m_messages, this);

    // Offered when the store has nothing in it yet.
    m_sampleBar = new QWidget(this);
    auto* sampleLayout = new QHBoxLayout(m_sampleBar);
    sampleLayout->addWidget(
        new QLabel(tr("This store is empty. Load a sample of accounts and transfers to explore?"), this));
    auto* sampleButton = new QPushButton(tr("Load sample data"), this);
    sampleButton->setObjectName(QStringLiteral("loadSampleButton"));
    connect(sampleButton, &QPushButton::clicked, this, &MainWindow::loadSample);
    sampleLayout->addWidget(sampleButton);
    sampleLayout->addStretch();
    m_sampleBar->hide();
    m_browser->addBanner(m_sampleBar);

    m_detail = new MessageDetail(this);
    m_connectionStrip = new QWidget(this);
    m_connectionStrip->setObjectName(QStringLiteral("connectionStrip"));
    m_connectionStrip->setFixedHeight(5);
    m_connectionStrip->hide();
    auto* split = new QSplitter(this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(left);
    split->addWidget(m_browser);
    split->addWidget(m_detail);
    split->setStretchFactor(1, 3);
    split->setSizes({340, 720, 420});
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_connectionStrip);
    centralLayout->addWidget(split, 1);
    setCentralWidget(central);

    // Find in messages, below the browser until moved.
    m_find = new FindPanel(this);
    m_findDock = new QDockWidget(tr("Find in messages"), this);
    m_findDock->setObjectName(QStringLiteral("findDock"));
    m_findDock->setWidget(m_find);
    addDockWidget(Qt::BottomDockWidgetArea, m_findDock);
    m_findDock->hide();
    connect(m_find, &FindPanel::openMessage, this, &MainWindow::openMessage);
    connect(m_find, &FindPanel::exportRequested, this, &MainWindow::exportSearchResults);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusText"));
    m_readOnly = new QLabel(tr("  READ-ONLY  "), this);
    m_readOnly->setObjectName(QStringLiteral("readOnlyMarker"));
    m_readOnly->setStyleSheet(
        QStringLiteral("background:#c62828;color:white;font-weight:bold;border-radius:3px"));
    statusBar()->addPermanentWidget(m_readOnly);
    m_disconnected = new QLabel(tr("  DISCONNECTED  "), this);
    m_disconnected->setObjectName(QStringLiteral("disconnectedMarker"));
    m_disconnected->setToolTip(tr("The store does not answer; mdbstudio reconnects as soon as it does"));
    m_disconnected->setStyleSheet(
        QStringLiteral("background:#6d4c41;color:white;font-weight:bold;border-radius:3px"));
    m_disconnected->hide();
    statusBar()->addPermanentWidget(m_disconnected);
    statusBar()->addWidget(m_status, 1);
}

void MainWindow::buildActions()
{
    m_writeAction = new QAction(tr("&Write message…"), this);
    m_writeAction->setObjectName(QStringLiteral("writeAction"));
    m_writeAction->setShortcut(QKeySequence::New);
    m_writeAction->setToolTip(tr("Write a message with write_message"));
    connect(m_writeAction, &QAction::triggered, this, &MainWindow::openWriteDialog);

    auto* refreshAction = new QAction(tr("&Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    connect(refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    m_endAction = new QAction(tr("Jump to &end"), this);
    m_endAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    connect(m_endAction, &QAction::triggered, m_browser, &MessageBrowser::jumpToEnd);
    m_endAction->setObjectName(QStringLiteral("jumpToEndAction"));
    auto* startAction = new QAction(tr("Jump to &start"), this);
    startAction->setObjectName(QStringLiteral("jumpToStartAction"));
    startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Home));
    connect(startAction, &QAction::triggered, m_browser, &MessageBrowser::jumpToStart);

    m_liveTailAction = new QAction(tr("&Live tail"), this);
    m_liveTailAction->setObjectName(QStringLiteral("liveTailAction"));
    m_liveTailAction->setCheckable(true);
    m_liveTailAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_liveTailAction, &QAction::toggled, m_messages, &MessageTableModel::setLiveTail);

    auto* findAction = new QAction(tr("&Filter streams"), this);
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] { m_streamFilter->setFocus(); });
    auto* jumpAction = new QAction(tr("Jump to &position…"), this);
    jumpAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    connect(jumpAction, &QAction::triggered, m_browser, &MessageBrowser::focusJumpBox);

    auto* searchAction = new QAction(tr("Find in &messages…"), this);
    searchAction->setObjectName(QStringLiteral("findAction"));
    searchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(searchAction, &QAction::triggered, this, &MainWindow::showFind);
    auto* timeAction = new QAction(tr("Go to &time…"), this);
    timeAction->setObjectName(QStringLiteral("goToTimeAction"));
    timeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(timeAction, &QAction::triggered, this, &MainWindow::goToTime);
    auto* traceAction = new QAction(tr("T&race causes and effects…"), this);
    traceAction->setObjectName(QStringLiteral("traceAction"));
    traceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(traceAction, &QAction::triggered, this, &MainWindow::traceSelected);
    auto* exportAction = new QAction(tr("&Export…"), this);
    exportAction->setObjectName(QStringLiteral("exportAction"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setToolTip(
        tr("Export the stream or category shown, with its filters, to JSON Lines or CSV"));
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportFeed);
    auto* newNamespaceAction = new QAction(tr("&New namespace…"), this);
    connect(newNamespaceAction, &QAction::triggered, this, &MainWindow::createNamespace);
    auto* dropNamespaceAction = new QAction(tr("&Drop namespace…"), this);
    connect(dropNamespaceAction, &QAction::triggered, this, &MainWindow::dropNamespace);
    auto* healthAction = new QAction(tr("Namespace &health and summaries…"), this);
    healthAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(healthAction, &QAction::triggered, this, &MainWindow::showNamespaceHealth);
    auto* groupsAction = new QAction(tr("&Consumer groups…"), this);
    groupsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    groupsAction->setToolTip(
        tr("How consumer groups split the category shown: members, resizes, live map, replay"));
    connect(groupsAction, &QAction::triggered, this, &MainWindow::showConsumerGroups);
    auto* stressAction = new QAction(tr("&Stress test…"), this);
    stressAction->setToolTip(
        tr("Concurrent writers against a namespace, then a verification of what they wrote"));
    connect(stressAction, &QAction::triggered, this, &MainWindow::showStressPanel);

    m_sampleAction = new QAction(tr("Load &sample data…"), this);
    connect(m_sampleAction, &QAction::triggered, this, &MainWindow::loadSample);

    newNamespaceAction->setObjectName(QStringLiteral("newNamespaceAction"));
    dropNamespaceAction->setObjectName(QStringLiteral("dropNamespaceAction"));
    m_sampleAction->setObjectName(QStringLiteral("sampleAction"));
    stressAction->setObjectName(QStringLiteral("stressAction"));
    m_writingActions = {m_writeAction, newNamespaceAction, dropNamespaceAction, m_sampleAction, stressAction};
    const auto icon = [](const char* name) {
        return QIcon(QStringLiteral(":/mdbstudio/icons/%1.svg").arg(QLatin1String(name)));
    };
    m_writeAction->setIcon(icon("write"));
    refreshAction->setIcon(icon("refresh"));
    m_endAction->setIcon(icon("jump-end"));
    m_liveTailAction->setIcon(icon("live-tail"));
    exportAction->setIcon(icon("export"));
    auto* connectAction = new QAction(icon("connect"), tr("&Connect…"), this);
    connectAction->setObjectName(QStringLiteral("connectAction"));
    connectAction->setShortcut(QKeySequence::Open);
    connect(connectAction, &QAction::triggered, this, &MainWindow::openConnectionDialog);

    auto* quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu* storeMenu = menuBar()->addMenu(tr("&Store"));
    storeMenu->addAction(connectAction);
    storeMenu->addAction(refreshAction);
    storeMenu->addAction(healthAction);
    storeMenu->addSeparator();
    storeMenu->addAction(newNamespaceAction);
    storeMenu->addAction(dropNamespaceAction);
    storeMenu->addAction(m_sampleAction);
    storeMenu->addSeparator();
    storeMenu->addAction(quitAction);
    QMenu* messageMenu = menuBar()->addMenu(tr("&Messages"));
    for (QAction* a : {m_writeAction, exportAction, m_endAction, startAction, jumpAction, m_liveTailAction,
                       findAction, searchAction, timeAction, traceAction})
        messageMenu->addAction(a);
    QMenu* toolsMenu = menuBar()->addMenu(tr("&Tools"));
    toolsMenu->addAction(groupsAction);
    toolsMenu->addAction(stressAction);
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (QAction* a :
         {connectAction, refreshAction, m_writeAction, exportAction, m_endAction, m_liveTailAction})
        toolbar->addAction(a);
}

void MainWindow::setStore(std::shared_ptr<Store> store, const std::optional<SavedConnection>& connection)
{
    m_store = std::move(store);
    m_selectedNamespace.clear();
    const bool readOnly = m_store->location().readOnly;
    const QString name = connection ? connection->name : m_store->location().displayName();
    setWindowTitle(QStringLiteral("mdbstudio — %1%2").arg(name, readOnly ? tr(" (read-only)") : QString()));
    m_readOnly->setVisible(readOnly);
    m_connectionWatch->setStore(m_store);
    m_disconnected->hide();
    // The connection's colour marks the window, so that production is never mistaken for test.
    const QColor colour = connection && connection->colour.isValid() ? connection->colour : QColor();
    m_connectionStrip->setVisible(colour.isValid());
    m_connectionStrip->setStyleSheet(colour.isValid() ? QStringLiteral("background:%1").arg(colour.name())
                                                      : QString());
    for (QAction* a : std::as_const(m_writingActions)) {
        a->setEnabled(!readOnly);
        if (readOnly)
            a->setToolTip(tr("This connection is read-only"));
    }
    m_detail->showMessage(std::nullopt);
    m_messages->setStore(m_store);
    m_tree->setStore(m_store);
    m_find->setStore(m_store);
    m_sampleBar->hide();
    showStatus(m_store->location().displayName());
}

void MainWindow::openConnectionDialog()
{
    ConnectionDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const SavedConnection connection = dialog.connection();
    const Result<StoreLocation> location = connection.location(dialog.password());
    if (!location) {
        showStatus(location.error().text());
        return;
    }
    showStatus(tr("Connecting to %1…").arg(connection.name));
    const StoreLocation where = *location;
    runInBackground(
        this, interactivePool(),
        [where]() -> Result<std::shared_ptr<Store>> { // futures copy their results: a shared store
            Result<std::unique_ptr<Store>> opened = Store::open(where);
            if (!opened)
                return opened.error();
            return std::shared_ptr<Store>(std::move(opened).value());
        },
        [this, connection](const Result<std::shared_ptr<Store>>& opened) {
            if (!opened) {
                showStatus(tr("Cannot connect to %1: %2").arg(connection.name, opened.error().text()));
                return;
            }
            setStore(*opened, connection);
        });
}

QString MainWindow::currentNamespace() const
{
    return m_selectedNamespace.isEmpty() ? m_store->defaultNamespace() : m_selectedNamespace;
}

void MainWindow::refresh()
{
    m_tree->refresh();
    if (!m_messages->feed().name.isEmpty())
        m_messages->open(m_messages->feed());
}

void MainWindow::treeSelectionChanged()
{
    const QModelIndex current = m_treeView->currentIndex();
    if (!current.isValid())
        return;
    m_selectedNamespace = current.data(StoreTreeModel::NamespaceRole).toString();
    const auto type = StoreTreeModel::NodeType(current.data(StoreTreeModel::NodeTypeRole).toInt());
    if (type == StoreTreeModel::NodeType::Namespace)
        return;
    MessageFeed feed;
    feed.ns = m_selectedNamespace;
    if (type == StoreTreeModel::NodeType::Stream) {
        feed.kind = MessageFeed::Kind::Stream;
        feed.name = current.data(StoreTreeModel::StreamRole).toString();
    } else {
        feed.name = current.data(StoreTreeModel::CategoryRole).toString();
    }
    openFeed(feed);
}

void MainWindow::openFeed(const MessageFeed& requested, std::optional<qint64> select)
{
    MessageFeed feed = requested;
    if (feed.ns.isEmpty())
        feed.ns = currentNamespace();
    m_browser->open(feed, select);
    m_find->setContext(feed.ns, feed.isStream() ? StreamName::category(feed.name) : feed.name,
                       feed.isStream() ? feed.name : QString());
}

void MainWindow::showFind()
{
    if (m_messages->feed().name.isEmpty())
        m_find->setContext(currentNamespace(), QString(), QString());
    m_findDock->show();
    m_findDock->raise();
    m_find->focusExpression();
}

void MainWindow::openMessage(const Message& message)
{
    MessageFeed feed;
    feed.ns = m_messages->feed().ns.isEmpty() ? currentNamespace() : m_messages->feed().ns;
    feed.kind = MessageFeed::Kind::Stream;
    feed.name = message.streamName;
    feed.startPosition = message.position;
    openFeed(feed, message.globalPosition);
}

void MainWindow::goToTime()
{
    const MessageFeed current = m_messages->feed();
    const QString suggested = m_detail->message() ? m_detail->message()->timeText() : QString();
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Go to time"),
        tr("The first message at or after (ISO 8601, UTC; %1):")
            .arg(current.name.isEmpty() ? tr("in the namespace") : tr("in %1").arg(current.name)),
        QLineEdit::Normal, suggested, &ok);
    if (!ok || text.trimmed().isEmpty())
        return;
    const std::optional<qint64> micros = query::parseTimeLiteral(text.trimmed());
    if (!micros) {
        showStatus(tr("Not an ISO 8601 UTC time: %1 (e.g. 2026-11-28T00:39:50.269702)").arg(text));
        return;
    }
    const QString ns = current.name.isEmpty() ? currentNamespace() : current.ns;
    runInBackground(
        this, interactivePool(),
        [store = m_store, ns, current, time = *micros]() -> Result<std::optional<Message>> {
            if (!current.isStream())
                return seekTime(*store, ns,
                                current.name.isEmpty() ? std::nullopt : std::optional(current.name), time);
            // A stream is short next to a namespace: its first message that new, by position.
            FindRequest request;
            request.filter = *query::Filter::compile(QStringLiteral("time >= \"%1\"").arg(timeText(time)));
            request.scope = FindQuery::Scope::Stream;
            request.scopeName = current.name;
            request.maxMatches = 1;
            return findAll(store, ns, request).transform([](const MessageList& found) {
                return found.isEmpty() ? std::optional<Message>()
                                       : std::optional<Message>(found.constFirst());
            });
        },
        [this, current, ns, time = *micros](const Result<std::optional<Message>>& found) {
            if (!found)
                return showStatus(found.error().text());
            if (!*found)
                return showStatus(tr("No message at or after %1.").arg(timeText(time)));
            MessageFeed feed = current;
            feed.ns = ns;
            if (feed.name.isEmpty()) {
                feed.kind = MessageFeed::Kind::Category;
                feed.name = StreamName::category((*found)->streamName);
            }
            feed.startPosition = feed.isStream() ? (*found)->position : (*found)->globalPosition;
            openFeed(feed, (*found)->globalPosition);
            showStatus(tr("Opened at %1 (global position %2), the first message at or after %3.")
                           .arg((*found)->timeText())
                           .arg((*found)->globalPosition)
                           .arg(timeText(time)));
        });
}

void MainWindow::traceSelected()
{
    const std::optional<Message> selected = m_detail->message();
    if (!selected) {
        showStatus(tr("Select a message to trace."));
        return;
    }
    const QString ns = m_messages->feed().ns.isEmpty() ? currentNamespace() : m_messages->feed().ns;
    auto* dialog = new TraceDialog(m_store, ns, *selected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TraceDialog::openMessage, this, &MainWindow::openMessage);
    dialog->show();
}

void MainWindow::openWriteDialog()
{
    if (m_store->location().readOnly)
        return;
    auto* dialog = new WriteDialog(m_store, currentNamespace(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_messages->feed().isStream())
        dialog->setStream(m_messages->feed().name);
    else if (const std::optional<Message> m = m_detail->message())
        dialog->setStream(m->streamName);
    connect(dialog, &WriteDialog::written, this, [this](const QString& stream, qint64) {
        const MessageFeed& feed = m_messages->feed();
        if ((feed.isStream() && feed.name == stream) ||
            (!feed.isStream() && StreamName::category(stream) == feed.name)) {
            m_messages->readNew();
        }
    });
    dialog->show();
}

void MainWindow::loadSample()
{
    if (m_store->location().readOnly)
        return;
    SampleSpec spec;
    spec.messages = 20000;
    spec.streams = 1000;
    spec.categories = 8;
    std::shared_ptr<Store> store = m_store;
    const QString ns = currentNamespace();
    m_tasks.removeIf([](const QFuture<void>& task) { return task.isFinished(); });
    m_tasks << QFuture<void>(runWithProgress<Result<SampleProgress>>(
        this, backgroundPool(), tr("Writing sample messages…"), 0,
        [store, ns, spec](ProgressReport<Result<SampleProgress>>& report) {
            report.setRange(0, 100);
            report.finish(writeSample(
                *store, ns, spec,
                [&report](const SampleProgress& p) {
                    report.setValue(int(p.written * 100 / std::max<qint64>(p.total, 1)));
                },
                report.cancelFlag()));
        },
        [this](const std::optional<Result<SampleProgress>>& done, bool cancelled) {
            if (cancelled || !done)
                showStatus(tr("Sample cancelled; what was written so far is kept."));
            else
                showStatus(*done ? tr("Wrote %1 sample messages.").arg((*done)->written)
                                 : done->error().text());
            m_sampleBar->hide();
            m_tree->refresh();
        }));
}

namespace {

ExportFormat exportFormatOf(const QString& fileName)
{
    return fileName.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? ExportFormat::Csv
                                                                          : ExportFormat::JsonLines;
}

} // namespace

void MainWindow::exportFeed()
{
    const MessageFeed feed = m_messages->feed();
    if (feed.name.isEmpty()) {
        showStatus(tr("Select a stream or a category to export."));
        return;
    }
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export %1").arg(feed.name),
                                                          feed.name + QStringLiteral(".jsonl"),
                                                          tr("JSON Lines (*.jsonl);;CSV (*.csv)"));
    if (fileName.isEmpty())
        return;
    std::shared_ptr<Store> store = m_store;
    runExport(tr("Exporting %1…").arg(feed.name), fileName,
              [store, feed, format = exportFormatOf(fileName)](QIODevice& out, ExportReport& report) {
                  return mdb::exportFeed(
                      *store, feed, format, out,
                      [&report](qint64 written) { report.setText(tr("%1 messages written…").arg(written)); },
                      report.cancelFlag());
              });
}

void MainWindow::exportSearchResults()
{
    if (!m_find->lastSearch()) {
        showStatus(tr("Run a search to export its matches."));
        return;
    }
    const QString fileName =
        QFileDialog::getSaveFileName(this, tr("Export the matches"), QStringLiteral("matches.jsonl"),
                                     tr("JSON Lines (*.jsonl);;CSV (*.csv)"));
    if (!fileName.isEmpty())
        exportSearchResultsTo(fileName);
}

void MainWindow::exportSearchResultsTo(const QString& fileName)
{
    const std::optional<std::pair<QString, FindRequest>> search = m_find->lastSearch();
    if (!search)
        return;
    std::shared_ptr<Store> store = m_store;
    runExport(
        tr("Exporting the matches…"), fileName,
        [store, search = *search, format = exportFormatOf(fileName)](QIODevice& out, ExportReport& report) {
            return mdb::exportSearch(
                store, search.first, search.second, format, out,
                [&report](const SearchExportProgress& p) {
                    report.setRange(0, 1000);
                    report.setValue(p.total > 0 ? int(1000 * p.scanned / p.total) : 0);
                    report.setText(tr("%1 matches written, %2 of %3 positions scanned…")
                                       .arg(p.written)
                                       .arg(p.scanned)
                                       .arg(p.total));
                },
                report.cancelFlag());
        });
}

void MainWindow::runExport(const QString& label, const QString& fileName,
                           std::function<Result<qint64>(QIODevice&, ExportReport&)> job)
{
    auto file = std::make_shared<QSaveFile>(fileName);
    if (!file->open(QIODevice::WriteOnly)) {
        showStatus(tr("Cannot write %1: %2").arg(fileName, file->errorString()));
        return;
    }
    const auto finished = [this](const QString& message) {
        showStatus(message);
        Q_EMIT exportFinished(message);
    };
    m_tasks.removeIf([](const QFuture<void>& task) { return task.isFinished(); });
    m_tasks << QFuture<void>(runWithProgress<Result<qint64>>(
        this, backgroundPool(), label, 300,
        [file, job = std::move(job)](ExportReport& report) { report.finish(job(*file, report)); },
        [file, fileName, finished](const std::optional<Result<qint64>>& written, bool cancelled) {
            if (cancelled || !written) {
                file->cancelWriting(); // nothing half-written is left behind
                finished(tr("Export cancelled."));
            } else if (!*written) {
                file->cancelWriting();
                finished(written->error().text());
            } else if (!file->commit()) {
                finished(tr("Cannot write %1: %2").arg(fileName, file->errorString()));
            } else {
                finished(tr("Exported %1 messages to %2.").arg(**written).arg(fileName));
            }
        }));
}

void MainWindow::createNamespace()
{
    CreateNamespaceDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString name = dialog.name();
    std::shared_ptr<Store> store = m_store;
    showStatus(tr("Creating namespace %1…").arg(name));
    runInBackground(
        this, interactivePool(), [store, name] { return store->createNamespace(name); },
        [this, name](const Status& created) {
            showStatus(created ? tr("Created namespace %1.").arg(name) : created.error().text());
            m_tree->refresh();
        });
}

void MainWindow::dropNamespace()
{
    const QString ns = currentNamespace();
    DropNamespaceDialog dialog(ns, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_messages->feed().ns == ns)
        m_messages->clear();
    std::shared_ptr<Store> store = m_store;
    showStatus(tr("Dropping namespace %1…").arg(ns));
    runInBackground(
        this, interactivePool(), [store, ns] { return store->dropNamespace(ns); },
        [this, ns](const Status& dropped) {
            showStatus(dropped ? tr("Dropped namespace %1.").arg(ns) : dropped.error().text());
            m_selectedNamespace.clear();
            m_tree->refresh();
        });
}

void MainWindow::showNamespaceHealth()
{
    auto* dialog = new NamespaceHealthDialog(m_store, currentNamespace(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showConsumerGroups()
{
    // The category shown, or the category of the stream shown.
    const MessageFeed& feed = m_messages->feed();
    const QString category = feed.isStream() ? StreamName::category(feed.name) : feed.name;
    auto* panel =
        new ConsumerGroupPanel(m_store, feed.name.isEmpty() ? currentNamespace() : feed.ns, category, this);
    panel->setAttribute(Qt::WA_DeleteOnClose);
    panel->show();
}

void MainWindow::showStressPanel()
{
    auto* panel = new StressPanel(m_store, currentNamespace(), this);
    panel->setAttribute(Qt::WA_DeleteOnClose);
    panel->show();
}

void MainWindow::offerSampleIfEmpty()
{
    if (m_store->location().readOnly)
        return;
    std::shared_ptr<Store> store = m_store;
    const QString ns = currentNamespace();
    runInBackground(
        this, interactivePool(),
        [store, ns] {
            const Result<QStringList> categories = store->listCategories(ns);
            return categories && categories->isEmpty();
        },
        [this](bool empty) { m_sampleBar->setVisible(empty); });
}

void MainWindow::showStatus(const QString& text)
{
    m_status->setText(text);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Long jobs stop at their next page or batch, so that quitting does not wait for them.
    for (QFuture<void>& task : m_tasks)
        task.cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    m_messages->setLiveTail(m_liveTailAction->isChecked());
}

void MainWindow::hideEvent(QHideEvent* event)
{
    // The live tail pauses while nobody can see it.
    m_messages->setLiveTail(false);
    QMainWindow::hideEvent(event);
}

} // namespace mdb
