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
    static const QSet<QString>& flags();
    // Options that take a value; any other "--name" is refused rather than taken for one.
    static const QSet<QString>& valueOptions();

    // Returns an error text for malformed arguments.
    std::optional<QString> parse(const QStringList& arguments);

    QStringList positional;
    QMap<QString, QString> options;
    QSet<QString> setFlags;

    bool flag(const QString& name) const { return setFlags.contains(name); }
    bool has(const QString& name) const { return options.contains(name); }
    QString value(const QString& name) const { return options.value(name); }
    // A whole number option; sets `error` when the value is not one.
    std::optional<qint64> number(const QString& name, QString& error) const;
};
