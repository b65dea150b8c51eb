// Message DB's reads: categories, stream, category, last and version.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/MessageJson.h"
#include "storage/Store.h"

namespace mdbctl::commands {

namespace {

int listCategories(Context& c)
{
    mdb::Result<QStringList> names = c.store->listCategories(c.ns);
    if (!names)
        return fail(names.error());
    for (const QString& name : *names)
        out() << (c.json ? QStringLiteral("{\"category\":%1}").arg(mdb::MessageJson::quote(name)) : name)
              << "\n";
    return Ok;
}

int readStream(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("stream needs STREAM"));
    QString problem;
    const CommandLine& cl = c.commandLine;
    mdb::StreamQuery q{args.at(0), cl.number(QStringLiteral("position"), problem),
                       cl.number(QStringLiteral("batch-size"), problem),
                       cl.text(QStringLiteral("condition"))};
    if (!problem.isEmpty())
        return usage(problem);
    mdb::Result<mdb::MessageList> messages = c.store->streamMessages(c.ns, q);
    if (!messages)
        return fail(messages.error());
    printMessages(*messages, c.json);
    return Ok;
}

int readCategory(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("category needs CATEGORY"));
    QString problem;
    const CommandLine& cl = c.commandLine;
    mdb::CategoryQuery q{args.at(0),
                         cl.number(QStringLiteral("position"), problem),
                         cl.number(QStringLiteral("batch-size"), problem),
                         cl.text(QStringLiteral("correlation")),
                         cl.number(QStringLiteral("member"), problem),
                         cl.number(QStringLiteral("size"), problem),
                         cl.text(QStringLiteral("condition"))};
    if (!problem.isEmpty())
        return usage(problem);
    mdb::Result<mdb::MessageList> messages = c.store->categoryMessages(c.ns, q);
    if (!messages)
        return fail(messages.error());
    printMessages(*messages, c.json);
    return Ok;
}

int readLast(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("last needs STREAM"));
    mdb::Result<std::optional<mdb::Message>> message =
        c.store->lastStreamMessage(c.ns, {args.at(0), c.commandLine.text(QStringLiteral("type"))});
    if (!message)
        return fail(message.error());
    if (*message)
        printMessages({**message}, c.json);
    return Ok;
}

int readVersion(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 1)
        return usage(QStringLiteral("version needs STREAM"));
    mdb::Result<std::optional<qint64>> version = c.store->streamVersion(c.ns, args.at(0));
    if (!version)
        return fail(version.error());
    if (c.json)
        out() << "{\"stream_name\":" << mdb::MessageJson::quote(args.at(0))
              << ",\"version\":" << numberOrNull(*version) << "}\n";
    else
        out() << numberOrNull(*version) << "\n";
    return Ok;
}

const Option Position{QStringLiteral("position"), QStringLiteral("N"),
                      QStringLiteral("the position to read from")};
const Option BatchSize{QStringLiteral("batch-size"), QStringLiteral("N"),
                       QStringLiteral("how many messages at most (-1: all)")};
const Option Condition{QStringLiteral("condition"), QStringLiteral("SQL"),
                       QStringLiteral("Message DB's raw SQL condition (needs --enable-conditions)")};

} // namespace

Command categories()
{
    return {QStringLiteral("categories"),
            {{QStringLiteral("categories"), QStringLiteral("list the categories of the namespace"),
              QStringLiteral("List the categories of the namespace.")}},
            {},
            {},
            true,
            listCategories};
}

Command stream()
{
    return {QStringLiteral("stream"),
            {{QStringLiteral("stream STREAM [--position N] [--batch-size N] [--condition SQL]"),
              {},
              QStringLiteral("Read a stream's messages, as `get_stream_messages`.")}},
            {Position, BatchSize, Condition},
            {},
            true,
            readStream};
}

Command category()
{
    return {
        QStringLiteral("category"),
        {{QStringLiteral("category CATEGORY [--position N] [--batch-size N] [--correlation C]\n"
                         "                  [--member M --size N] [--condition SQL]"),
          {},
          QStringLiteral("Read a category's messages, as `get_category_messages`, optionally for one member "
                         "of a consumer group.")}},
        {Position,
         BatchSize,
         {QStringLiteral("correlation"), QStringLiteral("C"),
          QStringLiteral("only messages whose correlation stream is in category C")},
         {QStringLiteral("member"), QStringLiteral("M"), QStringLiteral("the consumer group member")},
         {QStringLiteral("size"), QStringLiteral("N"), QStringLiteral("the consumer group's size")},
         Condition},
        {},
        true,
        readCategory};
}

Command last()
{
    return {QStringLiteral("last"),
            {{QStringLiteral("last STREAM [--type T]"),
              {},
              QStringLiteral("Print a stream's last message, optionally of a type.")}},
            {{QStringLiteral("type"), QStringLiteral("T"), QStringLiteral("the last message of this type")}},
            {},
            true,
            readLast};
}

Command version()
{
    return {QStringLiteral("version"),
            {{QStringLiteral("version STREAM"),
              {},
              QStringLiteral("Print a stream's version, or null when it has no messages.")}},
            {},
            {},
            true,
            readVersion};
}

} // namespace mdbctl::commands
