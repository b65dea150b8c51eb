#pragma once

class QThreadPool;

namespace mdb {

// Threads the models read the store on. What a user waits for (pages, listings) never queues
// behind what only decorates (counts): each has its own pool. Both live until the program ends.
QThreadPool& interactivePool();
QThreadPool& backgroundPool();

// Drops queued jobs and waits for running ones: before a program ends, or a test lets go of a store.
void finishWorkers();

} // namespace mdb
