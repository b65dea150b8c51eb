#pragma once

#include <QString>

// The parts of mdbctl's manual page and bash completion that come from the command table, so
// that neither can fall behind the commands. Run at build time by mdbctl-reference.
namespace mdbctl {

// The manual page with {{MDBCTL_COMMANDS}} replaced by a .TP entry for every form of every command.
QString fillManual(QString page);
// The completion script with {{MDBCTL_COMMANDS}}, {{MDBCTL_GLOBAL_OPTIONS}}, {{MDBCTL_VALUED_OPTIONS}},
// {{MDBCTL_VALUED_PATTERN}}, {{MDBCTL_COMMAND_OPTIONS}} and {{MDBCTL_ACTIONS}} filled in.
QString fillCompletion(QString script);

} // namespace mdbctl
