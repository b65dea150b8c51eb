// summary: message counts by category, type, stream or category and type.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/MessageJson.h"
#include "storage/Store.h"

#include <QMap>

namespace mdbctl::commands {

namespace {

int runSummary(Context& c)
{
    static const QMap<QString, mdb::SummaryKind> kinds{
        {QStringLiteral("category"), mdb::SummaryKind::Category},
        {QStringLiteral("type"), mdb::SummaryKind::Type},
        {QStringLiteral("stream"), mdb::SummaryKind::Stream},
        {QStringLiteral("category-type"), mdb::SummaryKind::CategoryType}};
    const QStringList args = c.arguments();
    if (args.size() != 1 || !kinds.contains(args.at(0)))
        return usage(QStringLiteral("summary needs category, type, stream or category-type"));
    const mdb::SummaryKind kind = kinds.value(args.at(0));
    mdb::Result<QList<mdb::SummaryRow>> rows = c.store->summary(c.ns, kind);
    if (!rows)
        return fail(rows.error());
    const bool twoKeys = kind == mdb::SummaryKind::CategoryType;
    for (const mdb::SummaryRow& r : *rows) {
        if (c.json) {
            out() << "{\"key\":" << mdb::MessageJson::quote(r.key);
            if (twoKeys)
                out() << ",\"type\":" << mdb::MessageJson::quote(r.secondKey);
            out() << ",\"message_count\":" << r.messages
                  << ",\"percent\":" << QString::number(r.percent, 'f', 2) << "}\n";
        } else {
            out() << r.key << (twoKeys ? u'\t' + r.secondKey : QString()) << "\t" << r.messages << "\t"
                  << QString::number(r.percent, 'f', 2) << "\n";
        }
    }
    return Ok;
}

} // namespace

Command summary()
{
    return {QStringLiteral("summary"),
            {{QStringLiteral("summary category|type|stream|category-type"),
              QStringLiteral("message counts, as Message DB's summary views"),
              QStringLiteral("Message counts and percentages, as Message DB's summary views.")}},
            {},
            {QStringLiteral("category"), QStringLiteral("type"), QStringLiteral("stream"),
             QStringLiteral("category-type")},
            true,
            runSummary};
}

} // namespace mdbctl::commands
