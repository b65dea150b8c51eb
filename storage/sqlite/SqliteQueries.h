#pragma once

// The statements the SQLite backend sends for browsing and consumer groups, in one place, so that
// the plan tests explain exactly what the store runs. Parameters are positional (?), in the order
// each comment gives. `ns` says how the namespace's table stores a row's category, time and JSON.

#include "storage/StoreLayout.h"
#include "storage/query/FilterSql.h"

#include <QString>

namespace mdb::sqlite::queries {

struct NamespaceSql
{
    // A row's category, as the category index computes it: mdbstudio's generated column, or
    // EventoDB's own expression, which a query must repeat exactly to use its index.
    QString categoryOf;
    // The time in microseconds since the epoch: mdbstudio stores microseconds, EventoDB seconds.
    QString timeMicros;
    // data and metadata as JSON text, NULL when absent: EventoDB binds them as BLOBs, and may
    // leave an empty one for absent metadata.
    QString data;
    QString metadata;

    static NamespaceSql mdbstudio();
    static NamespaceSql forLayout(const StoreLayout& layout);
    // The columns of a message, in the order SqlSupport reads them.
    QString messageColumns() const;
    // Where a search's filter finds each field.
    query::SqlColumns filterColumns() const;
};

// Every category, by a loose index scan over messages_category.
QString listCategories(const NamespaceSql& ns);
// count, distinct streams, last global position of a category. (category)
QString categoryStats(const NamespaceSql& ns);
// A category's messages before a global position, newest first. (category, before, count)
QString categoryMessagesBefore(const NamespaceSql& ns);
// A category's stream sightings from a global position on. (category, from, count)
QString categoryStreamSightings(const NamespaceSql& ns);
// Each stream of a category with its message count: "<category>-" up to "<category>." in the
// stream index, plus the stream named the category itself. (category-, category., category)
QString categoryStreamTotals();
// A category's newest sightings. (category, count)
QString categoryNewest(const NamespaceSql& ns);
// Messages of a category from a global position on. (category, from)
QString countCategoryMessages(const NamespaceSql& ns);
// Every stream name, in order.
QString streamNames();

} // namespace mdb::sqlite::queries
