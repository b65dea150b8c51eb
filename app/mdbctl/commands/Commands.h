#pragma once

#include "app/mdbctl/Command.h"

// One function per command (or group of commands), each in a file of its own under commands/;
// Command.cpp lists them in the order the usage text shows them.
namespace mdbctl::commands {

Command namespaces();
Command namespaceAdmin();
Command categories();
Command write();
Command stream();
Command category();
Command findMessages();
Command seekTime();
Command traceMessage();
Command last();
Command version();
Command hash();
Command member();
Command partition();
Command stress();
Command verify();
Command exportMessages();
Command summary();
Command sample();

} // namespace mdbctl::commands
