#pragma once

#include "storage/Message.h"
#include "storage/Store.h"

#include <QString>

namespace mdb::MessageJson {

// A JSON string literal, escaped as JSON requires.
QString quote(const QString& text);

// One message as a JSON Lines record:
// {"global_position","position","time","stream_name","type","data","metadata","id"},
// with data and metadata embedded verbatim as the store's JSON text, or null.
QString line(const Message& message);

// A namespace description as one JSON object.
QString line(const NamespaceInfo& info);

} // namespace mdb::MessageJson
