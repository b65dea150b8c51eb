// mdbstudio: the desktop inspector for Message DB style message stores.
#include "MainWindow.h"
#include "Store.h"
#include "WorkerPools.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("mdbstudio"));
    QApplication::setApplicationDisplayName(QStringLiteral("mdbstudio"));
    QApplication::setApplicationVersion(QStringLiteral(MDBSTUDIO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.mdbstudio.mdbstudio"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/mdbstudio/icons/mdbstudio.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Desktop inspector for Message DB style message stores"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("store"),
        QStringLiteral("postgresql:// URL, sqlite: URL or directory; default: the embedded store"));
    parser.process(app);

    mdb::Result<std::unique_ptr<mdb::Store>> store =
        mdb::Store::openNamed(parser.positionalArguments().value(0));
    if (!store) {
        QMessageBox::critical(nullptr, QStringLiteral("mdbstudio"),
                              QStringLiteral("Cannot open the store:\n%1").arg(store.error().message));
        return 1;
    }
    int code = 0;
    {
        mdb::MainWindow window(std::shared_ptr<mdb::Store>(std::move(store).value()));
        window.show();
        code = QApplication::exec();
    }
    mdb::finishWorkers(); // reads still running end before the program's statics do
    return code;
}
