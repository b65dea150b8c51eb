#pragma once

#include "storage/Message.h"
#include "storage/StoreError.h"

#include <QTextStream>

#include <optional>

// What mdbctl's commands print, and how they report a failure.
namespace mdbctl {

QTextStream& out();
QTextStream& err();

// Prints the problem and a pointer to --help on standard error; returns the usage exit code.
int usage(const QString& problem);
// Prints the store's error (and its DETAIL) on standard error; returns the matching exit code.
int fail(const mdb::StoreError& error);

QString jsonOrNull(const std::optional<QString>& text);
QString numberOrNull(const std::optional<qint64>& value);
// One message a line: JSON Lines with --json, else its fields separated by tabs.
void printMessages(const mdb::MessageList& messages, bool json);

} // namespace mdbctl
