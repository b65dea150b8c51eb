#pragma once

#include "storage/Store.h"

#include <atomic>

namespace mdb {

// A message of a trace and where it stands: 0 the message traced, -1 its cause, -2 the cause's
// cause, 1 what it caused, 2 what those caused, ...
struct TraceEntry
{
    Message message;
    int depth = 0;
    // The global position of the entry of this trace that this message names as its cause (absent
    // for the first cause, and for the traced message when it names none).
    std::optional<qint64> causedBy;
    // What its metadata names besides, or empty.
    QString correlationStreamName;
    QString replyStreamName;
};

// How far a trace has come, for a progress bar: written by the tracing thread, read by any.
struct TraceProgress
{
    std::atomic<int> generation{0};    // the generation of effects being searched for
    std::atomic<qint64> effects{0};    // found so far
    std::atomic<qint64> scanned{0};    // positions of the current search looked at
    std::atomic<qint64> searchSize{0}; // positions the current search covers
};

struct TraceLimits
{
    int causes = 32;              // how far back causes are followed
    int effectDepth = 8;          // how many generations of effects
    qint64 effectWindow = 100000; // global positions after a message searched for its effects
    qint64 maxEffects = 2000;     // effects at most, over every generation
};

// What caused a message and what it caused, by Eventide's causation metadata: causes by following
// metadata.causationMessageGlobalPosition back (or causationMessageStreamName and
// causationMessagePosition where no global position is given); effects by searching forward,
// generation by generation, for messages whose metadata names one of the previous generation as
// its cause in either way.
// In global-position order. Synchronous; each search honours `cancel` (a cancelled trace fails
// with the cancel's error) and reports how far it is in `progress`.
Result<QList<TraceEntry>> traceMessage(Store& store, const QString& ns, qint64 globalPosition,
                                       const TraceLimits& limits = {},
                                       const std::shared_ptr<QueryCancel>& cancel = {},
                                       TraceProgress* progress = nullptr);

// The global position a message names as its cause, if its metadata has one.
std::optional<qint64> causationGlobalPosition(const Message& message);

} // namespace mdb
