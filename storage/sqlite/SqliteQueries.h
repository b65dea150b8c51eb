#pragma once

// The statements the SQLite backend sends for browsing and consumer groups, in one place, so that
// the plan tests explain exactly what the store runs. Parameters are positional (?), in the order
// each comment gives.

#include <QString>

namespace mdb::sqlite::queries {

// The columns of a message, in the order SqlSupport reads them.
QString messageColumns();
// Every category, by a loose index scan over messages_category.
QString listCategories();
// count, distinct streams, last global position of a category. (category)
QString categoryStats();
// A category's messages before a global position, newest first. (category, before, count)
QString categoryMessagesBefore();
// A category's stream sightings from a global position on. (category, from, count)
QString categoryStreamSightings();
// Each stream of a category with its message count: "<category>-" up to "<category>." in the
// stream index, plus the stream named the category itself. (category-, category., category)
QString categoryStreamTotals();
// A category's newest sightings. (category, count)
QString categoryNewest();
// Messages of a category from a global position on. (category, from)
QString countCategoryMessages();
// Every stream name, in order.
QString streamNames();

} // namespace mdb::sqlite::queries
