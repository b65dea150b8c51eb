#pragma once

// The statements the PostgreSQL backend sends for browsing and consumer groups, in one place, so
// that the plan tests explain exactly what the store runs. `ns` says where the namespace's messages
// are and how its category index computes a row's category; `category` is a quoted literal;
// numbers are given as numbers.

#include "storage/StoreLayout.h"

#include <QString>

namespace mdb::postgres::queries {

struct NamespaceSql
{
    QString schema;     // quoted
    QString categoryOf; // a row's category, as the category index has it
    // Message DB's and mdbstudio's: the index is on the schema's own category().
    static NamespaceSql withCategoryFunction(const QString& schema)
    {
        return {schema, schema + QStringLiteral(".category(stream_name)")};
    }
    // As `layout` has it: EventoDB's category index is on the bare split_part expression.
    static NamespaceSql forLayout(const StoreLayout& layout);
};

// Every category, by a loose index scan: one probe of messages_category per category.
QString listCategories(const NamespaceSql& ns);
// count, distinct streams, last global position of a category.
QString categoryStats(const NamespaceSql& ns, const QString& category);
// A category's messages before a global position, newest first, along messages_category.
QString categoryMessagesBefore(const NamespaceSql& ns, const QString& category, qint64 before, qint64 count);
// A category's stream sightings from a global position on.
QString categoryStreamSightings(const NamespaceSql& ns, const QString& category, qint64 from, qint64 count);
// Each stream of a category with its message count.
QString categoryStreamTotals(const NamespaceSql& ns, const QString& category);
// A category's newest sightings.
QString categoryNewest(const NamespaceSql& ns, const QString& category, qint64 count);
// Messages of a category from a global position on.
QString countCategoryMessages(const NamespaceSql& ns, const QString& category, qint64 from);
// Every stream name, in order: one probe of the stream index per name (there is no skip scan).
QString streamNames(const NamespaceSql& ns);

} // namespace mdb::postgres::queries
