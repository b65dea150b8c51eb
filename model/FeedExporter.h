#pragma once

#include "model/Csv.h"
#include "model/FindScan.h"
#include "model/MessageFeed.h"

#include <QIODevice>

#include <atomic>
#include <functional>

namespace mdb {

enum class ExportFormat
{
    JsonLines,
    Csv
};

// Writes every message of a feed (with its filters) to `out`, page by page in key order, so memory
// stays flat whatever the size. Blocking: run it off the GUI thread. `progress` gets the count
// written after each page; `cancel` is checked between pages. Returns the number of messages.
Result<qint64> exportFeed(Store& store, const MessageFeed& feed, ExportFormat format, QIODevice& out,
                          const std::function<void(qint64)>& progress = {},
                          const std::atomic<bool>* cancel = nullptr);

// How far a search's export has come.
struct SearchExportProgress
{
    qint64 written = 0; // matches written
    qint64 scanned = 0; // positions looked at, of
    qint64 total = 0;
};

// Writes every match of a search (its cap ignored) to `out` in global-position order, chunk by
// chunk as FindScan walks the range, so memory stays flat whatever the number of matches.
// Blocking: run it off the GUI thread. `progress` follows each chunk; `cancel` is checked between
// chunks, which FindScan sizes to about 60 ms. Returns the number of messages written.
Result<qint64> exportSearch(std::shared_ptr<Store> store, const QString& ns, FindRequest request,
                            ExportFormat format, QIODevice& out,
                            const std::function<void(const SearchExportProgress&)>& progress = {},
                            const std::atomic<bool>* cancel = nullptr);

} // namespace mdb
