#pragma once

// The statements the PostgreSQL backend sends for browsing and consumer groups, in one place, so
// that the plan tests explain exactly what the store runs. `schema` is the namespace as a quoted
// identifier, `category` a quoted literal; numbers are given as numbers.

#include <QString>

namespace mdb::postgres::queries {

// Every category, by a loose index scan: one probe of messages_category per category.
QString listCategories(const QString& schema);
// count, distinct streams, last global position of a category.
QString categoryStats(const QString& schema, const QString& category);
// A category's messages before a global position, newest first, along messages_category.
QString categoryMessagesBefore(const QString& schema, const QString& category, qint64 before, qint64 count);
// A category's stream sightings from a global position on.
QString categoryStreamSightings(const QString& schema, const QString& category, qint64 from, qint64 count);
// Each stream of a category with its message count.
QString categoryStreamTotals(const QString& schema, const QString& category);
// A category's newest sightings.
QString categoryNewest(const QString& schema, const QString& category, qint64 count);
// Messages of a category from a global position on.
QString countCategoryMessages(const QString& schema, const QString& category, qint64 from);
// Every stream name, in order: one probe of the stream index per name (there is no skip scan).
QString streamNames(const QString& schema);

} // namespace mdb::postgres::queries
