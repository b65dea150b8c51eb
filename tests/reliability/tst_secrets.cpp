// Secrets: after a session that logs in with a password (the browser, the connection dialog,
// mdbstudio and mdbctl as programs, with every log category on, and errors on purpose), the
// password appears in no settings file, log line, window title, status line or error message,
// and in no file the programs left in their home directory. URLs are shown without it.
#include "TestStores.h"
#include "model/SavedConnections.h"
#include "model/StoreTreeModel.h"
#include "model/WorkerPools.h"
#include "ui/ConnectionDialog.h"
#include "ui/MainWindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

namespace {

// The password of the test cluster's one password-authenticated role (scripts/pg-cluster.sh).
const QString Password = QStringLiteral("right-password");

QMutex s_logMutex;
QStringList s_log;

void captureLog(QtMsgType, const QMessageLogContext& context, const QString& message)
{
    QMutexLocker lock(&s_logMutex);
    s_log << QString::fromUtf8(context.category ? context.category : "") + u' ' + message;
}

QString passwordUrl(const QString& password, const QString& database = QStringLiteral("mdbstudio_test"))
{
    return QStringLiteral("postgresql://mdbstudio_pw:%1@127.0.0.1:%2/%3")
        .arg(password, qEnvironmentVariable("MDBSTUDIO_TEST_PG_PORT"), database);
}

// Every file under `dir` that holds `secret`.
QStringList filesHolding(const QString& dir, const QByteArray& secret)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(secret))
            found << f.fileName();
    }
    return found;
}

} // namespace

class SecretsTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (qEnvironmentVariable("MDBSTUDIO_TEST_PG_PORT").isEmpty())
            QFAIL("no test PostgreSQL (run scripts/test.sh)");
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        qInstallMessageHandler(captureLog);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(nullptr);
        finishWorkers();
    }

    void browserSessionShowsNoPassword()
    {
        Result<std::unique_ptr<Store>> opened = Store::openNamed(passwordUrl(Password));
        if (!opened)
            QFAIL(qPrintable(opened.error().message));
        std::shared_ptr<Store> store = std::move(opened).value();
        QVERIFY(!store->location().displayName().contains(Password));
        QVERIFY(store->location().displayName().startsWith(
            QStringLiteral("postgresql://mdbstudio_pw@127.0.0.1:")));
        MainWindow window(store);
        QSignalSpy loaded(window.treeModel(), &StoreTreeModel::namespacesLoaded);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusText"));
        for (const QString& shown : {window.windowTitle(), status->text()})
            QVERIFY2(!shown.contains(Password), qPrintable(shown));
        // An error on purpose: the role may not write to the test's namespaces.
        const Result<qint64> refused = store->writeMessage(
            QStringLiteral("message_store"), {{}, QStringLiteral("a-1"), QStringLiteral("T"), {}, {}, {}});
        QVERIFY(!refused);
        QVERIFY(!refused.error().message.contains(Password));
        window.close();
        finishWorkers();
    }

    void failedLoginsShowNoPassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("wrong password") << passwordUrl(QStringLiteral("wrong-s3cret"));
        QTest::newRow("no such database")
            << passwordUrl(QStringLiteral("wrong-s3cret"), QStringLiteral("nodb"));
        QTest::newRow("nothing listening")
            << QStringLiteral("postgresql://mdbstudio_pw:wrong-s3cret@127.0.0.1:1/mdbstudio_test");
        QTest::newRow("bad port") << QStringLiteral(
            "postgresql://mdbstudio_pw:wrong-s3cret@127.0.0.1:99999/x");
        QTest::newRow("bad sslmode") << QStringLiteral(
            "postgresql://mdbstudio_pw:wrong-s3cret@127.0.0.1:1/x?sslmode=sometimes");
    }

    void failedLoginsShowNoPassword()
    {
        QFETCH(QString, url);
        const Result<std::unique_ptr<Store>> opened = Store::openNamed(url);
        QVERIFY(!opened);
        qInfo("%s", qPrintable(opened.error().message));
        QVERIFY2(!opened.error().message.contains(QStringLiteral("wrong-s3cret")),
                 qPrintable(opened.error().message));
        QVERIFY(!opened.error().detail.contains(QStringLiteral("wrong-s3cret")));
    }

    void connectionDialogKeepsThePasswordOutOfSettings()
    {
        ConnectionDialog dialog;
        dialog.show();
        dialog.findChild<QComboBox*>(QStringLiteral("backend"))->setCurrentIndex(0);
        dialog.findChild<QLineEdit*>(QStringLiteral("connectionName"))
            ->setText(QStringLiteral("secret-test"));
        dialog.findChild<QLineEdit*>(QStringLiteral("host"))->setText(QStringLiteral("127.0.0.1"));
        dialog.findChild<QSpinBox*>(QStringLiteral("port"))
            ->setValue(qEnvironmentVariableIntValue("MDBSTUDIO_TEST_PG_PORT"));
        dialog.findChild<QLineEdit*>(QStringLiteral("database"))->setText(QStringLiteral("mdbstudio_test"));
        dialog.findChild<QLineEdit*>(QStringLiteral("user"))->setText(QStringLiteral("mdbstudio_pw"));
        dialog.findChild<QLineEdit*>(QStringLiteral("password"))->setText(Password);
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("connectionStatus"));
        dialog.findChild<QPushButton*>(QStringLiteral("testButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Connected")), 20000);
        dialog.findChild<QPushButton*>(QStringLiteral("saveButton"))->click();
        QTRY_VERIFY(!SavedConnections::load().isEmpty());
        QVERIFY(!dialog.connection().url.contains(Password));
        QSettings().sync();
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray saved = settings.readAll();
        QVERIFY(saved.contains("mdbstudio_pw"));
        QVERIFY(!saved.contains(Password.toUtf8()));
        SavedConnections::save({});
    }

    // The programs themselves, in a home of their own, with every log category on.
    void programsLeaveNoPasswordBehind()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* var :
             {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
            env.remove(QString::fromLatin1(var));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QString mdbstudio =
            QFileInfo(QStringLiteral(MDBCTL_PATH)).dir().filePath(QStringLiteral("mdbstudio"));
        // Each run with the outcome it must have, so that a run that fails early (before it
        // could log anything) is not taken for one that keeps the secret.
        struct Run
        {
            QString program;
            QStringList args;
            int exitCode;
            QString says; // in its output
        };
        const QList<Run> runs{
            // A read that depends on nothing other suites create or drop meanwhile.
            {QStringLiteral(MDBCTL_PATH),
             {QStringLiteral("--store"), passwordUrl(Password), QStringLiteral("version"),
              QStringLiteral("a-1")},
             1,
             QStringLiteral("namespace \"message_store\" does not exist")},
            {QStringLiteral(MDBCTL_PATH),
             {QStringLiteral("--store"), passwordUrl(Password), QStringLiteral("write"),
              QStringLiteral("a-1"), QStringLiteral("T"), QStringLiteral("{}")},
             1,
             QStringLiteral("namespace \"message_store\" does not exist")},
            {QStringLiteral(MDBCTL_PATH),
             {QStringLiteral("--store"), passwordUrl(Password, QStringLiteral("nodb")),
              QStringLiteral("namespaces")},
             1,
             QStringLiteral("database \"nodb\" does not exist")},
            {QStringLiteral(MDBCTL_PATH),
             {QStringLiteral("--store"), passwordUrl(Password) + QStringLiteral("?sslmode=sometimes"),
              QStringLiteral("namespaces")},
             1,
             QStringLiteral("invalid sslmode value: \"sometimes\"")},
            {mdbstudio,
             {QStringLiteral("--smoke-test"), passwordUrl(Password)},
             0,
             QStringLiteral("smoke test passed")},
        };
        for (const Run& run : runs) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(run.program, run.args);
            QVERIFY2(p.waitForFinished(60000), qPrintable(run.program));
            const QByteArray output = p.readAllStandardOutput() + p.readAllStandardError();
            const QString what = QFileInfo(run.program).fileName() + u' ' + run.args.mid(2).join(u' ');
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == run.exitCode,
                     qPrintable(QStringLiteral("%1: exit %2, expected %3\n%4")
                                    .arg(what)
                                    .arg(p.exitCode())
                                    .arg(run.exitCode)
                                    .arg(QString::fromUtf8(output))));
            QVERIFY2(QString::fromUtf8(output).contains(run.says),
                     qPrintable(what + u'\n' + QString::fromUtf8(output)));
            QVERIFY2(!output.contains(Password.toUtf8()), output.constData());
        }
        QCOMPARE(filesHolding(m_home.path(), Password.toUtf8()), QStringList());
    }

    // Last: everything this process logged, and every file its session wrote.
    void logsAndFilesHoldNoPassword()
    {
        finishWorkers();
        QMutexLocker lock(&s_logMutex);
        qsizetype lines = 0;
        for (const QString& line : std::as_const(s_log)) {
            ++lines;
            QVERIFY2(!line.contains(Password) && !line.contains(QStringLiteral("wrong-s3cret")),
                     qPrintable(line));
        }
        lock.unlock();
        qInfo("%lld log lines checked", qint64(lines));
        for (const auto location : {QStandardPaths::AppConfigLocation, QStandardPaths::AppDataLocation,
                                    QStandardPaths::CacheLocation, QStandardPaths::GenericConfigLocation}) {
            const QString dir = QStandardPaths::writableLocation(location);
            QCOMPARE(filesHolding(dir, Password.toUtf8()), QStringList());
        }
    }
};

QTEST_MAIN(SecretsTest)
#include "tst_secrets.moc"
