// Bad input in the GUI dialogs (offscreen): the write dialog, the new-namespace dialog and the
// connection dialog each show a clear error, write nothing and do not crash.
#include "TestStores.h"
#include "model/WorkerPools.h"
#include "ui/ConnectionDialog.h"
#include "ui/NamespaceDialogs.h"
#include "ui/WriteDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

namespace {

// Whether any label of `w` shows `text`.
bool shows(const QWidget& w, const QString& text)
{
    const QList<QLabel*> labels = w.findChildren<QLabel*>();
    return std::any_of(labels.cbegin(), labels.cend(), [&text](const QLabel* l) {
        return l->isVisibleTo(l->window()) && l->text().contains(text);
    });
}

QString shownError(const QWidget& w)
{
    for (const QLabel* l : w.findChildren<QLabel*>()) {
        if (l->text().contains(QStringLiteral("#c62828")))
            return l->text();
    }
    return {};
}

} // namespace

class BadInputGuiTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { finishWorkers(); }

    void writeDialog_data()
    {
        QTest::addColumn<QString>("stream");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("metadata");
        QTest::addColumn<QString>("error"); // shown before writing; empty: the button stays disabled
        const QString invalid = QStringLiteral("invalid input syntax for type json");
        QTest::newRow("data: unterminated object") << "account-1"
                                                   << "T"
                                                   << "{"
                                                   << "" << invalid;
        QTest::newRow("data: NaN") << "account-1"
                                   << "T"
                                   << "NaN"
                                   << "" << invalid;
        QTest::newRow("data: single quotes") << "account-1"
                                             << "T"
                                             << "{'a': 1}"
                                             << "" << invalid;
        QTest::newRow("data: empty") << "account-1"
                                     << "T"
                                     << ""
                                     << "" << invalid;
        QTest::newRow("metadata: unterminated array") << "account-1"
                                                      << "T"
                                                      << "{}"
                                                      << "[1," << invalid;
        QTest::newRow("data: \\u0000 escape") << "account-1"
                                              << "T"
                                              << "\"\\u0000\""
                                              << ""
                                              << "unsupported Unicode escape sequence";
        QTest::newRow("data: nested 20,000 deep") << "account-1"
                                                  << "T" << QString(20000, u'[') + QString(20000, u']') << ""
                                                  << "stack depth limit exceeded";
        QTest::newRow("stream: empty") << ""
                                       << "T"
                                       << "{}"
                                       << ""
                                       << "";
        QTest::newRow("type: empty") << "account-1"
                                     << ""
                                     << "{}"
                                     << ""
                                     << "";
    }

    void writeDialog()
    {
        QFETCH(QString, stream);
        QFETCH(QString, type);
        QFETCH(QString, data);
        QFETCH(QString, metadata);
        QFETCH(QString, error);
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        WriteDialog dialog(store, t.ns);
        dialog.show();
        dialog.setStream(stream);
        dialog.findChild<QLineEdit*>(QStringLiteral("type"))->setText(type);
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("data"))->setPlainText(data);
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("metadata"))->setPlainText(metadata);
        // Once the stream's version is read (or refused) the dialog has all it needs to decide.
        QTRY_VERIFY(!dialog.findChild<QLabel*>(QStringLiteral("currentVersion"))
                         ->text()
                         .startsWith(QStringLiteral("reading")));
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("writeButton"))->isEnabled());
        if (!error.isEmpty()) {
            QVERIFY2(shows(dialog, error), qPrintable(shownError(dialog)));
            qInfo("CATALOGUE\tgui\twrite dialog, %s\t%s", QTest::currentDataTag(), qPrintable(error));
        } else {
            qInfo("CATALOGUE\tgui\twrite dialog, %s\tWrite stays disabled", QTest::currentDataTag());
        }
        QCOMPARE(*t->streamVersion(t.ns, QStringLiteral("account-1")), std::optional<qint64>());
    }

    // What only the store can tell: the write is tried and its error shown.
    void writeDialogShowsTheStoresRefusal_data()
    {
        QTest::addColumn<QString>("stream");
        QTest::addColumn<int>("expectedVersion");
        QTest::addColumn<QString>("error");
        QTest::newRow("stream: NUL character")
            << QStringLiteral("account-1") + QChar(0) << -2 << "invalid byte sequence for encoding";
        QTest::newRow("expected version: wrong")
            << QStringLiteral("account-1") << 5
            << "Wrong expected version: 5 (Stream: account-1, Stream Version: -1)";
    }

    void writeDialogShowsTheStoresRefusal()
    {
        QFETCH(QString, stream);
        QFETCH(int, expectedVersion);
        QFETCH(QString, error);
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        WriteDialog dialog(store, t.ns);
        dialog.show();
        dialog.setStream(stream);
        dialog.findChild<QLineEdit*>(QStringLiteral("type"))->setText(QStringLiteral("T"));
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("data"))->setPlainText(QStringLiteral("{}"));
        if (expectedVersion >= 0) {
            auto* mode = dialog.findChild<QComboBox*>(QStringLiteral("expectedVersionMode"));
            mode->setCurrentIndex(mode->count() - 1); // a number
            dialog.findChild<QSpinBox*>(QStringLiteral("expectedVersion"))->setValue(expectedVersion);
        }
        // Reading the stream's version may already meet the store's refusal; else writing does.
        auto* write = dialog.findChild<QPushButton*>(QStringLiteral("writeButton"));
        QTRY_VERIFY(write->isEnabled() || shows(dialog, error));
        if (write->isEnabled()) {
            write->click();
            QTRY_VERIFY_WITH_TIMEOUT(dialog.outcome().contains(error), 10000);
        }
        qInfo("CATALOGUE\tgui\twrite dialog, %s\t%s", QTest::currentDataTag(), qPrintable(error));
        QCOMPARE(*t->streamVersion(t.ns, QStringLiteral("account-1")), std::optional<qint64>());
    }

    void newNamespaceDialog_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("path escape") << "../etc";
        QTest::newRow("absolute path") << "/tmp/x";
        QTest::newRow("SQL injection") << "a; drop schema public";
        QTest::newRow("quote") << "a\"b";
        QTest::newRow("upper case") << "Upper";
        QTest::newRow("64 characters") << QString(64, u'a');
        QTest::newRow("leading digit") << "1abc";
    }

    void newNamespaceDialog()
    {
        QFETCH(QString, name);
        CreateNamespaceDialog dialog;
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("namespaceName"))->setText(name);
        QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(shows(dialog, QStringLiteral("Invalid namespace name")));
        qInfo("CATALOGUE\tgui\tnew namespace, %s\tInvalid namespace name (OK disabled)",
              QTest::currentDataTag());
    }

    void connectionDialog_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<QString>("where"); // host, or SQLite path (relative to a scratch directory)
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown host") << true << "no-such-host.invalid" << 5432
                                      << "could not translate host name &quot;no-such-host.invalid&quot;";
        QTest::newRow("nothing listening") << true << "127.0.0.1" << 1 << "Connection refused";
        QTest::newRow("file that is not SQLite") << false << "notes.db" << 0 << "file is not a database";
        QTest::newRow("SQLite database that is not a store")
            << false << "other.db" << 0 << "holds no Message DB messages table";
    }

    void connectionDialog()
    {
        QFETCH(bool, postgres);
        QFETCH(QString, where);
        QFETCH(int, port);
        QFETCH(QString, error);
        QTemporaryDir dir;
        {
            QFile notes(dir.filePath(QStringLiteral("notes.db")));
            QVERIFY(notes.open(QIODevice::WriteOnly));
            notes.write("not a database\n");
        }
        {
            QSqlDatabase other =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(dir.filePath(QStringLiteral("other.db")));
            QVERIFY(other.open());
            QVERIFY(QSqlQuery(other).exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        ConnectionDialog dialog;
        dialog.show();
        dialog.findChild<QComboBox*>(QStringLiteral("backend"))->setCurrentIndex(postgres ? 0 : 1);
        if (postgres) {
            dialog.findChild<QLineEdit*>(QStringLiteral("host"))->setText(where);
            dialog.findChild<QSpinBox*>(QStringLiteral("port"))->setValue(port);
            dialog.findChild<QLineEdit*>(QStringLiteral("password"))->setText(QStringLiteral("s3cret-pw"));
        } else {
            dialog.findChild<QLineEdit*>(QStringLiteral("sqlitePath"))->setText(dir.filePath(where));
        }
        dialog.findChild<QPushButton*>(QStringLiteral("testButton"))->click();
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("connectionStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().contains(QStringLiteral("Connecting")), 20000);
        QVERIFY2(status->text().contains(error), qPrintable(status->text()));
        QVERIFY(!status->text().contains(QStringLiteral("s3cret-pw")));
        qInfo("CATALOGUE\tgui\tconnection dialog, %s\t%s", QTest::currentDataTag(),
              qPrintable(status->text()));
    }
};

QTEST_MAIN(BadInputGuiTest)
#include "tst_bad_input_gui.moc"
