#pragma once

#include "storage/Store.h"

namespace mdb {

// One Eventide consumer's recorded read position for a category, and how far it is behind.
struct ConsumerPosition
{
    QString positionStream;      // e.g. account:position-billing
    QString consumer;            // the position stream's id
    qint64 recordedPosition = 0; // the global position in the Recorded message's data
    qint64 recordedAtMicros = 0; // when the Recorded message was written
    qint64 lagMessages = 0;      // category messages after the recorded position
    qint64 lagMicros = 0;        // head message's time minus the recorded message's time
};

// Eventide keeps a consumer's position in the stream `<category>:position-<consumer>` (a category
// that already has types gets `+position`), as `Recorded` messages whose data holds `position`.
QString positionCategory(const QString& category);

// Reads every consumer position recorded for `category` and measures its lag against the
// category's head. Several reads; run off the GUI thread. Position streams whose last Recorded
// message has no integer `position` are left out.
Result<QList<ConsumerPosition>> readConsumerPositions(Store& store, const QString& ns,
                                                      const QString& category);

} // namespace mdb
