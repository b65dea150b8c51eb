// export: every message of a stream or category, in key order, as JSON Lines or CSV.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/FeedExporter.h"
#include "storage/StreamName.h"

#include <QFile>

namespace mdbctl::commands {

namespace {

int runExport(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("export needs a STREAM or a CATEGORY"));
    const CommandLine& cl = c.commandLine;
    const QString formatName = cl.value(QStringLiteral("format")).isEmpty()
                                   ? QStringLiteral("jsonl")
                                   : cl.value(QStringLiteral("format"));
    if (formatName != u"jsonl" && formatName != u"csv")
        return usage(QStringLiteral("--format is jsonl or csv"));
    mdb::MessageFeed feed;
    feed.ns = c.ns;
    feed.name = args.at(0);
    feed.kind = mdb::StreamName::isCategory(feed.name) ? mdb::MessageFeed::Kind::Category
                                                       : mdb::MessageFeed::Kind::Stream;
    feed.type = cl.text(QStringLiteral("type"));
    feed.correlation = cl.text(QStringLiteral("correlation"));
    QString problem;
    feed.member = cl.number(QStringLiteral("member"), problem);
    feed.groupSize = cl.number(QStringLiteral("size"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    QFile file;
    if (cl.has(QStringLiteral("output"))) {
        file.setFileName(cl.value(QStringLiteral("output")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(mdb::StoreError::make(
                mdb::ErrorKind::Internal,
                QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString())));
    } else if (!file.open(stdout, QIODevice::WriteOnly)) {
        return fail(mdb::StoreError::make(mdb::ErrorKind::Internal,
                                          QStringLiteral("Cannot write to standard output")));
    }
    out().flush();
    mdb::Result<qint64> written = mdb::exportFeed(
        *c.store, feed, formatName == u"csv" ? mdb::ExportFormat::Csv : mdb::ExportFormat::JsonLines, file);
    file.close();
    if (!written)
        return fail(written.error());
    if (cl.has(QStringLiteral("output")))
        err() << *written << " messages written to " << file.fileName() << "\n" << Qt::flush;
    return Ok;
}

} // namespace

Command exportMessages()
{
    return {QStringLiteral("export"),
            {{QStringLiteral(
                  "export STREAM|CATEGORY [--format jsonl|csv] [--output FILE] [--type T] [--correlation C] "
                  "[--member M --size N]"),
              QStringLiteral("every message of a stream or category, in key order"),
              QStringLiteral("Write every message of a stream or category, in key order, as JSON Lines (the "
                             "default) or CSV, to standard output or FILE.")}},
            {{QStringLiteral("format"), QStringLiteral("FORMAT"), QStringLiteral("jsonl or csv")},
             {QStringLiteral("output"), QStringLiteral("FILE"), QStringLiteral("the file to write")},
             {QStringLiteral("type"), QStringLiteral("T"), QStringLiteral("only messages of this type")},
             {QStringLiteral("correlation"), QStringLiteral("C"),
              QStringLiteral("only messages whose correlation stream is in category C")},
             {QStringLiteral("member"), QStringLiteral("M"), QStringLiteral("the consumer group member")},
             {QStringLiteral("size"), QStringLiteral("N"), QStringLiteral("the consumer group's size")}},
            {},
            true,
            runExport};
}

} // namespace mdbctl::commands
