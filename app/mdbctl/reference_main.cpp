// mdbctl-reference manual|completion IN OUT: fills the command table into the manual page or the
// bash completion at build time (Reference.h). Not installed.
#include "app/mdbctl/Reference.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.size() != 3 || (args.at(0) != u"manual" && args.at(0) != u"completion")) {
        std::fprintf(stderr, "usage: mdbctl-reference manual|completion IN OUT\n");
        return 2;
    }
    QFile in(args.at(1));
    QFile out(args.at(2));
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "mdbctl-reference: cannot read %s or write %s\n", qPrintable(args.at(1)),
                     qPrintable(args.at(2)));
        return 1;
    }
    const QString text = QString::fromUtf8(in.readAll());
    out.write((args.at(0) == u"manual" ? mdbctl::fillManual(text) : mdbctl::fillCompletion(text)).toUtf8());
    return 0;
}
