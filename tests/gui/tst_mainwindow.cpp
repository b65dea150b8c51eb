// The browser, driven as a user would (offscreen), on SQLite and on an mdbstudio PostgreSQL
// namespace: pick a category, see rows arrive, open a
// message, write with the right and with a wrong expected version, and find writes refused on a
// read-only connection.
#include "TestStores.h"
#include "model/FindSession.h"
#include "model/MessageTableModel.h"
#include "model/PasswordVault.h"
#include "model/SampleGenerator.h"
#include "model/SearchBook.h"
#include "model/StoreTreeModel.h"
#include "model/WorkerPools.h"
#include "ui/ConnectionDialog.h"
#include "ui/MainWindow.h"
#include "ui/MessageDetail.h"
#include "ui/NamespaceDialogs.h"
#include "ui/WriteDialog.h"
#include "ui/find/FindPanel.h"
#include "ui/find/TraceDialog.h"
#include "ui/find/TraceTimeline.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace mdb;

namespace {

WriteRequest request(const QString& stream)
{
    return WriteRequest{{},
                        stream,
                        QStringLiteral("Opened"),
                        QStringLiteral(R"({"amount": 2.50})"),
                        QStringLiteral(R"({"correlationStreamName": "transfer-9"})"),
                        {}};
}

// Clicks the namespace in the store tree, as a user picks the one to work in (a PostgreSQL test
// database holds many).
void selectNamespace(MainWindow& window, const QString& ns)
{
    auto* tree = window.findChild<QTreeView*>(QStringLiteral("storeTree"));
    for (int row = 0; row < tree->model()->rowCount(); ++row) {
        const QModelIndex index = tree->model()->index(row, 0);
        if (index.data(StoreTreeModel::NamespaceRole).toString() != ns)
            continue;
        tree->scrollTo(index);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(index).center());
        return;
    }
    QFAIL(qPrintable(QStringLiteral("namespace %1 is not in the tree").arg(ns)));
}

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

    // Browsing, find, trace, writes and summaries run on each target; the rest on SQLite.
    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    // Reads still in flight must end before a test lets go of its store.
    void cleanup() { mdb::finishWorkers(); }
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void browsesACategoryAndShowsAMessage()
    {
        MDB_OPEN_TARGET(t, m_target);
        for (const char* stream : {"account-1", "account-2", "transfer-9"})
            QVERIFY(t->writeMessage(t.ns, request(QString::fromLatin1(stream))));
        // A second, empty namespace (a name of its own: a PostgreSQL database is shared).
        const QString audit = mdbtest::uniqueName(QStringLiteral("audit_"));
        QVERIFY(t->createNamespace(audit));
        std::shared_ptr<Store> store(std::move(t.store));
        const auto dropAudit = qScopeGuard([&] {
            mdb::finishWorkers();
            if (Status dropped = store->dropNamespace(audit); !dropped)
                qWarning("could not drop %s: %s", qPrintable(audit), qPrintable(dropped.error().message));
        });
        MainWindow window(store);
        window.show();
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("storeTree"));
        QAbstractItemModelTester tester(tree->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(window.treeModel()->categoryIndex(t.ns, QStringLiteral("account")).isValid());
        QVERIFY(window.treeModel()->namespaceIndex(audit).isValid());
        tree->setCurrentIndex(window.treeModel()->categoryIndex(t.ns, QStringLiteral("account")));
        auto* table = window.findChild<QTableView*>(QStringLiteral("messageTable"));
        QTRY_COMPARE(table->model()->rowCount(), 2);
        QTRY_VERIFY(!window.messageModel()->isLoading());
        QCOMPARE(table->model()->index(0, MessageTableModel::Stream).data().toString(),
                 QStringLiteral("account-1"));
        table->selectRow(1);
        auto* detail = window.findChild<MessageDetail*>(QStringLiteral("messageDetail"));
        QVERIFY(detail->message().has_value());
        QCOMPARE(detail->message()->streamName, QStringLiteral("account-2"));
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("messageLinks"))
                    ->text()
                    .contains(QStringLiteral("transfer-9")));
        QVERIFY(!window.findChild<QLabel*>(QStringLiteral("readOnlyMarker"))->isVisible());
    }

    // Find in messages as a user does it: Ctrl+Shift+F, type an expression, Enter; matches arrive
    // and say how much was scanned; a mistyped expression is explained under the field; a match
    // opens in the browser; go to time and trace through their actions.
    void findsInsideMessages()
    {
        MDB_OPEN_TARGET(t, m_target);
        QList<WriteRequest> writes;
        for (int i = 0; i < 300; ++i)
            writes << WriteRequest{{},
                                   QStringLiteral("account-%1").arg(i % 30),
                                   i % 3 == 0 ? QStringLiteral("Withdrawn") : QStringLiteral("Deposited"),
                                   QStringLiteral("{\"amount\": %1}").arg(i),
                                   {},
                                   {}};
        QVERIFY(t->writeMessages(t.ns, writes));
        std::shared_ptr<Store> store(std::move(t.store));
        MainWindow window(store);
        window.show();
        QTRY_VERIFY(window.treeModel()->categoryIndex(t.ns, QStringLiteral("account")).isValid());
        selectNamespace(window, t.ns);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        auto* expression = window.findChild<QLineEdit*>(QStringLiteral("findExpression"));
        QTRY_VERIFY(expression->isVisible());
        QTRY_VERIFY(expression->hasFocus());

        QTest::keyClicks(expression, QStringLiteral("type = \"Withdrawn\" and data.amount >"));
        QTest::keyClick(expression, Qt::Key_Return);
        auto* error = window.findChild<QLabel*>(QStringLiteral("findError"));
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(),
                 QStringLiteral("at character 37: expected a literal (a JSON string or number, true, "
                                "false, null), found the end"));

        QTest::keyClicks(expression, QStringLiteral(" 250"));
        QTest::keyClick(expression, Qt::Key_Return);
        QVERIFY(!error->isVisible());
        auto* results = window.findChild<QTableView*>(QStringLiteral("findResults"));
        auto* status = window.findChild<QLabel*>(QStringLiteral("findStatus"));
        // 252 … 297 in steps of 3: 16 withdrawals over 250.
        QTRY_COMPARE(results->model()->rowCount(), 16);
        QTRY_VERIFY2(
            status->text().startsWith(QStringLiteral("Done: 16 matches, the whole range scanned (300 "
                                                     "positions)")),
            qPrintable(status->text()));
        QCOMPARE(results->model()->index(0, FindResultsModel::Data).data().toString(),
                 QStringLiteral("{\"amount\": 252}"));

        // Activating a match opens its stream at that message.
        results->setCurrentIndex(results->model()->index(0, 0));
        QTest::keyClick(results, Qt::Key_Return);
        QTRY_COMPARE(window.messageModel()->feed().name, QStringLiteral("account-12"));
        QCOMPARE(window.messageModel()->feed().startPosition, std::optional<qint64>(8));
        auto* table = window.findChild<QTableView*>(QStringLiteral("messageTable"));
        // The first message shown is the match (a row above it may stand for the earlier ones).
        const auto firstShown = [table]() -> int {
            for (int row = 0; row < table->model()->rowCount(); ++row) {
                const QVariant m = table->model()->index(row, 0).data(MessageTableModel::MessageRole);
                if (m.isValid())
                    return row;
            }
            return -1;
        };
        QTRY_VERIFY(firstShown() >= 0);
        const int row = firstShown();
        QCOMPARE(table->model()->index(row, MessageTableModel::Position).data().toString(),
                 QStringLiteral("8"));

        // The match opened is the selected message, so Trace needs no further click; no
        // causation metadata here, so the trace is just the message itself.
        QTRY_COMPARE(table->currentIndex().row(), row);
        QCOMPARE(table->currentIndex().data(MessageTableModel::MessageRole).value<Message>().globalPosition,
                 253);
        window.findChild<QAction*>(QStringLiteral("traceAction"))->trigger();
        TraceDialog* trace = nullptr;
        QTRY_VERIFY((trace = window.findChild<TraceDialog*>()) != nullptr);
        QTRY_COMPARE(trace->entries().size(), 1);
        QCOMPARE(trace->entries().constFirst().message.globalPosition, 253);
        trace->close();
    }

    // A search run is remembered for its connection (history and completions), can be saved by
    // name and run again from the Searches menu, and its export writes every match, past the
    // cap, as JSON Lines or CSV.
    void findKeepsSearchesAndExportsMatches()
    {
        MDB_OPEN_TARGET(t, m_target);
        QList<WriteRequest> writes;
        for (int i = 0; i < 1300; ++i)
            writes << WriteRequest{{},
                                   QStringLiteral("order-%1").arg(i % 40),
                                   QStringLiteral("Placed"),
                                   QStringLiteral("{\"n\": %1, \"note\": \"a, \\\"quoted\\\" one\"}").arg(i),
                                   {},
                                   {}};
        QVERIFY(t->writeMessages(t.ns, writes));
        const QString connection = t->location().displayName();
        SearchBook(connection).clearHistory();
        std::shared_ptr<Store> store(std::move(t.store));
        MainWindow window(store);
        window.show();
        QTRY_VERIFY(window.treeModel()->categoryIndex(t.ns, QStringLiteral("order")).isValid());
        selectNamespace(window, t.ns);
        window.showFind();
        auto* panel = window.findChild<FindPanel*>();
        auto* expression = window.findChild<QLineEdit*>(QStringLiteral("findExpression"));
        auto* exportButton = window.findChild<QPushButton*>(QStringLiteral("findExport"));
        QVERIFY(!exportButton->isEnabled()); // nothing searched yet

        const QString big = QStringLiteral("data.n >= 100");
        expression->setText(big);
        QTest::keyClick(expression, Qt::Key_Return);
        QTRY_COMPARE(panel->session()->state(), FindSession::State::CapReached); // 1,200 matches, cap 1,000
        QCOMPARE(panel->session()->results()->rowCount(), 1000);
        QVERIFY(exportButton->isEnabled());
        expression->setText(QStringLiteral("data.n < 5"));
        QTest::keyClick(expression, Qt::Key_Return);
        QTRY_COMPARE(panel->session()->state(), FindSession::State::Finished);
        // Newest first, once each; the completer offers them.
        QCOMPARE(SearchBook(connection).history(), (QStringList{QStringLiteral("data.n < 5"), big}));
        QCOMPARE(expression->completer()->model()->rowCount(), 2);
        QVERIFY(SearchBook(QStringLiteral("sqlite:/another/store")).history().isEmpty());

        // Saved by name, for this connection; run again from the Searches menu.
        expression->setText(big);
        window.findChild<QComboBox*>(QStringLiteral("findScope"))->setCurrentIndex(SavedSearch::Namespace);
        panel->saveSearch(QStringLiteral("big orders"));
        QCOMPARE(SearchBook(connection).saved().size(), 1);
        QCOMPARE(SearchBook(connection).saved().constFirst().expression, big);
        expression->clear();
        auto* searches = window.findChild<QToolButton*>(QStringLiteral("findSearches"));
        Q_EMIT searches->menu()->aboutToShow();
        QAction* savedRun = nullptr;
        for (QAction* a : searches->menu()->actions()) {
            if (a->text() == QStringLiteral("big orders"))
                savedRun = a;
        }
        QVERIFY(savedRun);
        savedRun->trigger();
        QCOMPARE(expression->text(), big);
        QTRY_COMPARE(panel->session()->state(), FindSession::State::CapReached);

        // The export has all 1,200 matches, in order, past the cap.
        QTemporaryDir dir;
        QSignalSpy exported(&window, &MainWindow::exportFinished);
        const QString jsonl = dir.filePath(QStringLiteral("matches.jsonl"));
        window.exportSearchResultsTo(jsonl);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 20000);
        QCOMPARE(exported.at(0).at(0).toString(), QStringLiteral("Exported 1200 messages to %1.").arg(jsonl));
        QFile file(jsonl);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1200);
        QVERIFY(lines.constFirst().contains("\"global_position\":101,"));
        QVERIFY(lines.constLast().contains("\"global_position\":1300,"));
        const QString csv = dir.filePath(QStringLiteral("matches.csv"));
        window.exportSearchResultsTo(csv);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 2, 20000);
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> records = csvFile.readAll().trimmed().split('\n');
        QCOMPARE(records.size(), 1201);
        QCOMPARE(records.constFirst(),
                 QByteArray("global_position,position,time,stream_name,type,data,metadata,id"));
        QVERIFY2(records.at(1).startsWith("101,2,"), records.at(1).constData());
        QVERIFY2(records.at(1).contains(R"("{""n"": 100, ""note"": ""a, \""quoted\"" one""}")"),
                 records.at(1).constData());
    }

    // The trace of a sample's command: a lane per stream, an arrow per cause, and the timeline and
    // the table following each other; a double-click opens the message.
    void traceTimelineOfASampleChain()
    {
        MDB_OPEN_TARGET(t, m_target);
        SampleSpec spec;
        spec.messages = 600;
        spec.seed = 99;
        QVERIFY(writeSample(*t.store, t.ns, spec));
        // A command whose event went on to a further event.
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        Message command;
        for (qint64 gp = 1; gp < 600 && command.streamName.isEmpty(); ++gp) {
            const Result<QList<TraceEntry>> chain = traceMessage(*store, t.ns, gp);
            if (chain && chain->size() == 3 && chain->constFirst().depth == 0)
                command = chain->constFirst().message;
        }
        QVERIFY(!command.streamName.isEmpty());

        TraceDialog dialog(store, t.ns, command);
        QSignalSpy opened(&dialog, &TraceDialog::openMessage);
        QSignalSpy done(&dialog, &TraceDialog::traced);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(done.size() == 1 || done.wait(10000));
        TraceTimeline* timeline = dialog.timeline();
        const QList<TraceEntry>& entries = dialog.entries();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(timeline->lanes(),
                 (QStringList{entries.at(0).message.streamName, entries.at(1).message.streamName,
                              entries.at(2).message.streamName}));
        QCOMPARE(timeline->arrows(), (QList<QPair<int, int>>{{0, 1}, {1, 2}}));
        QCOMPARE(timeline->current(), 0); // the traced message
        auto* table = dialog.findChild<QTreeWidget*>(QStringLiteral("traceTable"));
        QCOMPARE(table->topLevelItemCount(), 3);
        QCOMPARE(table->indexOfTopLevelItem(table->currentItem()), 0);
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("traceStatus"))
                    ->text()
                    .startsWith(QStringLiteral("0 cause(s) and 2 effect(s) in 3 stream(s)")));

        // A click on the last message makes it current in the table too; a row chosen in the
        // table moves the timeline.
        QTest::mouseClick(timeline, Qt::LeftButton, {}, timeline->nodeCentre(2));
        QCOMPARE(timeline->current(), 2);
        QCOMPARE(table->indexOfTopLevelItem(table->currentItem()), 2);
        table->setCurrentItem(table->topLevelItem(1));
        QCOMPARE(timeline->current(), 1);
        QCOMPARE(timeline->entryAt(timeline->nodeCentre(1) + QPoint(0, 40)), -1); // another lane
        QTest::keyClick(timeline, Qt::Key_Right);
        QCOMPARE(timeline->current(), 2);

        QTest::mouseDClick(timeline, Qt::LeftButton, {}, timeline->nodeCentre(1));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.at(0).at(0).value<Message>().globalPosition, entries.at(1).message.globalPosition);
    }

    void writesWithExpectedVersions()
    {
        MDB_OPEN_TARGET(t, m_target);
        QVERIFY(t->writeMessage(t.ns, request(QStringLiteral("account-7"))));
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); }); // before `t` lets go of the store
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        WriteDialog dialog(store, t.ns);
        dialog.show();
        dialog.setStream(QStringLiteral("account-7"));
        dialog.findChild<QLineEdit*>(QStringLiteral("type"))->setText(QStringLiteral("Deposited"));
        auto* data = dialog.findChild<QPlainTextEdit*>(QStringLiteral("data"));
        auto* write = dialog.findChild<QPushButton*>(QStringLiteral("writeButton"));
        auto* outcome = dialog.findChild<QLabel*>(QStringLiteral("outcome"));
        auto* dataState = dialog.findChild<QLabel*>(QStringLiteral("dataState"));
        data->setPlainText(QStringLiteral("{\"amount\": 10}"));
        // "Current version" is the default; it is read in the background and pre-filled, and
        // only then can Write be pressed.
        QTRY_VERIFY(write->isEnabled());
        QCOMPARE(dataState->text(), QStringLiteral("✓ valid JSON"));
        // Invalid JSON alone disables it again, and says why in Message DB's words.
        data->setPlainText(QStringLiteral("{\"amount\": "));
        QVERIFY(!write->isEnabled());
        QVERIFY2(dataState->text().contains(QStringLiteral("invalid input syntax for type json")),
                 qPrintable(dataState->text()));
        data->setPlainText(QStringLiteral("{\"amount\": 10}"));
        QVERIFY(write->isEnabled());
        QTest::mouseClick(write, Qt::LeftButton);
        QTRY_VERIFY(outcome->text().contains(QStringLiteral("Written at position 1")));
        // A version that is no longer current: the conflict, in Message DB's words.
        auto* mode = dialog.findChild<QComboBox*>(QStringLiteral("expectedVersionMode"));
        mode->setCurrentIndex(WriteDialog::Number);
        dialog.findChild<QSpinBox*>(QStringLiteral("expectedVersion"))->setValue(0);
        QTRY_VERIFY(write->isEnabled());
        QTest::mouseClick(write, Qt::LeftButton);
        QTRY_VERIFY(outcome->text().contains(
            QStringLiteral("Wrong expected version: 0 (Stream: account-7, Stream Version: 1)")));
        QCOMPARE(*t->streamVersion(t.ns, QStringLiteral("account-7")), std::optional<qint64>(1));
    }

    void namespaceAdministration()
    {
        CreateNamespaceDialog create;
        auto* name = create.findChild<QLineEdit*>(QStringLiteral("namespaceName"));
        auto* buttons = create.findChild<QDialogButtonBox*>();
        name->setText(QStringLiteral("../evil"));
        QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());
        name->setText(QStringLiteral("audit_2026"));
        QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());

        DropNamespaceDialog drop(QStringLiteral("audit_2026"));
        auto* confirm = drop.findChild<QLineEdit*>(QStringLiteral("confirmName"));
        auto* dropButton = drop.findChild<QPushButton*>(QStringLiteral("dropButton"));
        QVERIFY(!dropButton->isEnabled());
        confirm->setText(QStringLiteral("audit"));
        QVERIFY(!dropButton->isEnabled());
        confirm->setText(QStringLiteral("audit_2026"));
        QVERIFY(dropButton->isEnabled());
    }

    void healthAndSummaries()
    {
        MDB_OPEN_TARGET(t, m_target);
        for (const char* stream : {"account-1", "account-1", "transfer-9"})
            QVERIFY(t->writeMessage(t.ns, request(QString::fromLatin1(stream))));
        std::shared_ptr<Store> store(std::move(t.store));
        NamespaceHealthDialog dialog(store, t.ns);
        dialog.show();
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("summary0")); // by category
        QTRY_COMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("account"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("66.67"));
        auto* health = dialog.findChild<QLabel*>(QStringLiteral("health"));
        QTRY_VERIFY(health->text().contains(QStringLiteral("messages_category")));
        QVERIFY(!health->text().contains(QStringLiteral("missing")));
        // SQLite's namespaces are at layout 1, PostgreSQL's at layout 2: each its current one.
        QVERIFY2(health->text().contains(m_target == mdbtest::Target::Sqlite
                                             ? QStringLiteral("mdbstudio layout 1 (current)")
                                             : QStringLiteral("mdbstudio layout 2 (current)")),
                 qPrintable(health->text()));
        QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("upgradeButton"))->isHidden());
    }

    // A PostgreSQL namespace of an earlier layout says so, and Upgrade functions brings it up to
    // date in place; on a read-only connection the button stays disabled and says why.
    void healthUpgradesAnEarlierLayout()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Postgres);
        QVERIFY(t->writeMessage(t.ns, request(QStringLiteral("account-1"))));
        QCOMPARE(mdbtest::makeEarlierLayout(t.ns), QString());
        {
            mdbtest::TestStore readOnly = mdbtest::reopen(t, {false, true});
            std::shared_ptr<Store> store(std::move(readOnly.store));
            NamespaceHealthDialog dialog(store, t.ns);
            dialog.show();
            auto* upgrade = dialog.findChild<QPushButton*>(QStringLiteral("upgradeButton"));
            QTRY_VERIFY(upgrade->isVisible());
            QVERIFY(!upgrade->isEnabled());
            QCOMPARE(upgrade->toolTip(), QStringLiteral("The connection is read-only"));
        }
        std::shared_ptr<Store> store = mdbtest::reopen(t, {false, false}).store;
        NamespaceHealthDialog dialog(store, t.ns);
        dialog.show();
        auto* health = dialog.findChild<QLabel*>(QStringLiteral("health"));
        auto* upgrade = dialog.findChild<QPushButton*>(QStringLiteral("upgradeButton"));
        auto* state = dialog.findChild<QLabel*>(QStringLiteral("upgradeState"));
        QTRY_VERIFY(
            health->text().contains(QStringLiteral("mdbstudio layout 1 (upgrade to layout 2 available)")));
        QVERIFY(upgrade->isVisible());
        QVERIFY(upgrade->isEnabled());
        QTest::mouseClick(upgrade, Qt::LeftButton);
        QTRY_COMPARE(state->text(),
                     QStringLiteral("Upgraded from layout 1 to layout 2; every message is kept."));
        QTRY_VERIFY(health->text().contains(QStringLiteral("mdbstudio layout 2 (current)")));
        QVERIFY(upgrade->isHidden());
        QCOMPARE(store->describeNamespace(t.ns)->layout, 2);
        QCOMPARE(store->streamVersion(t.ns, QStringLiteral("account-1"))->value_or(-1), 0);
    }

    // Load sample runs behind a progress dialog: it finishes and says so, and Cancel stops it with
    // what was written kept.
    void sampleWithProgressAndCancel()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> store(std::move(t.store));
        {
            MainWindow window(store);
            window.show();
            auto* status = window.findChild<QLabel*>(QStringLiteral("statusText"));
            QTRY_VERIFY(window.treeModel()->namespaceIndex(t.ns).isValid());
            window.loadSample();
            QTRY_VERIFY(window.findChild<QProgressDialog*>() != nullptr);
            QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Wrote 20000 sample messages."), 120000);
            QTRY_VERIFY(window.findChild<QProgressDialog*>() == nullptr);
        }
        QCOMPARE(store->describeNamespace(t.ns)->lastGlobalPosition.value_or(0), 20000);

        MDB_OPEN_TARGET(fresh, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> other(std::move(fresh.store));
        MainWindow window(other);
        window.show();
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusText"));
        QTRY_VERIFY(window.treeModel()->namespaceIndex(fresh.ns).isValid());
        window.loadSample();
        QProgressDialog* progress = nullptr;
        QTRY_VERIFY((progress = window.findChild<QProgressDialog*>()) != nullptr);
        // The dialog's own Cancel button, as a user presses it.
        QPushButton* cancel = progress->findChild<QPushButton*>();
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(
            status->text(), QStringLiteral("Sample cancelled; what was written so far is kept."), 60000);
        QVERIFY(other->describeNamespace(fresh.ns)->lastGlobalPosition.value_or(0) < 20000);
    }

    void savedConnectionsKeepNoPassword()
    {
        SavedConnection c{QStringLiteral("prod"),
                          QStringLiteral("postgresql://bob:secret@db.example:6543/events?sslmode=require"),
                          QColor(Qt::red), true, true};
        SavedConnections::save({c});
        const QList<SavedConnection> loaded = SavedConnections::load();
        QCOMPARE(loaded.size(), 1);
        QVERIFY(!loaded.first().url.contains(QStringLiteral("secret")));
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains("secret"));
        const Result<StoreLocation> loc = loaded.first().location(QStringLiteral("typed"));
        QVERIFY(loc->readOnly); // production
        QCOMPARE(loc->pgParams.value(QStringLiteral("password")), QStringLiteral("typed"));
        QCOMPARE(loc->pgParams.value(QStringLiteral("sslmode")), QStringLiteral("require"));
        SavedConnections::save({});
    }

    void keychainNeverFallsBackToDisk()
    {
        QString error = QStringLiteral("pending");
        PasswordVault::write(this, QStringLiteral("probe"), QStringLiteral("s3cr3t-probe"),
                             [&error](const QString& e) { error = e; });
        QTRY_VERIFY_WITH_TIMEOUT(error != u"pending", 60000);
        qInfo("keychain: %s", error.isEmpty() ? "stored" : qPrintable(error));
        // scripts/test.sh runs the tests with a real keychain: there the password must round-trip.
        if (qEnvironmentVariableIsSet("MDBSTUDIO_TEST_KEYCHAIN")) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QString read = QStringLiteral("pending");
            PasswordVault::read(
                this, QStringLiteral("probe"),
                [&read](const QString& password, const QString& e) { read = e.isEmpty() ? password : e; });
            QTRY_VERIFY_WITH_TIMEOUT(read != u"pending", 60000);
            QCOMPARE(read, QStringLiteral("s3cr3t-probe"));
        }
        QFile settings(QSettings().fileName());
        if (settings.open(QIODevice::ReadOnly))
            QVERIFY(!settings.readAll().contains("s3cr3t-probe"));
        PasswordVault::remove(this, QStringLiteral("probe"));
    }

    void connectionDialogTestsAConnection()
    {
        QTemporaryDir dir;
        ConnectionDialog dialog;
        dialog.show();
        dialog.findChild<QComboBox*>(QStringLiteral("backend"))->setCurrentIndex(1);
        dialog.findChild<QLineEdit*>(QStringLiteral("sqlitePath"))->setText(dir.path());
        dialog.findChild<QLineEdit*>(QStringLiteral("connectionName"))->setText(QStringLiteral("scratch"));
        dialog.findChild<QCheckBox*>(QStringLiteral("production"))->setChecked(true);
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("connectionStatus"));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("testButton")), Qt::LeftButton);
        QTRY_VERIFY(status->text().contains(QStringLiteral("Connected")));
        QCOMPARE(dialog.connection().url, dir.path());
        QVERIFY(dialog.connection().location()->readOnly);
        if (!mdbtest::postgresRequired())
            return;
        // A PostgreSQL login with a wrong password: the server's words, in the dialog.
        dialog.findChild<QComboBox*>(QStringLiteral("backend"))->setCurrentIndex(0);
        dialog.findChild<QLineEdit*>(QStringLiteral("host"))->setText(QStringLiteral("127.0.0.1"));
        dialog.findChild<QSpinBox*>(QStringLiteral("port"))
            ->setValue(qEnvironmentVariableIntValue("MDBSTUDIO_TEST_PG_PORT"));
        dialog.findChild<QLineEdit*>(QStringLiteral("database"))->setText(QStringLiteral("mdbstudio_test"));
        dialog.findChild<QLineEdit*>(QStringLiteral("user"))->setText(QStringLiteral("mdbstudio_pw"));
        dialog.findChild<QLineEdit*>(QStringLiteral("password"))->setText(QStringLiteral("wrong"));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("testButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("password authentication failed")),
                                 15000);
        dialog.findChild<QLineEdit*>(QStringLiteral("password"))->setText(QStringLiteral("right-password"));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("testButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Connected")), 15000);
    }

    void productionConnectionsAreMarked()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> writable(std::move(t.store));
        MainWindow window(writable);
        window.show();
        QVERIFY(window.findChild<QAction*>(QStringLiteral("writeAction"))->isEnabled());
        StoreLocation location = writable->location();
        location.readOnly = true;
        std::shared_ptr<Store> readOnly(std::move(Store::open(location)).value());
        window.setStore(readOnly, SavedConnection{QStringLiteral("prod"), location.sqlitePath,
                                                  QColor(Qt::red), true, false});
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("readOnlyMarker"))->isVisible());
        QVERIFY(window.findChild<QWidget*>(QStringLiteral("connectionStrip"))->isVisible());
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("writeAction"))->isEnabled());
        QVERIFY(window.windowTitle().contains(QStringLiteral("prod")));
    }

    void readOnlyConnectionsCannotWrite()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        QVERIFY(t->writeMessage(t.ns, request(QStringLiteral("account-1"))));
        mdbtest::TestStore ro = mdbtest::reopen(t, {false, true});
        std::shared_ptr<Store> store(std::move(ro.store));
        MainWindow window(store);
        window.show();
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("readOnlyMarker"))->isVisible());
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("writeAction"))->isEnabled());
        WriteDialog dialog(store, t.ns);
        dialog.setStream(QStringLiteral("account-1"));
        dialog.findChild<QLineEdit*>(QStringLiteral("type"))->setText(QStringLiteral("X"));
        // Once the stream's version is read the dialog has all it needs to enable Write.
        QTRY_VERIFY(!dialog.findChild<QLabel*>(QStringLiteral("currentVersion"))
                         ->text()
                         .startsWith(QStringLiteral("reading")));
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("writeButton"))->isEnabled());
        // Even a direct call is refused by the session itself.
        QCOMPARE(store->writeMessage(t.ns, request(QStringLiteral("account-1"))).error().kind,
                 ErrorKind::ReadOnly);
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
