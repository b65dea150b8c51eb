#include "storage/SqlSupport.h"

#include <QHash>

#include <QFile>

namespace mdb::SqlSupport {

QVariant bindValue(const std::optional<qint64>& v)
{
    return v ? QVariant::fromValue(*v) : QVariant(QMetaType::fromType<qint64>());
}

QVariant bindValue(const std::optional<QString>& v)
{
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<QString>());
}

QVariant bindText(const QString& v)
{
    return v.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(v);
}

Message readMessage(const QSqlQuery& query)
{
    const auto optionalText = [&query](int column) -> std::optional<QString> {
        const QVariant v = query.value(column);
        if (v.isNull())
            return std::nullopt;
        return v.toString();
    };
    Message m;
    m.id = query.value(0).toString();
    m.streamName = query.value(1).toString();
    m.type = query.value(2).toString();
    m.position = query.value(3).toLongLong();
    m.globalPosition = query.value(4).toLongLong();
    m.data = optionalText(5);
    m.metadata = optionalText(6);
    m.timeMicros = query.value(7).toLongLong();
    return m;
}

FindChunk readFindChunk(QSqlQuery& query, const FindQuery& find)
{
    FindChunk chunk;
    chunk.matches = readMessages(query);
    chunk.scannedThrough = find.to;
    if (find.limit > 0 && chunk.matches.size() >= find.limit)
        chunk.scannedThrough = find.scope == FindQuery::Scope::Stream
                                   ? chunk.matches.constLast().position
                                   : chunk.matches.constLast().globalPosition;
    return chunk;
}

std::optional<Message> readFirstMessage(QSqlQuery& query)
{
    if (!query.next())
        return std::nullopt;
    return readMessage(query);
}

MessageList readMessages(QSqlQuery& query)
{
    MessageList messages;
    while (query.next())
        messages.append(readMessage(query));
    return messages;
}

Result<MessageList> readMemberMessages(QSqlQuery& query, qint64 member, const StreamMember& memberOf,
                                       qint64 batch)
{
    MessageList messages;
    QHash<QString, bool> ofMember; // streams repeat; hash each once
    while (query.next()) {
        const QString stream = query.value(1).toString();
        auto it = ofMember.constFind(stream);
        if (it == ofMember.cend()) {
            Result<std::optional<qint64>> found = memberOf(stream);
            if (!found)
                return found.error();
            it = ofMember.insert(stream, *found && **found == member);
        }
        if (!*it)
            continue;
        messages.append(readMessage(query));
        if (batch > 0 && messages.size() >= batch)
            break;
    }
    return messages;
}

MessageList readMessagesNewestFirst(QSqlQuery& query)
{
    MessageList messages;
    while (query.next())
        messages.prepend(readMessage(query));
    return messages;
}

CategoryStats readCategoryStats(QSqlQuery& query)
{
    CategoryStats stats;
    if (query.next()) {
        stats.messages = query.value(0).toLongLong();
        stats.streams = query.value(1).toLongLong();
        if (!query.value(2).isNull())
            stats.lastGlobalPosition = query.value(2).toLongLong();
    }
    return stats;
}

QList<StreamSighting> readSightings(QSqlQuery& query)
{
    QList<StreamSighting> sightings;
    while (query.next())
        sightings.append(
            {query.value(0).toString(), query.value(1).toLongLong(), query.value(2).toLongLong()});
    return sightings;
}

QList<StreamTotals> readStreamTotals(QSqlQuery& query)
{
    QList<StreamTotals> totals;
    while (query.next())
        totals.append({query.value(0).toString(), query.value(1).toLongLong()});
    return totals;
}

QStringList readTexts(QSqlQuery& query)
{
    QStringList texts;
    while (query.next())
        texts.append(query.value(0).toString());
    return texts;
}

QList<SummaryRow> readSummary(QSqlQuery& query)
{
    QList<SummaryRow> rows;
    while (query.next())
        rows.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong(), 0});
    return withPercentages(rows);
}

QString summaryGroupColumns(SummaryKind kind, const QString& categoryExpression)
{
    switch (kind) {
    case SummaryKind::Category:
        return categoryExpression + QStringLiteral(", ''");
    case SummaryKind::Type:
        return QStringLiteral("type, ''");
    case SummaryKind::Stream:
        return QStringLiteral("stream_name, ''");
    case SummaryKind::CategoryType:
        return categoryExpression + QStringLiteral(", type");
    }
    return {};
}

QList<SummaryRow> withPercentages(QList<SummaryRow> rows)
{
    qint64 total = 0;
    for (const SummaryRow& r : rows)
        total += r.messages;
    for (SummaryRow& r : rows)
        // In hundredths, rounded half up in integers, as PostgreSQL's round(numeric, 2) does.
        r.percent = total > 0 ? double((r.messages * 20000 + total) / (2 * total)) / 100.0 : 0.0;
    return rows;
}

QStringList splitScript(const QString& script)
{
    QStringList statements;
    QString current;
    bool inDollarQuote = false;
    const QStringList lines = script.split(u'\n');
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QStringLiteral("--")) && !inDollarQuote)
            continue;
        current += line + u'\n';
        if (line.count(QStringLiteral("$$")) % 2 == 1)
            inDollarQuote = !inDollarQuote;
        if (!inDollarQuote && trimmed.endsWith(u';')) {
            statements.append(current.trimmed());
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

QString loadScript(const QString& resourcePath, const QString& schema)
{
    QFile file(resourcePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(file.readAll());
    if (!schema.isEmpty())
        text.replace(QStringLiteral("{{schema}}"), schema);
    return text;
}

} // namespace mdb::SqlSupport
