// Read-only connections: every write path (the storage API, mdbctl, each GUI action that writes,
// namespace create and drop, stress) fails because the database session refuses it, and nothing
// changes. On PostgreSQL the GUI is also driven on a connection that mdbstudio believes writable
// but whose session the server keeps read-only, so that its actions reach the database and the
// refusal shown is the server's.
#include "TestStores.h"
#include "model/StoreTreeModel.h"
#include "model/StressRun.h"
#include "model/WorkerPools.h"
#include "ui/MainWindow.h"
#include "ui/NamespaceDialogs.h"
#include "ui/StressPanel.h"
#include "ui/WriteDialog.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace mdb;

namespace {

// The database's own words for a refused write.
QString refusal(mdbtest::Target target)
{
    return target == mdbtest::Target::Sqlite ? QStringLiteral("readonly database")
                                             : QStringLiteral("in a read-only transaction");
}

WriteRequest request(const QString& stream)
{
    return {{}, stream, QStringLiteral("Opened"), QStringLiteral("{\"a\": 1}"), {}, {}};
}

// What no refused write may change. Other suites create and drop namespaces in the same database
// meanwhile, so of the namespace list only the test's own presence is compared.
struct Snapshot
{
    bool namespaceListed = false;
    std::optional<qint64> lastGlobalPosition;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(Store& store, const QString& ns)
{
    Snapshot s;
    if (const Result<QStringList> names = store.listNamespaces())
        s.namespaceListed = names->contains(ns);
    if (const Result<NamespaceInfo> info = store.describeNamespace(ns))
        s.lastGlobalPosition = info->lastGlobalPosition;
    return s;
}

QString storeArgument(const mdbtest::TestStore& t)
{
    if (t.dir)
        return t.dir->path();
    return t->location().backend == StoreLocation::Backend::Postgres &&
                   t.ns == QStringLiteral("message_store")
               ? mdbtest::officialUrl()
               : mdbtest::postgresUrl();
}

} // namespace

class ReadOnlyTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { finishWorkers(); }

