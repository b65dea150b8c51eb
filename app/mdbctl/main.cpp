// mdbctl: the command-line twin of mdbstudio. The commands are in the table of Command.h, each
// in a file of its own under commands/.
#include "app/mdbctl/Command.h"
#include "app/mdbctl/Output.h"

#include "storage/Store.h"

#include <QCoreApplication>

using namespace mdbctl;

namespace {

// The parser knows every option of every command and the global ones.
CommandLine commandLineOfTheTable()
{
    QSet<QString> flags;
    QSet<QString> valued;
    const auto add = [&](const QList<Option>& options) {
        for (const Option& o : options)
            (o.value.isEmpty() ? flags : valued).insert(o.name);
    };
    add(globalOptions());
    for (const Command& c : commandTable())
        add(c.options);
    return CommandLine(flags, valued);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mdbstudio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MDBSTUDIO_VERSION));

    // Arguments that are not UTF-8 would reach the store changed (each bad byte a U+FFFD).
    for (int i = 1; i < argc; ++i) {
        if (!QUtf8StringView(argv[i]).isValidUtf8())
            return usage(QStringLiteral("argument %1 is not valid UTF-8").arg(i));
    }
    CommandLine cl = commandLineOfTheTable();
    if (std::optional<QString> problem = cl.parse(QCoreApplication::arguments().mid(1)))
        return usage(*problem);
    if (cl.flag(QStringLiteral("help"))) {
        out() << usageText();
        return Ok;
    }
    if (cl.flag(QStringLiteral("version"))) {
        out() << "mdbctl " << MDBSTUDIO_VERSION << "\n";
        return Ok;
    }
    if (cl.positional.isEmpty())
        return usage(QStringLiteral("no command given"));
    const Command* command = findCommand(cl.positional.first());
    if (!command)
        return usage(QStringLiteral("unknown command \"%1\"").arg(cl.positional.first()));

    Context context{cl, cl.flag(QStringLiteral("json")), nullptr, {}};
    if (command->opensStore) {
        mdb::Result<std::unique_ptr<mdb::Store>> store = mdb::Store::openNamed(
            cl.value(QStringLiteral("store")),
            {cl.flag(QStringLiteral("read-only")), cl.flag(QStringLiteral("enable-conditions"))});
        if (!store)
            return fail(store.error());
        context.store = std::move(store).value();
        context.ns =
            cl.has(QStringLiteral("ns")) ? cl.value(QStringLiteral("ns")) : context.store->defaultNamespace();
    }
    const int code = command->run(context);
    out().flush();
    return code;
}
