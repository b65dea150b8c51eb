#pragma once

#include "app/mdbctl/CommandLine.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace mdb {
class Store;
}

namespace mdbctl {

enum ExitCode
{
    Ok = 0,
    Failure = 1,
    Usage = 2,
    WrongVersion = 3
};

// An option of the command line: a flag when `value` is empty, else it takes a value so named.
struct Option
{
    QString name;  // without the leading "--"
    QString value; // e.g. "N", "JSON"; empty for a flag
    QString help;  // one line, for the usage text (global options) and the manual page
};

// One way of calling a command, as the usage text and the manual page show it.
struct Form
{
    QString synopsis;    // "namespace create NAME"; a '\n' breaks the usage line there
    QString summary;     // one line for the usage text; may be empty
    QString description; // the manual page's paragraph; `text` prints in bold there
};

// What a command gets to run with: the parsed command line and, for commands that need one, the
// store and the namespace.
struct Context
{
    const CommandLine& commandLine;
    bool json = false;
    std::shared_ptr<mdb::Store> store; // null for commands that open none
    QString ns;
    // The arguments after the command's name.
    QStringList arguments() const { return commandLine.positional.mid(1); }
};

// A command of mdbctl: its name, how it is called, its options and what it does. The usage
// text, the manual page, the bash completion and the parser's option names all come from the
// table of these (commandTable()), so that a new command is one new entry and cannot be left out of
// any of them.
struct Command
{
    QString name;
    QList<Form> forms;
    QList<Option> options;
    QStringList actions; // the words that may follow the name (namespace create, ...)
    bool opensStore = true;
    int (*run)(Context& context) = nullptr;
};

// Every command, in the order the usage text lists them.
const QList<Command>& commandTable();
const Command* findCommand(const QString& name);
// The options that hold for every command (--store, --ns, --json, ...).
const QList<Option>& globalOptions();
QString usageText();

} // namespace mdbctl
