#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace mdb {

// Passwords of saved connections, in the system keychain (Secret Service, KWallet, …). Where no
// keychain answers, nothing is stored and the caller asks the user each time: a password is never
// written to disk in clear.
class PasswordVault
{
public:
    // `done(password, error)`: the password, or an error text (empty password and error when
    // nothing is stored). Runs asynchronously; `context` owns the callback.
    static void read(QObject* context, const QString& connectionName,
                     std::function<void(const QString& password, const QString& error)> done);
    static void write(QObject* context, const QString& connectionName, const QString& password,
                      std::function<void(const QString& error)> done);
    static void remove(QObject* context, const QString& connectionName);
};

} // namespace mdb
