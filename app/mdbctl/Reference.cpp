#include "app/mdbctl/Reference.h"

#include "app/mdbctl/Command.h"

#include <QRegularExpression>

namespace mdbctl {

namespace {

QString escaped(QString text)
{
    return text.replace(u'\\', QStringLiteral("\\\\")).replace(u'-', QStringLiteral("\\-"));
}

// A synopsis in roff: placeholders (words without lower-case letters) in italics, the words to
// type in bold, brackets, bars and dots in roman.
QString roffSynopsis(const QString& synopsis)
{
    const QString oneLine = synopsis.simplified();
    static const QRegularExpression word(QStringLiteral("[A-Za-z0-9_-]+"));
    QString roff;
    qsizetype at = 0;
    for (QRegularExpressionMatchIterator it = word.globalMatch(oneLine); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        roff += escaped(oneLine.mid(at, m.capturedStart() - at));
        const QString w = m.captured();
        const bool placeholder = w != w.toLower() && w == w.toUpper();
        roff += (placeholder ? QStringLiteral("\\fI") : QStringLiteral("\\fB")) + escaped(w) +
                QStringLiteral("\\fR");
        at = m.capturedEnd();
    }
    return roff + escaped(oneLine.mid(at));
}

// A description in roff: `text` in bold.
QString roffDescription(const QString& description)
{
    QString roff;
    const QStringList parts = description.split(u'`');
    for (qsizetype i = 0; i < parts.size(); ++i)
        roff += i % 2 ? QStringLiteral("\\fB") + escaped(parts.at(i)) + QStringLiteral("\\fR")
                      : escaped(parts.at(i));
    return roff;
}

QStringList optionNames(const QList<Option>& options, bool valuedOnly)
{
    QStringList names;
    for (const Option& o : options) {
        if (!valuedOnly || !o.value.isEmpty())
            names << QStringLiteral("--") + o.name;
    }
    return names;
}

QStringList allValuedOptions()
{
    QStringList names = optionNames(globalOptions(), true);
    for (const Command& c : commandTable()) {
        for (const QString& name : optionNames(c.options, true)) {
            if (!names.contains(name))
                names << name;
        }
    }
    return names;
}

} // namespace

QString fillManual(QString page)
{
    QString entries;
    for (const Command& command : commandTable()) {
        for (const Form& form : command.forms)
            entries += QStringLiteral(".TP\n") + roffSynopsis(form.synopsis) + u'\n' +
                       roffDescription(form.description) + u'\n';
    }
    entries.chop(1);
    return page.replace(QStringLiteral("{{MDBCTL_COMMANDS}}"), entries);
}

QString fillCompletion(QString script)
{
    QStringList names;
    QString commandOptions;
    QString actions;
    for (const Command& c : commandTable()) {
        names << c.name;
        if (!c.options.isEmpty())
            commandOptions += QStringLiteral("        %1) flags=\"%2\" ;;\n")
                                  .arg(c.name, optionNames(c.options, false).join(u' '));
        if (!c.actions.isEmpty())
            actions += QStringLiteral("        %1)\n            [[ ${#args[@]} -eq 0 ]] && "
                                      "COMPREPLY=($(compgen -W \"%2\" -- \"$cur\"))\n            ;;\n")
                           .arg(c.name, c.actions.join(u' '));
    }
    commandOptions.chop(1);
    actions.chop(1);
    const QStringList valued = allValuedOptions();
    return script.replace(QStringLiteral("{{MDBCTL_COMMANDS}}"), names.join(u' '))
        .replace(QStringLiteral("{{MDBCTL_GLOBAL_OPTIONS}}"), optionNames(globalOptions(), false).join(u' '))
        .replace(QStringLiteral("{{MDBCTL_VALUED_OPTIONS}}"), valued.join(u' '))
        .replace(QStringLiteral("{{MDBCTL_VALUED_PATTERN}}"), valued.join(QStringLiteral(" | ")))
        .replace(QStringLiteral("{{MDBCTL_COMMAND_OPTIONS}}"), commandOptions)
        .replace(QStringLiteral("{{MDBCTL_ACTIONS}}"), actions);
}

} // namespace mdbctl
