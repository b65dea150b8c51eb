#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace mdb::StreamName {

// Message DB's stream-name parsers (functions category, id, cardinal_id, is_category).
// Only the first '-' separates category from id; only the first '+' separates the cardinal id.

// Text before the first '-', or the whole name when there is none.
QString category(const QString& streamName);
// Everything after the first '-'; absent when there is no '-' ("account-" gives "").
std::optional<QString> id(const QString& streamName);
// The id's part before the first '+'; absent when the id is absent.
std::optional<QString> cardinalId(const QString& streamName);
// True exactly when the name has no '-'.
bool isCategory(const QString& streamName);

// Anatomy for display: `account:command+position` has entity `account`, types {command, position}.
QString categoryEntity(const QString& streamName);
QStringList categoryTypes(const QString& streamName);
QStringList compoundIds(const QString& streamName);

} // namespace mdb::StreamName
