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

// Writes messages in the chosen format, CSV with its header first.
class MessageWriter
{
public:
    MessageWriter(QIODevice& out, ExportFormat format)
        : m_out(out)
        , m_format(format)
    {}

    Status start() { return m_format == ExportFormat::Csv ? line(csvRecord(CsvHeader)) : Status(Done{}); }
    Status write(const MessageList& messages)
    {
        for (const Message& m : messages) {
            if (Status written = line(m_format == ExportFormat::Csv ? csvLine(m) : MessageJson::line(m));
                !written)
                return written;
        }
        return Done{};
    }

private:
    Status line(const QString& text)
    {
        if (m_out.write((text + u'\n').toUtf8()) >= 0)
            return Done{};
        return StoreError::make(ErrorKind::Internal,
                                QStringLiteral("Cannot write the export: %1").arg(m_out.errorString()));
    }

    QIODevice& m_out;
    ExportFormat m_format;
};

} // namespace

Result<qint64> exportFeed(Store& store, const MessageFeed& feed, ExportFormat format, QIODevice& out,
                          const std::function<void(qint64)>& progress, const std::atomic<bool>* cancel)
{
    MessageWriter writer(out, format);
    if (Status started = writer.start(); !started)
        return started.error();
    qint64 written = 0;
    qint64 from = feed.startPosition.value_or(feed.isStream() ? 0 : 1);
    for (;;) {
        if (cancel && cancel->load())
            break;
        Result<FeedPage> page = FeedReader::forward(store, feed, from, ExportPageSize);
        if (!page)
            return page.error();
        if (Status w = writer.write(page->messages); !w)
            return w.error();
        written += page->messages.size();
        if (progress)
            progress(written);
        if (page->reachedEdge || !page->resumeKey)
            break;
        from = *page->resumeKey;
    }
    return written;
}

Result<qint64> exportSearch(std::shared_ptr<Store> store, const QString& ns, FindRequest request,
                            ExportFormat format, QIODevice& out,
                            const std::function<void(const SearchExportProgress&)>& progress,
                            const std::atomic<bool>* cancel)
{
    MessageWriter writer(out, format);
    if (Status started = writer.start(); !started)
        return started.error();
    request.maxMatches = 0;
    FindScan scan(std::move(store), ns, std::move(request));
    if (Status started = scan.start(); !started)
        return started.error();
    qint64 written = 0;
    while (scan.outcome() == FindScan::Outcome::Running) {
        if (cancel && cancel->load())
            break;
        Result<MessageList> found = scan.next();
        if (!found)
            return found.error();
        if (Status w = writer.write(*found); !w)
            return w.error();
        written += found->size();
        if (progress)
            progress({written, scan.scanned(), scan.total()});
    }
    return written;
}

} // namespace mdb