    void storageRefusesEveryWrite()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString stream = mdbtest::uniqueName(QStringLiteral("ro")) + QStringLiteral("-1");
        QVERIFY(t->writeMessage(t.ns, request(stream)));
        mdbtest::TestStore ro = mdbtest::reopen(t, {false, true});
        QVERIFY2(ro.store, qPrintable(ro.problem));
        const Snapshot before = snapshot(*t.store, t.ns);
        const QString newNamespace = mdbtest::uniqueName(QStringLiteral("ro_new_"));
        const QList<std::pair<QString, StoreError>> attempts{
            {QStringLiteral("write"), ro->writeMessage(ro.ns, request(stream)).error()},
            {QStringLiteral("write with expected version"),
             ro->writeMessage(ro.ns, {{}, stream, QStringLiteral("T"), QStringLiteral("{}"), {}, 0}).error()},
            {QStringLiteral("batch write"),
             ro->writeMessages(ro.ns, {request(stream), request(stream + QStringLiteral("x"))}).error()},
            {QStringLiteral("create namespace"), ro->createNamespace(newNamespace).error()},
        };
        for (const auto& [what, error] : attempts) {
            qInfo("READONLY\tstorage\t%s\t%s", qPrintable(what), qPrintable(error.message));
            QCOMPARE(error.kind, ErrorKind::ReadOnly);
            QVERIFY2(error.message.contains(refusal(m_target)) ||
                         (m_target == mdbtest::Target::Sqlite && what == u"create namespace"),
                     qPrintable(error.message));
            QVERIFY(!error.message.isEmpty());
        }
        // Dropping: refused by the session on mdbstudio namespaces; Message DB's own is never dropped.
        const StoreError drop = ro->dropNamespace(ro.ns).error();
        qInfo("READONLY\tstorage\tdrop namespace\t%s", qPrintable(drop.message));
        QCOMPARE(drop.kind, ErrorKind::ReadOnly);
        if (m_target == mdbtest::Target::Postgres)
            QVERIFY2(drop.message.contains(refusal(m_target)), qPrintable(drop.message));
        QVERIFY(snapshot(*t.store, t.ns) == before);
        QVERIFY(!t->listNamespaces()->contains(newNamespace));
        QCOMPARE(*t->streamVersion(t.ns, stream), std::optional<qint64>(0));
        // Reads go on.
        QCOMPARE(ro->streamMessages(ro.ns, {stream, {}, {}, {}})->size(), 1);
    }

    void mdbctlRefusesEveryWrite()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString stream = mdbtest::uniqueName(QStringLiteral("ro")) + QStringLiteral("-1");
        QVERIFY(t->writeMessage(t.ns, request(stream)));
        const Snapshot before = snapshot(*t.store, t.ns);
        const QStringList common{QStringLiteral("--store"), storeArgument(t), QStringLiteral("--ns"), t.ns,
                                 QStringLiteral("--read-only")};
        const QList<QStringList> commands{
            {QStringLiteral("write"), stream, QStringLiteral("T"), QStringLiteral("{}")},
            {QStringLiteral("namespace"), QStringLiteral("create"),
             mdbtest::uniqueName(QStringLiteral("ro_cli_"))},
            {QStringLiteral("namespace"), QStringLiteral("drop"), t.ns, QStringLiteral("--yes")},
            {QStringLiteral("stress"), QStringLiteral("--writers"), QStringLiteral("2"),
             QStringLiteral("--mode"), QStringLiteral("same-category"), QStringLiteral("--count"),
             QStringLiteral("10")},
            {QStringLiteral("sample"), QStringLiteral("--messages"), QStringLiteral("10"),
             QStringLiteral("--streams"), QStringLiteral("2"), QStringLiteral("--categories"),
             QStringLiteral("1")},
        };
        for (const QStringList& command : commands) {
            QProcess p;
            p.start(QStringLiteral(MDBCTL_PATH), common + command);
            QVERIFY(p.waitForFinished(60000));
            const QByteArray err = p.readAllStandardError();
            qInfo("READONLY\tmdbctl\t%s\t%s", qPrintable(command.first()),
                  err.trimmed().split('\n').last().constData());
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QVERIFY2(p.exitCode() == 1, qPrintable(command.join(u' ')));
            // Refused by mdbstudio itself: an SQLite namespace is a file, created or deleted with no
            // session to refuse it; Message DB's own install is never dropped.
            const bool ourRefusal = command.at(0) == u"namespace" &&
                                    (m_target == mdbtest::Target::Sqlite ||
                                     (m_target == mdbtest::Target::Official && command.at(1) == u"drop"));
            QVERIFY2(ourRefusal || err.contains(refusal(m_target).toUtf8()), err.constData());
        }
        QVERIFY(snapshot(*t.store, t.ns) == before);
    }

    // With mdbstudio's own read-only flag the actions that write are disabled and the session
    // refuses anyway; on PostgreSQL, with only the server's read-only session, each action runs
    // and shows the server's refusal.
    void guiActionsThatWrite()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString stream = mdbtest::uniqueName(QStringLiteral("ro")) + QStringLiteral("-1");
        QVERIFY(t->writeMessage(t.ns, request(stream)));
        const Snapshot before = snapshot(*t.store, t.ns);
        std::shared_ptr<Store> store;
        if (m_target == mdbtest::Target::Sqlite) {
            store = std::shared_ptr<Store>(std::move(mdbtest::reopen(t, {false, true}).store));
        } else {
            const QString url =
                storeArgument(t) + QStringLiteral("?options=-c%20default_transaction_read_only%3Don");
            Result<std::unique_ptr<Store>> opened = Store::openNamed(url);
            if (!opened)
                QFAIL(qPrintable(opened.error().message));
            store = std::move(opened).value();
            QVERIFY(!store->location().readOnly);
        }
        MainWindow window(store);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.treeModel()->rowCount() > 0, 10000);
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusText"));
        const auto statusShows = [status](const QString& text) {
            return status->text().contains(text);
        };

        // mdbstudio's own flag: the five actions that write are disabled and say why, and
        // triggering them anyway does nothing. With only the server's flag they stay enabled.
        const bool flagged = m_target == mdbtest::Target::Sqlite;
        for (const char* name :
             {"writeAction", "newNamespaceAction", "dropNamespaceAction", "sampleAction", "stressAction"}) {
            QAction* action = window.findChild<QAction*>(QString::fromLatin1(name));
            QVERIFY2(action, name);
            QVERIFY2(action->isEnabled() != flagged, name);
            if (!flagged)
                continue;
            QCOMPARE(action->toolTip(), QStringLiteral("This connection is read-only"));
            action->trigger();
            QVERIFY2(!QApplication::activeModalWidget(), name);
        }
        if (flagged)
            QVERIFY(snapshot(*t.store, t.ns) == before);

        // Write dialog.
        WriteDialog dialog(store, t.ns, &window);
        dialog.setStream(stream);
        dialog.findChild<QLineEdit*>(QStringLiteral("type"))->setText(QStringLiteral("Refused"));
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("data"))->setPlainText(QStringLiteral("{}"));
        // Once the stream's version is read the dialog has all it needs to enable Write.
        QTRY_VERIFY(!dialog.findChild<QLabel*>(QStringLiteral("currentVersion"))
                         ->text()
                         .startsWith(QStringLiteral("reading")));
        auto* writeButton = dialog.findChild<QPushButton*>(QStringLiteral("writeButton"));
        if (m_target == mdbtest::Target::Sqlite) {
            QVERIFY(!writeButton->isEnabled());
        } else {
            QTRY_VERIFY(writeButton->isEnabled());
            writeButton->click();
            QTRY_VERIFY_WITH_TIMEOUT(dialog.outcome().contains(refusal(m_target)), 10000);
            qInfo("READONLY\tgui\twrite dialog\t%s", qPrintable(dialog.outcome()));
        }

        // New namespace.
        const QString newNamespace = mdbtest::uniqueName(QStringLiteral("ro_gui_"));
        QTimer::singleShot(0, this, [newNamespace] {
            auto* d = qobject_cast<CreateNamespaceDialog*>(QApplication::activeModalWidget());
            QVERIFY(d);
            d->findChild<QLineEdit*>(QStringLiteral("namespaceName"))->setText(newNamespace);
            d->accept();
        });
        window.createNamespace();
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().startsWith(QStringLiteral("Creating")), 10000);
        qInfo("READONLY\tgui\tnew namespace\t%s", qPrintable(status->text()));
        QVERIFY2(m_target == mdbtest::Target::Sqlite || statusShows(refusal(m_target)),
                 qPrintable(status->text()));
        QVERIFY(!store->listNamespaces()->contains(newNamespace));

        if (m_target != mdbtest::Target::Sqlite) {
            // Load sample data.
            window.loadSample();
            QTRY_VERIFY_WITH_TIMEOUT(statusShows(refusal(m_target)), 20000);
            qInfo("READONLY\tgui\tload sample\t%s", qPrintable(status->text()));
        }

        // Stress panel.
        StressPanel panel(store, t.ns);
        StressConfig config = panel.config();
        config.count = 10;
        config.writers = 2;
        panel.setConfig(config);
        QSignalSpy finished(&panel, &StressPanel::runFinished);
        panel.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(panel.summary()->acknowledged, 0);
        QCOMPARE(panel.summary()->errors, 10);
        QVERIFY(panel.summary()->errorsByKind.firstKey().contains(refusal(m_target)));
        qInfo("READONLY\tgui\tstress panel\t%s", qPrintable(panel.summary()->errorsByKind.firstKey()));

        if (m_target == mdbtest::Target::Postgres) {
            // Drop namespace: the test's namespace selected in the tree, confirmed by name.
            QTreeView* tree = nullptr;
            for (QTreeView* view : window.findChildren<QTreeView*>()) {
                if (view->model() == window.treeModel())
                    tree = view;
            }
            QVERIFY(tree);
            const auto selectTestNamespace = [tree, &t] {
                for (int row = 0; row < tree->model()->rowCount(); ++row) {
                    const QModelIndex index = tree->model()->index(row, 0);
                    if (index.data(StoreTreeModel::NamespaceRole).toString() == t.ns)
                        tree->setCurrentIndex(index);
                }
                return tree->currentIndex().data(StoreTreeModel::NamespaceRole).toString() == t.ns;
            };
            QTRY_VERIFY_WITH_TIMEOUT(selectTestNamespace(), 10000);
            QTimer::singleShot(0, this, [ns = t.ns] {
                auto* d = qobject_cast<DropNamespaceDialog*>(QApplication::activeModalWidget());
                QVERIFY(d);
                d->findChild<QLineEdit*>(QStringLiteral("confirmName"))->setText(ns);
                d->findChild<QPushButton*>(QStringLiteral("dropButton"))->click();
            });
            window.dropNamespace();
            QTRY_VERIFY_WITH_TIMEOUT(!status->text().startsWith(QStringLiteral("Dropping")), 10000);
            qInfo("READONLY\tgui\tdrop namespace\t%s", qPrintable(status->text()));
            QVERIFY2(statusShows(refusal(m_target)), qPrintable(status->text()));
            QVERIFY(store->listNamespaces()->contains(t.ns));
        }
        window.close();
        finishWorkers();
        QVERIFY(snapshot(*t.store, t.ns) == before);
    }
};

QTEST_MAIN(ReadOnlyTest)
#include "tst_read_only.moc"
