#include "model/FeedExporter.h"

#include "model/MessageJson.h"

namespace mdb {
namespace {

constexpr qint64 ExportPageSize = 1000;

const QStringList CsvHeader{
    QStringLiteral("global_position"), QStringLiteral("position"), QStringLiteral("time"),
    QStringLiteral("stream_name"),     QStringLiteral("type"),     QStringLiteral("data"),
    QStringLiteral("metadata"),        QStringLiteral("id")};

QString csvLine(const Message& m)
{
    return csvRecord({QString::number(m.globalPosition), QString::number(m.position), m.timeText(),
                      m.streamName, m.type, m.data.value_or(QString()), m.metadata.value_or(QString()),
                      m.id});
}

} // namespace

QString csvRecord(const QStringList& fields)
{
    QStringList quoted;
    for (const QString& f : fields) {
        if (f.contains(u',') || f.contains(u'"') || f.contains(u'\n') || f.contains(u'\r'))
            quoted << u'"' + QString(f).replace(u'"', QStringLiteral("\"\"")) + u'"';
        else
            quoted << f;
    }
    return quoted.join(u',');
}

Result<qint64> exportFeed(Store& store, const MessageFeed& feed, ExportFormat format, QIODevice& out,
                          const std::function<void(qint64)>& progress, const std::atomic<bool>* cancel)
{
    const auto write = [&out](const QString& line) {
        return out.write((line + u'\n').toUtf8()) >= 0;
    };
    const auto writeFailed = [&out] {
        return StoreError::make(ErrorKind::Internal,
                                QStringLiteral("Cannot write the export: %1").arg(out.errorString()));
    };
    if (format == ExportFormat::Csv && !write(csvRecord(CsvHeader)))
        return writeFailed();
    qint64 written = 0;
    qint64 from = feed.startPosition.value_or(feed.isStream() ? 0 : 1);
    for (;;) {
        if (cancel && cancel->load())
            break;
        Result<FeedPage> page = FeedReader::forward(store, feed, from, ExportPageSize);
        if (!page)
            return page.error();
        for (const Message& m : page->messages) {
            if (!write(format == ExportFormat::Csv ? csvLine(m) : MessageJson::line(m)))
                return writeFailed();
        }
        written += page->messages.size();
        if (progress)
            progress(written);
        if (page->reachedEdge || !page->resumeKey)
            break;
        from = *page->resumeKey;
    }
    return written;
}

} // namespace mdb
