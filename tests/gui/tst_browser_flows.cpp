// The browser's everyday flows, driven with the keys, clicks and actions a user would use, on the
// real main window (offscreen), on SQLite and on an mdbstudio PostgreSQL namespace: the tree, the
// filter bar, the jumps, the live tail, Export… through its file dialog, Connect… to another
// store, the detail pane's links and JSON views, every summary tab and the consumer-group
// panel's controls.
#include "TestStores.h"
#include "model/ConsumerGroupSession.h"
#include "model/MessageTableModel.h"
#include "model/PartitionModels.h"
#include "model/StoreTreeModel.h"
#include "model/WorkerPools.h"
#include "ui/ConnectionDialog.h"
#include "ui/MainWindow.h"
#include "ui/MessageDetail.h"
#include "ui/NamespaceDialogs.h"
#include "ui/consumergroups/ConsumerGroupPanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace mdb;

namespace {

// 30 messages in three streams of `category`: Opened and Deposited by turns, data with a nested
// object, a correlation, and from the second message of a stream on, the previous one as cause.
QList<WriteRequest> flowFixture(const QString& category)
{
    QList<WriteRequest> writes;
    for (int i = 0; i < 30; ++i) {
        const QString stream = category + u'-' + QString::number(i % 3);
        QString metadata = QStringLiteral(R"({"correlationStreamName": "corr-%1")").arg(i % 2);
        if (i >= 3)
            metadata +=
                QStringLiteral(R"(, "causationMessageStreamName": "%1", "causationMessagePosition": %2)")
                    .arg(stream)
                    .arg(i / 3 - 1);
        writes << WriteRequest{{},
                               stream,
                               i % 2 == 0 ? QStringLiteral("Opened") : QStringLiteral("Deposited"),
                               QStringLiteral(R"({"n": %1, "nested": {"k": "v%1"}})").arg(i),
                               metadata + u'}',
                               {}};
    }
    return writes;
}

// The fixture written to a test's namespace, and the store then shared with the window; no store
// when the write failed.
struct Flow
{
    std::shared_ptr<Store> store;
    QString ns;
    QString category;
};

Flow writeFlow(mdbtest::TestStore& t)
{
    Flow flow{nullptr, t.ns, mdbtest::uniqueName(QStringLiteral("flow"))};
    if (t->writeMessages(t.ns, flowFixture(flow.category)))
        flow.store = std::shared_ptr<Store>(std::move(t.store));
    return flow;
}

QTreeView* storeTree(MainWindow& window)
{
    return window.findChild<QTreeView*>(QStringLiteral("storeTree"));
}

QTableView* messageTable(QWidget& window)
{
    return window.findChild<QTableView*>(QStringLiteral("messageTable"));
}

void clickIndex(QTreeView* tree, const QModelIndex& index)
{
    tree->scrollTo(index);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(index).center());
}

// The messages the table holds, top to bottom (a row above them may stand for earlier ones).
QList<Message> shownMessages(QTableView* table)
{
    QList<Message> shown;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QVariant m = table->model()->index(row, 0).data(MessageTableModel::MessageRole);
        if (m.isValid())
            shown << m.value<Message>();
    }
    return shown;
}

// Whether the row holding the message at `globalPosition` is on screen.
bool rowVisible(QTableView* table, qint64 globalPosition)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QVariant m = table->model()->index(row, 0).data(MessageTableModel::MessageRole);
        if (m.isValid() && m.value<Message>().globalPosition == globalPosition)
            return table->viewport()->rect().intersects(table->visualRect(table->model()->index(row, 0)));
    }
    return false;
}

// Runs `act` once `Dialog` is the modal window in front (opened by what the caller does next).
template <typename Dialog, typename Act>
void whenModal(QObject* context, Act act)
{
    auto* poll = new QTimer(context);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, context, [poll, act] {
        if (auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            act(dialog);
        }
    });
    poll->start();
}

} // namespace

class BrowserFlowsTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

    // The window on the test's store, with its namespace clicked and `category` clicked open.
    void openCategory(MainWindow& window, const QString& ns, const QString& category)
    {
        QTreeView* tree = storeTree(window);
        QTRY_VERIFY(window.treeModel()->namespaceIndex(ns).isValid());
        clickIndex(tree, window.treeModel()->namespaceIndex(ns));
        tree->expand(window.treeModel()->namespaceIndex(ns));
        QTRY_VERIFY(window.treeModel()->categoryIndex(ns, category).isValid());
        clickIndex(tree, window.treeModel()->categoryIndex(ns, category));
        QTRY_COMPARE(window.messageModel()->feed().name, category);
        QTRY_VERIFY(!window.messageModel()->isLoading());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { finishWorkers(); }

    // Type filter typed and cleared; Ctrl+End, Ctrl+Home, Ctrl+G; Ctrl+L on and off.
    void filterBarJumpsAndLiveTail()
    {
        MDB_OPEN_TARGET(t, m_target);
        const Flow flow = writeFlow(t);
        QVERIFY(flow.store);
        const QString& c = flow.category;
        MainWindow window(flow.store);
        window.show();
        openCategory(window, flow.ns, c);
        QTableView* table = messageTable(window);
        QTRY_COMPARE(shownMessages(table).size(), 30);
        const QList<Message> all = shownMessages(table);

        auto* type = window.findChild<QLineEdit*>(QStringLiteral("typeFilter"));
        QTest::mouseClick(type, Qt::LeftButton);
        QTest::keyClicks(type, QStringLiteral("Deposited"));
        QTest::keyClick(type, Qt::Key_Return);
        QTRY_COMPARE(shownMessages(table).size(), 15);
        for (const Message& m : shownMessages(table))
            QCOMPARE(m.type, QStringLiteral("Deposited"));
        QTest::keyClick(type, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(type, Qt::Key_Backspace);
        QTest::keyClick(type, Qt::Key_Return);
        QTRY_COMPARE(shownMessages(table).size(), 30);

        // The window is small enough that the first and the last rows are not both on screen.
        window.resize(900, 420);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
        // Each jump shows the message it names and selects it.
        const auto current = [table] {
            return table->currentIndex().data(MessageTableModel::MessageRole).value<Message>().globalPosition;
        };
        QTRY_VERIFY(rowVisible(table, all.constLast().globalPosition));
        QVERIFY(!rowVisible(table, all.constFirst().globalPosition));
        QTRY_COMPARE(current(), all.constLast().globalPosition);
        QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
        QTRY_VERIFY(rowVisible(table, all.constFirst().globalPosition));
        QTRY_COMPARE(current(), all.constFirst().globalPosition);

        QTest::keyClick(table, Qt::Key_G, Qt::ControlModifier);
        auto* jump = window.findChild<QLineEdit*>(QStringLiteral("jumpPosition"));
        QTRY_VERIFY(jump->hasFocus());
        QTest::keyClicks(jump, QString::number(all.at(20).globalPosition));
        QTest::keyClick(jump, Qt::Key_Return);
        QTRY_COMPARE(current(), all.at(20).globalPosition);
        QVERIFY(rowVisible(table, all.at(20).globalPosition));

        // Live tail: a message written elsewhere appears; after Ctrl+L again, another does not
        // come until asked for.
        QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
        QTRY_COMPARE(shownMessages(table).size(), 30);
        auto* live = window.findChild<QAction*>(QStringLiteral("liveTailAction"));
        QTest::keyClick(table, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(live->isChecked());
        const Result<qint64> written = flow.store->writeMessage(
            t.ns,
            WriteRequest{{}, c + QStringLiteral("-9"), QStringLiteral("Late"), QStringLiteral("{}"), {}, {}});
        QVERIFY(written);
        QTRY_VERIFY_WITH_TIMEOUT(shownMessages(table).size() == 31 &&
                                     shownMessages(table).constLast().type == QStringLiteral("Late"),
                                 10000);
        QTest::keyClick(table, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(!live->isChecked());
    }

    // The stream filter keeps the streams whose names match, live in the tree.
    void streamFilterNarrowsTheTree()
    {
        MDB_OPEN_TARGET(t, m_target);
        const Flow flow = writeFlow(t);
        QVERIFY(flow.store);
        const QString& c = flow.category;
        MainWindow window(flow.store);
        window.show();
        openCategory(window, flow.ns, c);
        QTreeView* tree = storeTree(window);
        const QModelIndex category = window.treeModel()->categoryIndex(t.ns, c);
        tree->expand(category);
        QTRY_COMPARE(window.treeModel()->rowCount(window.treeModel()->categoryIndex(t.ns, c)), 3);
        auto* filter = window.findChild<QLineEdit*>(QStringLiteral("streamFilter"));
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier); // Filter streams
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, c.toUpper() + QStringLiteral("-2")); // case does not matter
        QTest::keyClick(filter, Qt::Key_Return);
        QTRY_VERIFY(window.treeModel()->categoryIndex(t.ns, c).isValid());
        tree->expand(window.treeModel()->categoryIndex(t.ns, c));
        QTRY_COMPARE(window.treeModel()->rowCount(window.treeModel()->categoryIndex(t.ns, c)), 1);
        const QModelIndex only = window.treeModel()->index(0, 0, window.treeModel()->categoryIndex(t.ns, c));
        QCOMPARE(only.data().toString(), c + QStringLiteral("-2"));
    }

    // Ctrl+E, a file name typed into the file dialog, Enter: the category's every message, in
    // the format the name asks for.
    void exportThroughTheFileDialog()
    {
        MDB_OPEN_TARGET(t, m_target);
        const Flow flow = writeFlow(t);
        QVERIFY(flow.store);
        const QString& c = flow.category;
        MainWindow window(flow.store);
        window.show();
        openCategory(window, flow.ns, c);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("flow.csv"));
        whenModal<QFileDialog>(this, [path](QFileDialog* dialog) {
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(path);
            QTest::keyClick(name, Qt::Key_Return);
        });
        QTest::keyClick(messageTable(window), Qt::Key_E, Qt::ControlModifier);
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusText"));
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Exported 30 messages to %1.").arg(path),
                                  20000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 31);
        QCOMPARE(lines.constFirst(),
                 QByteArray("global_position,position,time,stream_name,type,data,metadata,id"));
        QVERIFY2(lines.at(1).contains(QByteArray(c.toUtf8() + "-0,Opened,")), lines.at(1).constData());
    }

    // Ctrl+O, an SQLite store chosen in the connection dialog, Connect: the window shows it.
    void connectOpensAnotherStore()
    {
        MDB_OPEN_TARGET(t, m_target);
        std::shared_ptr<Store> store(std::move(t.store));
        QTemporaryDir other;
        {
            Result<std::unique_ptr<Store>> opened = Store::openNamed(other.path());
            QVERIFY(opened);
            QVERIFY((*opened)->createNamespace(QStringLiteral("message_store")));
            QVERIFY((*opened)->writeMessage(
                QStringLiteral("message_store"),
                WriteRequest{
                    {}, QStringLiteral("elsewhere-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        }
        MainWindow window(store);
        window.show();
        QTRY_VERIFY(window.treeModel()->rowCount() > 0);
        whenModal<ConnectionDialog>(this, [&other](ConnectionDialog* dialog) {
            auto* backend = dialog->findChild<QComboBox*>(QStringLiteral("backend"));
            backend->setCurrentIndex(backend->findText(QStringLiteral("SQLite"), Qt::MatchContains));
            auto* path = dialog->findChild<QLineEdit*>(QStringLiteral("sqlitePath"));
            QVERIFY(path->isVisibleTo(dialog));
            path->setText(other.path());
            for (QPushButton* b : dialog->findChildren<QPushButton*>()) {
                if (b->text() == QStringLiteral("&Connect"))
                    QTest::mouseClick(b, Qt::LeftButton);
            }
        });
        QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.windowTitle().contains(QDir(other.path()).dirName()), 10000);
        QTRY_VERIFY(window.treeModel()->namespaceIndex(QStringLiteral("message_store")).isValid());
        QTRY_VERIFY(window.treeModel()
                        ->categoryIndex(QStringLiteral("message_store"), QStringLiteral("elsewhere"))
                        .isValid());
    }

    // A message's causation link opens its cause, selected; the JSON tree folds and unfolds with
    // the arrow keys, and Copy puts the store's exact text on the clipboard.
    void detailLinksAndJsonViews()
    {
        MDB_OPEN_TARGET(t, m_target);
        const Flow flow = writeFlow(t);
        QVERIFY(flow.store);
        const QString& c = flow.category;
        MainWindow window(flow.store);
        window.show();
        openCategory(window, flow.ns, c);
        QTableView* table = messageTable(window);
        QTRY_COMPARE(shownMessages(table).size(), 30);
        // Message 9: the fourth of stream -0 (position 3), caused by position 2.
        const Message effect = shownMessages(table).at(9);
        QCOMPARE(effect.position, 3);
        int row = 0;
        while (table->model()
                   ->index(row, 0)
                   .data(MessageTableModel::MessageRole)
                   .value<Message>()
                   .globalPosition != effect.globalPosition)
            ++row;
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(table->model()->index(row, MessageTableModel::Type)).center());
        auto* detail = window.findChild<MessageDetail*>(QStringLiteral("messageDetail"));
        QTRY_COMPARE(detail->message()->globalPosition, effect.globalPosition);

        auto* links = window.findChild<QLabel*>(QStringLiteral("messageLinks"));
        const QRegularExpressionMatch cause =
            QRegularExpression(QStringLiteral("href=\"(stream:[^\"]*position=2[^\"]*)\""))
                .match(links->text());
        QVERIFY2(cause.hasMatch(), qPrintable(links->text()));
        Q_EMIT links->linkActivated(cause.captured(1)); // what a click on the link does
        QTRY_COMPARE(window.messageModel()->feed().name, c + QStringLiteral("-0"));
        QTRY_VERIFY(detail->message() && detail->message()->position == 2);
        QCOMPARE(detail->message()->streamName, c + QStringLiteral("-0"));
        QVERIFY(table->currentIndex().isValid());
        QCOMPARE(table->currentIndex().data(MessageTableModel::MessageRole).value<Message>().position, 2);

        auto* data = window.findChild<QWidget*>(QStringLiteral("dataView"));
        auto* tree = data->findChild<QTreeView*>(QStringLiteral("jsonTree"));
        QModelIndex nested;
        for (int r = 0; r < tree->model()->rowCount(); ++r) {
            if (tree->model()->index(r, 0).data().toString() == QStringLiteral("nested"))
                nested = tree->model()->index(r, 0);
        }
        QVERIFY(nested.isValid());
        QCOMPARE(tree->model()->rowCount(nested), 1);
        tree->setFocus();
        tree->setCurrentIndex(nested);
        QTest::keyClick(tree, Qt::Key_Left);
        QVERIFY(!tree->isExpanded(nested));
        QTest::keyClick(tree, Qt::Key_Right);
        QVERIFY(tree->isExpanded(nested));
        QTest::mouseClick(data->findChild<QWidget*>(QStringLiteral("jsonCopy")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), *detail->message()->data);
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("\"nested\": {\"k\": \"v6\"}")));
    }

    // Each summary tab, clicked, counts the namespace's messages its way.
    void everySummaryTab()
    {
        MDB_OPEN_TARGET(t, m_target);
        const Flow flow = writeFlow(t);
        QVERIFY(flow.store);
        const QString& c = flow.category;
        NamespaceHealthDialog dialog(flow.store, flow.ns);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* tabs = dialog.findChild<QTabWidget*>();
        QCOMPARE(tabs->count(), 4);
        // By category: c with 30; by type: 15 each; by stream: three of 10; by category and type: two of 15.
        const QList<QStringList> firstColumns{
            {c},
            {QStringLiteral("Deposited"), QStringLiteral("Opened")},
            {c + QStringLiteral("-0"), c + QStringLiteral("-1"), c + QStringLiteral("-2")},
            {c, c}};
        const QList<QStringList> counts{{QStringLiteral("30")},
                                        {QStringLiteral("15"), QStringLiteral("15")},
                                        {QStringLiteral("10"), QStringLiteral("10"), QStringLiteral("10")},
                                        {QStringLiteral("15"), QStringLiteral("15")}};
        for (int tab = 0; tab < tabs->count(); ++tab) {
            QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(tab).center());
            QCOMPARE(tabs->currentIndex(), tab);
            auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("summary%1").arg(tab));
            QTRY_VERIFY(table->columnCount() > 1); // counted, no longer "Counting…"
            QCOMPARE(table->rowCount(), int(firstColumns.at(tab).size()));
            QStringList names;
            QStringList numbers;
            const int countColumn = tab == 3 ? 2 : 1; // category and type take two columns
            for (int r = 0; r < table->rowCount(); ++r) {
                names << table->item(r, 0)->text();
                numbers << table->item(r, countColumn)->text();
            }
            names.sort();
            QCOMPARE(names, firstColumns.at(tab));
            QCOMPARE(numbers, counts.at(tab));
        }
    }

    // The consumer-group panel's controls, used with the keyboard: the group size spin box
    // re-splits the category, the what-if size moves streams, the category box opens another.
    void consumerGroupControls()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString c = mdbtest::uniqueName(QStringLiteral("flow"));
        const QString d = mdbtest::uniqueName(QStringLiteral("other"));
        QVERIFY(t->writeMessages(t.ns, flowFixture(c)));
        QVERIFY(t->writeMessage(
            t.ns,
            WriteRequest{{}, d + QStringLiteral("-1"), QStringLiteral("T"), QStringLiteral("{}"), {}, {}}));
        std::shared_ptr<Store> store(std::move(t.store));
        ConsumerGroupPanel panel(store, t.ns, c);
        ConsumerGroupSession* session = panel.session();
        QSignalSpy loaded(session, &ConsumerGroupSession::loaded);
        panel.show();
        QTRY_VERIFY(!loaded.isEmpty());
        auto* size = panel.findChild<QSpinBox*>(QStringLiteral("groupSize"));
        const int before = size->value();
        QCOMPARE(session->memberModel()->rowCount(), before);
        size->setFocus();
        QTest::keyClick(size, Qt::Key_Up);
        QTRY_COMPARE(session->memberModel()->rowCount(), before + 1);
        // Three streams over the members: every stream is some member's.
        int streams = 0;
        for (int r = 0; r < session->memberModel()->rowCount(); ++r)
            streams += session->memberModel()->index(r, MemberLoadModel::Streams).data().toInt();
        QCOMPARE(streams, 3);

        auto* resized = panel.findChild<QSpinBox*>(QStringLiteral("resizedGroupSize"));
        resized->setFocus();
        resized->selectAll();
        QTest::keyClicks(resized, QString::number(size->value()));
        QTest::keyClick(resized, Qt::Key_Return);
        auto* whatIf = panel.findChild<QLabel*>(QStringLiteral("whatIfSummary"));
        QTRY_VERIFY2(whatIf->text().contains(QStringLiteral("moves 0 of 3 streams")),
                     qPrintable(whatIf->text()));

        auto* category = panel.findChild<QComboBox*>(QStringLiteral("categoryBox"));
        category->setFocus();
        category->lineEdit()->selectAll();
        QTest::keyClicks(category->lineEdit(), d);
        QTest::keyClick(category->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, 10000);
        streams = 0;
        for (int r = 0; r < session->memberModel()->rowCount(); ++r)
            streams += session->memberModel()->index(r, MemberLoadModel::Streams).data().toInt();
        QCOMPARE(streams, 1);
    }
};

QTEST_MAIN(BrowserFlowsTest)
#include "tst_browser_flows.moc"
