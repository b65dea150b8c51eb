#pragma once

#include "storage/Store.h"

#include <atomic>
#include <functional>

namespace mdb {

// What `mdbctl sample` and the GUI's "load sample data" write: an Eventide-style store with
// accounts and transfers, commands and events, correlation and causation metadata, and consumer
// position streams.
struct SampleSpec
{
    qint64 messages = 10000;
    int categories = 6; // taken in order from a fixed list (see SampleGenerator.cpp)
    qint64 streams = 500;
    qint64 batchSize = 2000; // messages per transaction
    quint32 seed = 0;        // 0: a fresh seed each run, so that a second sample adds rather than collides
};

struct SampleProgress
{
    qint64 written = 0;
    qint64 total = 0;
};

// Writes the sample into `ns`. Blocking: run it off the GUI thread. `progress` is called after
// each batch; `cancel` is checked before each batch, and a cancelled run keeps what it committed.
Result<SampleProgress> writeSample(Store& store, const QString& ns, const SampleSpec& spec,
                                   const std::function<void(const SampleProgress&)>& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

// The category names a sample of `count` categories uses.
QStringList sampleCategories(int count);

} // namespace mdb
