#include "storage/eventodb/EventoDbNames.h"

namespace mdb::eventodb {

namespace {

StoreError refused(const QString& id, const QString& why)
{
    return StoreError::make(ErrorKind::InvalidArgument,
                            QStringLiteral("EventoDB namespace \"%1\" cannot be opened: %2").arg(id, why));
}

Status checkCommon(const QString& id)
{
    if (id.isEmpty())
        return refused(id, QStringLiteral("its id is empty"));
    if (id.contains(QChar(0)))
        return refused(id, QStringLiteral("its id holds a NUL character"));
    return Done{};
}

} // namespace

QString postgresSchemaName(const QString& id)
{
    QString sanitized;
    sanitized.reserve(id.size());
    for (const QChar c : id) {
        const bool kept =
            (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
        sanitized += kept ? c : QChar(u'_');
    }
    return QStringLiteral("eventodb_") + sanitized;
}

QString postgresPhysicalSchema(const QString& schemaName)
{
    QByteArray bytes = schemaName.toUtf8();
    if (bytes.size() <= 63)
        return schemaName;
    // As PostgreSQL cuts it: at 63 bytes, backed off to the start of a character.
    qsizetype cut = 63;
    while (cut > 0 && (quint8(bytes.at(cut)) & 0xC0) == 0x80)
        --cut;
    return QString::fromUtf8(bytes.left(cut));
}

Status checkPostgresNamespace(const QString& id, const QString& schemaName)
{
    if (Status common = checkCommon(id); !common)
        return common;
    // PostgreSQL keeps the first 63 bytes of an identifier: EventoDB records the whole name, but
    // the schema it made is the truncated one, which ids sharing those bytes share too.
    if (schemaName.toUtf8().size() > 63)
        return refused(id, QStringLiteral("its schema name \"%1\" is longer than PostgreSQL's 63 bytes, so "
                                          "the schema it names is cut short and may be another namespace's")
                               .arg(schemaName));
    if (schemaName.contains(u'"') || schemaName.contains(QChar(0)))
        return refused(id, QStringLiteral("its schema name \"%1\" cannot be quoted").arg(schemaName));
    return Done{};
}

Status checkSqliteNamespaceId(const QString& id)
{
    if (Status common = checkCommon(id); !common)
        return common;
    if (id.contains(u'/') || id.contains(u'\\'))
        return refused(id, QStringLiteral("its file name <id>.db would lead out of the store directory"));
    if (id == u"." || id == u"..")
        return refused(id, QStringLiteral("it is not a file name"));
    return Done{};
}

Status checkSchemaVersion(const QString& id, int schemaVersion)
{
    if (schemaVersion >= 1 && schemaVersion <= KnownSchemaVersion)
        return Done{};
    return StoreError::make(ErrorKind::InvalidArgument,
                            QStringLiteral("EventoDB namespace \"%1\" has schema version %2, which this "
                                           "mdbstudio does not know (it reads versions 1 to %3)")
                                .arg(id)
                                .arg(schemaVersion)
                                .arg(KnownSchemaVersion));
}

StoreError timescaleWritesRefused(const QString& id)
{
    return StoreError::make(
        ErrorKind::ReadOnly,
        QStringLiteral("EventoDB namespace \"%1\" is a TimescaleDB namespace: mdbstudio reads "
                       "it but does not write to it")
            .arg(id));
}

} // namespace mdb::eventodb
