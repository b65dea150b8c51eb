// write: one message through write_message.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/MessageJson.h"
#include "storage/Store.h"

namespace mdbctl::commands {

namespace {

int writeMessage(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() < 2 || args.size() > 3)
        return usage(QStringLiteral("write needs STREAM TYPE [DATA_JSON]"));
    const CommandLine& cl = c.commandLine;
    mdb::WriteRequest request;
    request.streamName = args.at(0);
    request.type = args.at(1);
    request.data = args.size() == 3 ? args.at(2) : QStringLiteral("{}");
    request.metadata = cl.text(QStringLiteral("metadata"));
    request.id = cl.text(QStringLiteral("id"));
    QString problem;
    request.expectedVersion = cl.number(QStringLiteral("expected-version"), problem);
    if (!problem.isEmpty())
        return usage(problem);
    mdb::Result<qint64> position = c.store->writeMessage(c.ns, request);
    if (!position)
        return fail(position.error());
    if (c.json)
        out() << "{\"stream_name\":" << mdb::MessageJson::quote(request.streamName)
              << ",\"position\":" << *position << "}\n";
    else
        out() << *position << "\n";
    return Ok;
}

} // namespace

Command write()
{
    return {
        QStringLiteral("write"),
        {{QStringLiteral(
              "write STREAM TYPE [DATA_JSON] [--metadata JSON] [--expected-version N] [--id UUID]"),
          {},
          QStringLiteral("Write a message through `write_message` and print its position. DATA_JSON defaults "
                         "to `{}`; `--expected-version -1` means the stream must not exist; without `--id` a "
                         "random uuid is generated.")}},
        {{QStringLiteral("metadata"), QStringLiteral("JSON"), QStringLiteral("the message's metadata")},
         {QStringLiteral("expected-version"), QStringLiteral("N"),
          QStringLiteral("the stream's version the write expects")},
         {QStringLiteral("id"), QStringLiteral("UUID"), QStringLiteral("the message's id")}},
        {},
        true,
        writeMessage};
}

} // namespace mdbctl::commands
