#include "model/PasswordVault.h"

#include <qt6keychain/keychain.h>

namespace mdb {
namespace {

const QString Service = QStringLiteral("mdbstudio");

} // namespace

void PasswordVault::read(QObject* context, const QString& connectionName,
                         std::function<void(const QString&, const QString&)> done)
{
    auto* job = new QKeychain::ReadPasswordJob(Service, context);
    job->setKey(connectionName);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done] {
        if (job->error() == QKeychain::EntryNotFound)
            done(QString(), QString());
        else if (job->error() != QKeychain::NoError)
            done(QString(), job->errorString());
        else
            done(job->textData(), QString());
    });
    job->start();
}

void PasswordVault::write(QObject* context, const QString& connectionName, const QString& password,
                          std::function<void(const QString&)> done)
{
    auto* job = new QKeychain::WritePasswordJob(Service, context);
    job->setKey(connectionName);
    job->setTextData(password);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done] {
        done(job->error() == QKeychain::NoError ? QString() : job->errorString());
    });
    job->start();
}

void PasswordVault::remove(QObject* context, const QString& connectionName)
{
    auto* job = new QKeychain::DeletePasswordJob(Service, context);
    job->setKey(connectionName);
    job->start();
}

} // namespace mdb
