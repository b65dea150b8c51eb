// Find and follow: find (a filter over the namespace, a category or a stream), seek (go to a
// time) and trace (causes and effects). The engines are model/FindScan and model/Trace.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/FindScan.h"
#include "model/MessageJson.h"
#include "model/Trace.h"
#include "storage/Store.h"

namespace mdbctl::commands {

namespace {

// --since and --until, as ISO 8601 UTC times.
std::optional<qint64> timeOption(const CommandLine& cl, const QString& name, QString& problem)
{
    const std::optional<QString> text = cl.text(name);
    if (!text)
        return std::nullopt;
    const std::optional<qint64> micros = mdb::query::parseTimeLiteral(*text);
    if (!micros)
        problem = QStringLiteral("--%1 takes an ISO 8601 UTC time, e.g. 2026-11-28T00:39:50.269702: %2")
                      .arg(name, *text);
    return micros;
}

int find(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("find needs EXPR (one argument; quote it)"));
    const CommandLine& cl = c.commandLine;
    QString problem;
    const std::optional<qint64> limit = cl.number(QStringLiteral("limit"), problem);
    mdb::FindRequest request;
    request.sinceMicros = timeOption(cl, QStringLiteral("since"), problem);
    request.untilMicros = timeOption(cl, QStringLiteral("until"), problem);
    const std::optional<QString> category = cl.text(QStringLiteral("category"));
    const std::optional<QString> stream = cl.text(QStringLiteral("stream"));
    if (category && stream)
        problem = QStringLiteral("find takes --category or --stream, not both");
    if (limit && *limit < 1)
        problem = QStringLiteral("--limit must be 1 or more");
    if (!problem.isEmpty())
        return usage(problem);
    // A bad expression is a usage error: nothing on stdout, the position on stderr.
    mdb::Result<mdb::query::Filter> filter = mdb::query::Filter::compile(args.at(0));
    if (!filter)
        return usage(filter.error().message);
    request.filter = *filter;
    request.maxMatches = limit.value_or(0);
    if (category) {
        request.scope = mdb::FindQuery::Scope::Category;
        request.scopeName = *category;
    } else if (stream) {
        request.scope = mdb::FindQuery::Scope::Stream;
        request.scopeName = *stream;
    }
    mdb::FindScan scan(c.store, c.ns, request);
    if (mdb::Status started = scan.start(); !started)
        return fail(started.error());
    // Matches are printed as each chunk finds them.
    while (scan.outcome() == mdb::FindScan::Outcome::Running) {
        mdb::Result<mdb::MessageList> found = scan.next();
        if (!found)
            return fail(found.error());
        printMessages(*found, c.json);
        out().flush();
    }
    return Ok;
}

int seek(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("seek needs TIME"));
    const std::optional<qint64> micros = mdb::query::parseTimeLiteral(args.at(0));
    if (!micros)
        return usage(QStringLiteral("seek takes an ISO 8601 UTC time, e.g. 2026-11-28T00:39:50.269702: %1")
                         .arg(args.at(0)));
    const mdb::Result<std::optional<mdb::Message>> found =
        mdb::seekTime(*c.store, c.ns, c.commandLine.text(QStringLiteral("category")), *micros);
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(
            mdb::StoreError::make(mdb::ErrorKind::NotFound,
                                  QStringLiteral("No message at or after %1").arg(mdb::timeText(*micros))));
    const mdb::Message& m = **found;
    if (c.json)
        out() << QStringLiteral("{\"global_position\":%1,\"time\":%2}")
                     .arg(QString::number(m.globalPosition), mdb::MessageJson::quote(m.timeText()))
              << "\n";
    else
        out() << m.globalPosition << "\t" << m.timeText() << "\n";
    return Ok;
}

int trace(Context& c)
{
    const QStringList args = c.arguments();
    bool ok = false;
    const qint64 position = args.value(0).toLongLong(&ok);
    if (args.size() != 1 || !ok)
        return usage(QStringLiteral("trace needs GLOBAL_POSITION"));
    const mdb::Result<QList<mdb::TraceEntry>> entries = mdb::traceMessage(*c.store, c.ns, position);
    if (!entries)
        return fail(entries.error());
    for (const mdb::TraceEntry& e : *entries) {
        if (c.json) {
            QString line = mdb::MessageJson::line(e.message);
            line.insert(1, QStringLiteral("\"depth\":%1,").arg(e.depth));
            out() << line << "\n";
        } else {
            out() << e.depth << "\t";
            printMessages({e.message}, false);
        }
    }
    return Ok;
}

const Option Category{QStringLiteral("category"), QStringLiteral("C"), QStringLiteral("only the category C")};

} // namespace

Command findMessages()
{
    return {
        QStringLiteral("find"),
        {{QStringLiteral("find EXPR [--category C | --stream S] [--since TIME] [--until TIME] [--limit N]"),
          QStringLiteral("the messages a filter expression matches (docs/find.md)"),
          QStringLiteral("Print every message of the namespace (or of a category or stream) that the filter "
                         "expression EXPR matches, in global position order, as `category` prints them; "
                         "`--limit` stops after N. The database evaluates the filter, in bounded chunks. "
                         "Example: `type = \"Withdrawn\" and data.amount > 100`. A bad expression exits "
                         "with 2 and says where it went wrong.")}},
        {Category,
         {QStringLiteral("stream"), QStringLiteral("S"), QStringLiteral("only the stream S")},
         {QStringLiteral("since"), QStringLiteral("TIME"),
          QStringLiteral("only messages at or after TIME (UTC)")},
         {QStringLiteral("until"), QStringLiteral("TIME"),
          QStringLiteral("only messages at or before TIME (UTC)")},
         {QStringLiteral("limit"), QStringLiteral("N"), QStringLiteral("stop after N matches")}},
        {},
        true,
        find};
}

Command seekTime()
{
    return {
        QStringLiteral("seek"),
        {{QStringLiteral("seek TIME [--category C]"), QStringLiteral("the first message at or after a time"),
          QStringLiteral(
              "Print the global position and time of the first message at or after TIME (ISO 8601, "
              "UTC), in the namespace or in a category; a binary search over global positions.")}},
        {Category},
        {},
        true,
        seek};
}

Command traceMessage()
{
    return {
        QStringLiteral("trace"),
        {{QStringLiteral("trace GLOBAL_POSITION"),
          QStringLiteral("what caused a message, and what it caused"),
          QStringLiteral("Print the message at GLOBAL_POSITION with its causes (following "
                         "`causationMessageGlobalPosition` back) and its effects (messages whose metadata "
                         "names it, or one of its effects, as their cause), one per line with its depth: 0 "
                         "the message, -1 its cause, 1 its effects, and so on.")}},
        {},
        {},
        true,
        trace};
}

} // namespace mdbctl::commands
