#include "app/mdbctl/CommandLine.h"

std::optional<QString> CommandLine::parse(const QStringList& arguments)
{
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        if (optionsEnded || !arg.startsWith(QStringLiteral("--"))) {
            positional << arg;
            continue;
        }
        if (arg == u"--") {
            optionsEnded = true;
            continue;
        }
        QString name = arg.mid(2);
        if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
            if (!m_valueOptions.contains(name.left(eq)))
                return QStringLiteral("unknown option --%1").arg(name.left(eq));
            options.insert(name.left(eq), name.mid(eq + 1));
            continue;
        }
        if (m_flags.contains(name)) {
            setFlags.insert(name);
            continue;
        }
        if (!m_valueOptions.contains(name))
            return QStringLiteral("unknown option --%1").arg(name);
        if (i + 1 >= arguments.size())
            return QStringLiteral("option --%1 needs a value").arg(name);
        options.insert(name, arguments.at(++i));
    }
    return std::nullopt;
}

std::optional<qint64> CommandLine::number(const QString& name, QString& error) const
{
    if (!options.contains(name))
        return std::nullopt;
    bool ok = false;
    const qint64 v = options.value(name).toLongLong(&ok);
    if (!ok) {
        error = QStringLiteral("--%1 needs a whole number, not \"%2\"").arg(name, options.value(name));
        return std::nullopt;
    }
    return v;
}
