#pragma once

#include "storage/StoreLocation.h"

#include <QColor>
#include <QList>
#include <QString>

namespace mdb {

// A connection the user keeps: a name, where the store is (without the password), a colour that
// marks its windows, and whether it is production (always opened read-only).
struct SavedConnection
{
    QString name;
    QString url; // postgresql://… or a path / sqlite: URL; never holds a password
    QColor colour;
    bool production = false;
    bool savePassword = false; // the password lives in the system keychain, never in settings

    // The location to open, with `password` filled in (when the URL needs one) and production
    // connections forced read-only.
    Result<StoreLocation> location(const QString& password = {}) const;
};

// The saved connections, in QSettings. Passwords never pass through here.
class SavedConnections
{
public:
    static QList<SavedConnection> load();
    static void save(const QList<SavedConnection>& connections);
    // The URL without its password, for saving.
    static QString withoutPassword(const QString& url);
};

} // namespace mdb
