// mdbstudio: the desktop inspector for Message DB style message stores.
#include "model/WorkerPools.h"
#include "storage/Store.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>
#include <QUrl>
#include <QWindow>

#include <cstdio>
#include <memory>

namespace {

// --help and --version need no window, so they answer without a display (over ssh, in scripts).
bool onlyPrints(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--")
            return false;
        if (arg == "-h" || arg == "--help" || arg == "-v" || arg == "--version")
            return true;
    }
    return false;
}

// Desktop launchers (Exec=mdbstudio %u) may hand over a local path as a file: URL.
QString storeArgument(const QString& text)
{
    if (text.startsWith(QStringLiteral("file:")))
        return QUrl(text).toLocalFile();
    return text;
}

} // namespace

int main(int argc, char* argv[])
{
    const std::unique_ptr<QCoreApplication> app = onlyPrints(argc, argv)
                                                      ? std::make_unique<QCoreApplication>(argc, argv)
                                                      : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mdbstudio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MDBSTUDIO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Desktop inspector for Message DB style message stores"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption smokeTest(
        QStringLiteral("smoke-test"),
        QStringLiteral("Open the store, show the main window, quit after a moment; exit 0 if all went well"));
    parser.addOption(smokeTest);
    parser.addPositionalArgument(
        QStringLiteral("store"),
        QStringLiteral("postgresql:// URL, sqlite: URL or directory; default: the embedded store"),
        QStringLiteral("[store]"));
    parser.process(*app);
    const bool smoke = parser.isSet(smokeTest);

    QApplication::setApplicationDisplayName(QStringLiteral("mdbstudio"));
    QApplication::setDesktopFileName(QStringLiteral("org.mdbstudio.mdbstudio"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/mdbstudio/icons/mdbstudio.svg")));

    mdb::Result<std::unique_ptr<mdb::Store>> store =
        mdb::Store::openNamed(storeArgument(parser.positionalArguments().value(0)));
    if (!store) {
        const QString text = QStringLiteral("Cannot open the store:\n%1").arg(store.error().message);
        if (smoke)
            std::fprintf(stderr, "mdbstudio: %s\n", qUtf8Printable(text));
        else
            QMessageBox::critical(nullptr, QStringLiteral("mdbstudio"), text);
        return 1;
    }
    int code = 0;
    bool smokePassed = false;
    {
        mdb::MainWindow window(std::shared_ptr<mdb::Store>(std::move(store).value()));
        window.show();
        if (smoke) {
            // Long enough for the tree's first reads to come back through the event loop.
            QTimer::singleShot(1500, &window, [&window, &smokePassed] {
                smokePassed = window.isVisible() && window.windowHandle() != nullptr &&
                              window.windowHandle()->isExposed();
                std::fprintf(smokePassed ? stdout : stderr, "mdbstudio: smoke test %s: %s\n",
                             smokePassed ? "passed" : "failed, the window was not shown",
                             qUtf8Printable(window.windowTitle()));
                window.close();            // saves the window's settings, as closing it by hand does
                QCoreApplication::exit(0); // and ends any dialog that is still open
            });
        }
        code = QCoreApplication::exec();
    }
    mdb::finishWorkers(); // reads still running end before the program's statics do
    return smoke && !smokePassed ? 1 : code;
}
