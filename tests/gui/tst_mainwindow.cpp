// The browser, driven as a user would (offscreen): pick a category, see rows arrive, open a
// message, write with the right and with a wrong expected version, and find writes refused on a
// read-only connection.
#include "MainWindow.h"
#include "MessageDetail.h"
#include "MessageTableModel.h"
#include "NamespaceDialogs.h"
#include "StoreTreeModel.h"
#include "TestStores.h"
#include "WorkerPools.h"
#include "WriteDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>

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

} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Reads still in flight must end before a test lets go of its store.
    void cleanup() { mdb::finishWorkers(); }
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void browsesACategoryAndShowsAMessage()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        for (const char* stream : {"account-1", "account-2", "transfer-9"})
            QVERIFY(t->writeMessage(t.ns, request(QString::fromLatin1(stream))));
        QVERIFY(t->createNamespace(QStringLiteral("audit")));
        std::shared_ptr<Store> store(std::move(t.store));
        MainWindow window(store);
        window.show();
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("storeTree"));
        QAbstractItemModelTester tester(tree->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(window.treeModel()->categoryIndex(t.ns, QStringLiteral("account")).isValid());
        QVERIFY(window.treeModel()->namespaceIndex(QStringLiteral("audit")).isValid());
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

    void writesWithExpectedVersions()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
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
        data->setPlainText(QStringLiteral("{\"amount\": "));
        QVERIFY(!write->isEnabled()); // invalid JSON
        data->setPlainText(QStringLiteral("{\"amount\": 10}"));
        // "Current version" is the default; it is read in the background and pre-filled.
        QTRY_VERIFY(write->isEnabled());
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
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
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
        QTest::qWait(300);
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("writeButton"))->isEnabled());
        // Even a direct call is refused by the session itself.
        QCOMPARE(store->writeMessage(t.ns, request(QStringLiteral("account-1"))).error().kind,
                 ErrorKind::ReadOnly);
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
