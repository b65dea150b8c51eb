#include "app/mdbctl/Command.h"

#include "commands/Commands.h"

namespace mdbctl {

const QList<Command>& commandTable()
{
    using namespace commands;
    static const QList<Command> all{namespaces(), namespaceAdmin(), categories(), write(),        stream(),
                                    category(),   findMessages(),   seekTime(),   traceMessage(), last(),
                                    version(),    hash(),           member(),     partition(),    stress(),
                                    verify(),     exportMessages(), summary(),    sample()};
    return all;
}

const Command* findCommand(const QString& name)
{
    for (const Command& c : commandTable()) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

const QList<Option>& globalOptions()
{
    static const QList<Option> options{
        {QStringLiteral("store"), QStringLiteral("URL"),
         QStringLiteral("postgresql://user@host:port/db, sqlite:PATH or a directory;\n"
                        "default $MDBSTUDIO_STORE, else the embedded default store")},
        {QStringLiteral("ns"), QStringLiteral("NAME"), QStringLiteral("namespace (default: message_store)")},
        {QStringLiteral("json"), {}, QStringLiteral("JSON Lines output")},
        {QStringLiteral("read-only"),
         {},
         QStringLiteral("open the store read-only (enforced by the database)")},
        {QStringLiteral("enable-conditions"),
         {},
         QStringLiteral("allow the raw SQL --condition of stream and category reads")},
        {QStringLiteral("help"), {}, QStringLiteral("print this text")},
        {QStringLiteral("version"), {}, QStringLiteral("print mdbctl's version")},
    };
    return options;
}

namespace {

// Lines after the first of a multi-line text, indented to `column`.
QString continued(const QStringList& lines, qsizetype column)
{
    QString text;
    for (const QString& line : lines.mid(1))
        text += QString(column, u' ') + line + u'\n';
    return text;
}

} // namespace

QString usageText()
{
    constexpr qsizetype SummaryColumn = 41;
    constexpr qsizetype HelpColumn = 24;
    QString text =
        QStringLiteral("Usage: mdbctl [--store URL] [--ns NAME] [--json] COMMAND ...\n\nCommands:\n");
    for (const Command& command : commandTable()) {
        for (const Form& form : command.forms) {
            const QStringList synopsis = form.synopsis.split(u'\n');
            const QStringList summary = form.summary.isEmpty() ? QStringList() : form.summary.split(u'\n');
            QString first = QStringLiteral("  ") + synopsis.first();
            const bool summaryBeside =
                synopsis.size() == 1 && first.size() < SummaryColumn - 1 && !summary.isEmpty();
            if (summaryBeside)
                first = first.leftJustified(SummaryColumn, u' ') + summary.first();
            text += first + u'\n';
            for (const QString& line : synopsis.mid(1))
                text += QStringLiteral("  ") + line + u'\n';
            if (summary.isEmpty())
                continue;
            if (!summaryBeside)
                text += QString(SummaryColumn, u' ') + summary.first() + u'\n';
            text += continued(summary, SummaryColumn);
        }
    }
    text += QStringLiteral("\nOptions:\n");
    for (const Option& option : globalOptions()) {
        const QStringList help = option.help.split(u'\n');
        QString name = QStringLiteral("  --") + option.name;
        if (!option.value.isEmpty())
            name += u' ' + option.value;
        text += name.leftJustified(HelpColumn, u' ') + help.first() + u'\n' + continued(help, HelpColumn);
    }
    text += QStringLiteral("\nExit codes: 0 ok, 1 error, 2 usage, 3 wrong expected version.\n");
    return text;
}

} // namespace mdbctl
