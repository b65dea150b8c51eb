#include "EventoDbFixture.h"

#include "TestStores.h"

#include "storage/SqlSupport.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace mdbtest {

namespace {

const QString FixtureConnection = QStringLiteral("eventodb-fixture");

QString fixtureScript(const QString& name, const QString& schema = {})
{
    QFile file(testDataPath(QStringLiteral("eventodb/") + name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString script = QString::fromUtf8(file.readAll());
    script.replace(QStringLiteral("{{schema}}"), schema);
    return script;
}

} // namespace

QString eventoDbSchemaFor(const QString& id)
{
    QString sanitized = id;
    sanitized.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]")), QStringLiteral("_"));
    return QStringLiteral("eventodb_") + sanitized;
}

QString runOnTestDatabase(const QStringList& statements)
{
    QString problem;
    {
        QSqlDatabase db = directPostgresConnection(FixtureConnection);
        if (!db.open())
            problem = db.lastError().text();
        QSqlQuery q(db);
        if (problem.isEmpty())
            q.exec(QStringLiteral("SET client_min_messages = warning"));
        for (const QString& statement : statements) {
            if (!problem.isEmpty())
                break;
            if (!q.exec(statement))
                problem = QStringLiteral("%1\n in: %2").arg(q.lastError().text(), statement.left(200));
        }
    }
    QSqlDatabase::removeDatabase(FixtureConnection);
    return problem;
}

QStringList queryTestDatabase(const QString& sql)
{
    QStringList rows;
    {
        QSqlDatabase db = directPostgresConnection(FixtureConnection);
        if (db.open()) {
            QSqlQuery q(db);
            if (!q.exec(sql))
                rows << QStringLiteral("error: ") + q.lastError().text();
            while (q.next())
                rows << q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(FixtureConnection);
    return rows;
}

QString makeEventoDbPostgresNamespace(const QString& id, const QString& description, QString schema)
{
    if (schema.isEmpty())
        schema = eventoDbSchemaFor(id);
    const QString registry = fixtureScript(QStringLiteral("postgres-registry.sql"));
    const QString layout = fixtureScript(QStringLiteral("postgres-namespace.sql"), u'"' + schema + u'"');
    if (registry.isEmpty() || layout.isEmpty())
        return QStringLiteral("the EventoDB fixture scripts are missing");
    auto quoted = [](const QString& text) -> QString {
        return u'\'' + QString(text).replace(u'\'', QStringLiteral("''")) + u'\'';
    };
    QStringList statements = mdb::SqlSupport::splitScript(registry);
    statements << mdb::SqlSupport::splitScript(layout);
    // EventoDB keeps a hash of the namespace's token, never the token.
    statements << QStringLiteral(
                      "INSERT INTO eventodb_store.namespaces (id, token_hash, schema_name, description, "
                      "created_at, metadata) VALUES (%1, md5(%1 || clock_timestamp()::text), %2, %3, %4, "
                      "'{}')")
                      .arg(quoted(id), quoted(schema), quoted(description))
                      .arg(QDateTime::currentSecsSinceEpoch());
    // Every namespace is created by a test that is its only user: one writer of the registry at a time.
    statements.prepend(QStringLiteral("SELECT pg_advisory_lock(4242)"));
    statements << QStringLiteral("SELECT pg_advisory_unlock(4242)");
    return runOnTestDatabase(statements);
}

void dropEventoDbPostgresNamespace(const QString& id)
{
    const QString quotedId = u'\'' + QString(id).replace(u'\'', QStringLiteral("''")) + u'\'';
    const QStringList schemas = queryTestDatabase(
        QStringLiteral("SELECT schema_name FROM eventodb_store.namespaces WHERE id = %1").arg(quotedId));
    QStringList statements{QStringLiteral("SET client_min_messages = warning")};
    for (const QString& schema : schemas)
        statements << QStringLiteral("DROP SCHEMA IF EXISTS \"%1\" CASCADE").arg(schema.left(63));
    statements << QStringLiteral("DELETE FROM eventodb_store.namespaces WHERE id = %1").arg(quotedId);
    runOnTestDatabase(statements);
}

} // namespace mdbtest
