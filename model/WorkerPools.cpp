#include "model/WorkerPools.h"

#include <QThreadPool>

namespace mdb {

QThreadPool& interactivePool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool; // never deleted: jobs may still run while the program ends
        p->setMaxThreadCount(2);
        p->setExpiryTimeout(60000);
        return p;
    }();
    return *pool;
}

QThreadPool& backgroundPool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(60000);
        return p;
    }();
    return *pool;
}

void finishWorkers()
{
    for (QThreadPool* pool : {&interactivePool(), &backgroundPool()}) {
        pool->clear();
        pool->waitForDone();
    }
}

} // namespace mdb
