#include "EventoDbFixture.h"

#include "TestStores.h"

#include "storage/SqlSupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

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

namespace {

// Runs `use` on a connection of its own to `file`, removed again afterwards.
template <typename Use>
void withSqliteFile(const QString& file, Use use)
{
    static int serial = 0;
    const QString name = QStringLiteral("eventodb-sqlite-fixture-%1").arg(++serial);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.open();
        use(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

QString runOnSqliteFile(const QString& file, const QStringList& statements)
{
    QString problem;
    withSqliteFile(file, [&](QSqlDatabase& db) {
        if (!db.isOpen()) {
            problem = db.lastError().text();
            return;
        }
        for (const QString& statement : statements) {
            QSqlQuery q(db);
            if (!q.exec(statement)) {
                problem = QStringLiteral("%1\n in: %2").arg(q.lastError().text(), statement.left(200));
                return;
            }
        }
    });
    return problem;
}

QStringList querySqliteFile(const QString& file, const QString& sql)
{
    QStringList rows;
    withSqliteFile(file, [&](QSqlDatabase& db) {
        QSqlQuery q(db);
        if (!q.exec(sql))
            rows << QStringLiteral("error: ") + q.lastError().text();
        while (q.next())
            rows << q.value(0).toString();
    });
    return rows;
}

QString makeEventoDbSqliteRegistry(const QString& dir, const QString& metadataFile)
{
    const QString script = fixtureScript(QStringLiteral("sqlite-metadata.sql"));
    if (script.isEmpty())
        return QStringLiteral("the EventoDB fixture scripts are missing");
    QStringList statements{QStringLiteral("PRAGMA journal_mode = WAL")};
    statements << mdb::SqlSupport::splitScript(script);
    return runOnSqliteFile(QDir(dir).absoluteFilePath(metadataFile), statements);
}

QString registerEventoDbSqliteNamespace(const QString& dir, const QString& id, const QString& description,
                                        QString dbPath, bool makeFile, const QString& metadataFile)
{
    if (dbPath.isEmpty())
        dbPath = QDir(dir).absoluteFilePath(id + QStringLiteral(".db"));
    auto quoted = [](const QString& text) -> QString {
        return u'\'' + QString(text).replace(u'\'', QStringLiteral("''")) + u'\'';
    };
    // EventoDB keeps a hash of the namespace's token, never the token.
    const QString row =
        QStringLiteral("INSERT INTO namespaces (id, token_hash, db_path, description, created_at, metadata) "
                       "VALUES (%1, %2, %3, %4, %5, '{}')")
            .arg(quoted(id), quoted(QUuid::createUuid().toString(QUuid::Id128)), quoted(dbPath),
                 quoted(description))
            .arg(QDateTime::currentSecsSinceEpoch());
    if (QString problem = runOnSqliteFile(QDir(dir).absoluteFilePath(metadataFile), {row});
        !problem.isEmpty())
        return problem;
    return makeFile ? layOutEventoDbSqliteFile(dbPath) : QString();
}

QString layOutEventoDbSqliteFile(const QString& file)
{
    const QString script = fixtureScript(QStringLiteral("sqlite-namespace.sql"));
    if (script.isEmpty())
        return QStringLiteral("the EventoDB fixture scripts are missing");
    QStringList statements{QStringLiteral("PRAGMA journal_mode = WAL")};
    statements << mdb::SqlSupport::splitScript(script);
    return runOnSqliteFile(file, statements);
}

QString writeEventoDbSqliteRows(const QString& file, const QList<EventoDbSqliteRow>& rows)
{
    QString problem;
    withSqliteFile(file, [&](QSqlDatabase& db) {
        for (const EventoDbSqliteRow& row : rows) {
            // As the server does it: the version first, then the insert, with no transaction around.
            QSqlQuery version(db);
            version.prepare(QStringLiteral("SELECT MAX(position) FROM messages WHERE stream_name = ?"));
            version.addBindValue(row.stream);
            if (!version.exec() || !version.next()) {
                problem = version.lastError().text();
                return;
            }
            const qint64 position = version.value(0).isNull() ? 0 : version.value(0).toLongLong() + 1;
            QSqlQuery insert(db);
            insert.prepare(
                QStringLiteral("INSERT INTO messages (id, stream_name, type, position, data, metadata, "
                               "time) VALUES (?, ?, ?, ?, ?, ?, ?)"));
            insert.addBindValue(row.id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                 : row.id);
            insert.addBindValue(row.stream);
            insert.addBindValue(row.type);
            insert.addBindValue(position);
            for (const QByteArray& json : {row.data, row.metadata})
                insert.addBindValue(json.isNull() ? QVariant(QMetaType::fromType<QByteArray>())
                                                  : QVariant(json));
            insert.addBindValue(row.timeSeconds ? row.timeSeconds : QDateTime::currentSecsSinceEpoch());
            if (!insert.exec()) {
                problem = insert.lastError().text();
                return;
            }
        }
    });
    return problem;
}

} // namespace mdbtest
