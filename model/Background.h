#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>

namespace mdb {

// Runs `work` on `pool` and hands its result to `done` on `context`'s thread. If `context` is
// destroyed first, `done` never runs (the watcher goes with it); `work` must therefore hold
// values and shared pointers only, never `context`.
template <typename Work, typename Done>
void runInBackground(QObject* context, QThreadPool& pool, Work work, Done done)
{
    using T = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&pool, std::move(work)));
}

} // namespace mdb
