#pragma once

#include <QMap>
#include <QSet>
#include <QStringList>

#include <optional>

// mdbctl's arguments: options may stand anywhere ("--name value", "--name=value" or a flag),
// everything else is positional, and "--" ends the options.
class CommandLine
{
public:
    // The names (without "--") of the options that are flags and of those that take a value; any
    // other "--name" is refused rather than taken for either.
    CommandLine(QSet<QString> flags, QSet<QString> valueOptions)
        : m_flags(std::move(flags))
        , m_valueOptions(std::move(valueOptions))
    {}

    // Returns an error text for malformed arguments.
    std::optional<QString> parse(const QStringList& arguments);

    QStringList positional;
    QMap<QString, QString> options;
    QSet<QString> setFlags;

    bool flag(const QString& name) const { return setFlags.contains(name); }
    bool has(const QString& name) const { return options.contains(name); }
    QString value(const QString& name) const { return options.value(name); }
    // A text option, absent when not given (as opposed to given empty).
    std::optional<QString> text(const QString& name) const
    {
        return has(name) ? std::optional<QString>(value(name)) : std::nullopt;
    }
    // A whole number option; sets `error` when the value is not one.
    std::optional<qint64> number(const QString& name, QString& error) const;

private:
    QSet<QString> m_flags;
    QSet<QString> m_valueOptions;
};
