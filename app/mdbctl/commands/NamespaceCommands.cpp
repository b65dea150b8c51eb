// namespaces, and namespace create | drop | info | upgrade.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/MessageJson.h"
#include "storage/Store.h"

#include <QDateTime>
#include <QTimeZone>

namespace mdbctl::commands {

namespace {

int listNamespaces(Context& c)
{
    mdb::Result<QStringList> names = c.store->listNamespaces();
    if (!names)
        return fail(names.error());
    // A namespace that cannot be opened (an EventoDB id that mdbstudio refuses, say) is listed
    // with the reason, and the others still are.
    for (const QString& name : *names) {
        mdb::Result<mdb::NamespaceInfo> info = c.store->describeNamespace(name);
        if (!info) {
            if (c.json)
                out() << QStringLiteral("{\"name\":%1,\"error\":%2}")
                             .arg(mdb::MessageJson::quote(name),
                                  mdb::MessageJson::quote(info.error().message))
                      << "\n";
            else
                out() << name << "\tunreadable\t" << info.error().message << "\n";
            continue;
        }
        if (c.json)
            out() << mdb::MessageJson::line(*info) << "\n";
        else if (!info->unavailable.isEmpty())
            out() << name << "\t" << mdb::namespaceKindName(info->kind) << "\tunavailable\t"
                  << info->unavailable << "\n";
        else
            out() << name << "\t" << mdb::namespaceKindName(info->kind) << "\t" << info->messageStoreVersion
                  << "\n";
    }
    return Ok;
}

int create(mdb::Store& store, const QString& name, bool json)
{
    if (mdb::Status s = store.createNamespace(name); !s)
        return fail(s.error());
    out() << (json ? QStringLiteral("{\"created\":%1}").arg(mdb::MessageJson::quote(name))
                   : QStringLiteral("created ") + name)
          << "\n";
    return Ok;
}

int drop(mdb::Store& store, const QString& name, const CommandLine& cl, bool json)
{
    if (!cl.flag(QStringLiteral("yes")))
        return usage(
            QStringLiteral("dropping namespace \"%1\" deletes all its messages; add --yes to confirm")
                .arg(name));
    if (mdb::Status s = store.dropNamespace(name); !s)
        return fail(s.error());
    out() << (json ? QStringLiteral("{\"dropped\":%1}").arg(mdb::MessageJson::quote(name))
                   : QStringLiteral("dropped ") + name)
          << "\n";
    return Ok;
}

int info(mdb::Store& store, const QString& name, bool json)
{
    mdb::Result<mdb::NamespaceInfo> info = store.describeNamespace(name);
    if (!info)
        return fail(info.error());
    if (json) {
        out() << mdb::MessageJson::line(*info) << "\n";
        return Ok;
    }
    out() << "name:      " << info->name << "\n"
          << "kind:      " << mdb::namespaceKindName(info->kind) << "\n"
          << "layout:    " << mdb::namespaceLayoutName(*info) << "\n"
          << "version:   " << info->messageStoreVersion << "\n"
          << "location:  " << info->location << "\n"
          << "rules:     " << info->rules << "\n";
    if (!info->unavailable.isEmpty())
        out() << "unavailable: " << info->unavailable << "\n";
    if (!info->description.isEmpty())
        out() << "description: " << info->description << "\n";
    if (info->createdAtSeconds)
        out()
            << "created:   "
            << QDateTime::fromSecsSinceEpoch(*info->createdAtSeconds, QTimeZone::utc()).toString(Qt::ISODate)
            << "\n";
    out() << "indexes:   " << info->indexes.join(QStringLiteral(", ")) << "\n"
          << "messages:  ~" << info->approximateMessageCount << "\n"
          << "last global position: " << numberOrNull(info->lastGlobalPosition) << "\n";
    return Ok;
}

int upgrade(mdb::Store& store, const QString& name, bool json)
{
    mdb::Result<mdb::LayoutUpgrade> upgrade = store.upgradeNamespace(name);
    if (!upgrade)
        return fail(upgrade.error());
    if (json)
        out() << QStringLiteral("{\"upgraded\":%1,\"from\":%2,\"to\":%3,\"changed\":%4}")
                     .arg(mdb::MessageJson::quote(name))
                     .arg(upgrade->from)
                     .arg(upgrade->to)
                     .arg(upgrade->changed() ? QStringLiteral("true") : QStringLiteral("false"));
    else if (upgrade->changed())
        out() << QStringLiteral("upgraded %1 from layout %2 to layout %3; its messages are kept")
                     .arg(name)
                     .arg(upgrade->from)
                     .arg(upgrade->to);
    else
        out() << QStringLiteral("%1 already has layout %2; nothing changed").arg(name).arg(upgrade->to);
    out() << "\n";
    return Ok;
}

int administer(Context& c)
{
    const QStringList args = c.arguments();
    if (args.size() != 2 || args.at(1).isEmpty())
        return usage(QStringLiteral("namespace needs an action (create, drop, info, upgrade) and a NAME"));
    const QString& action = args.at(0);
    const QString& name = args.at(1);
    if (action == u"create")
        return create(*c.store, name, c.json);
    if (action == u"drop")
        return drop(*c.store, name, c.commandLine, c.json);
    if (action == u"info")
        return info(*c.store, name, c.json);
    if (action == u"upgrade")
        return upgrade(*c.store, name, c.json);
    return usage(QStringLiteral("unknown namespace action \"%1\"").arg(action));
}

} // namespace

Command namespaces()
{
    return {QStringLiteral("namespaces"),
            {{QStringLiteral("namespaces"), QStringLiteral("list namespaces"),
              QStringLiteral("List the namespaces of the store, with their kind and Message DB version.")}},
            {},
            {},
            true,
            listNamespaces};
}

Command namespaceAdmin()
{
    return {
        QStringLiteral("namespace"),
        {{QStringLiteral("namespace create NAME"), QStringLiteral("create a namespace"),
          QStringLiteral("Create a namespace. Names match `^[a-z_][a-z0-9_]{0,62}$`.")},
         {QStringLiteral("namespace drop NAME --yes"), QStringLiteral("drop a namespace and its messages"),
          QStringLiteral("Drop a namespace and its messages. Namespaces that mdbstudio did not make are "
                         "refused and left as they are.")},
         {QStringLiteral("namespace info NAME"), QStringLiteral("describe a namespace"),
          QStringLiteral("Describe a namespace: kind, layout, Message DB version, location, indexes, "
                         "approximate message count and last global position.")},
         {QStringLiteral("namespace upgrade NAME"),
          QStringLiteral("bring an mdbstudio namespace's functions up to date, in place"),
          QStringLiteral("Bring a namespace that an earlier mdbstudio made to the current layout: its "
                         "functions are replaced in place, in one transaction, and its messages are kept. "
                         "Namespaces that mdbstudio did not make are refused and left as they are.")}},
        {{QStringLiteral("yes"),
          {},
          QStringLiteral("confirm that a dropped namespace's messages go with it")}},
        {QStringLiteral("create"), QStringLiteral("drop"), QStringLiteral("info"), QStringLiteral("upgrade")},
        true,
        administer};
}

} // namespace mdbctl::commands
