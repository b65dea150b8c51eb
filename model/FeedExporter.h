#pragma once

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

// One CSV record (RFC 4180 quoting), without the line end.
QString csvRecord(const QStringList& fields);

} // namespace mdb
