#include "model/SavedConnections.h"

#include <QSettings>
#include <QUrl>

namespace mdb {

Result<StoreLocation> SavedConnection::location(const QString& password) const
{
    Result<StoreLocation> loc = StoreLocation::parse(url);
    if (!loc)
        return loc;
    if (loc->backend == StoreLocation::Backend::Postgres && !password.isEmpty())
        loc->pgParams.insert(QStringLiteral("password"), password);
    if (production)
        loc->readOnly = true;
    return loc;
}

QString SavedConnections::withoutPassword(const QString& url)
{
    if (!url.startsWith(QStringLiteral("postgres")))
        return url;
    QUrl parsed(url);
    parsed.setPassword(QString());
    return parsed.toString();
}

QList<SavedConnection> SavedConnections::load()
{
    QSettings settings;
    QList<SavedConnection> list;
    const int count = settings.beginReadArray(QStringLiteral("connections"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        SavedConnection c;
        c.name = settings.value(QStringLiteral("name")).toString();
        c.url = withoutPassword(settings.value(QStringLiteral("url")).toString());
        c.colour = QColor(settings.value(QStringLiteral("colour")).toString());
        c.production = settings.value(QStringLiteral("production")).toBool();
        c.savePassword = settings.value(QStringLiteral("savePassword")).toBool();
        list << c;
    }
    settings.endArray();
    return list;
}

void SavedConnections::save(const QList<SavedConnection>& connections)
{
    QSettings settings;
    settings.remove(QStringLiteral("connections"));
    settings.beginWriteArray(QStringLiteral("connections"), int(connections.size()));
    for (int i = 0; i < connections.size(); ++i) {
        const SavedConnection& c = connections.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), c.name);
        settings.setValue(QStringLiteral("url"), withoutPassword(c.url));
        settings.setValue(QStringLiteral("colour"), c.colour.isValid() ? c.colour.name() : QString());
        settings.setValue(QStringLiteral("production"), c.production);
        settings.setValue(QStringLiteral("savePassword"), c.savePassword);
    }
    settings.endArray();
}

} // namespace mdb
