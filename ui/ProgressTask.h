#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <optional>

namespace mdb {

// What a long job off the GUI thread sees of its progress dialog: it reports through the promise
// (thread-safe; the dialog follows on the GUI thread through a QFutureWatcher), and stops when
// Cancel is pressed or the window closes. No GUI object is touched from the job's thread.
template <typename T>
class ProgressReport
{
public:
    explicit ProgressReport(QPromise<T>& promise)
        : m_promise(promise)
    {}
    // Each report also brings cancelFlag() up to date, so that a job that reports between its
    // steps sees Cancel before the next one.
    void setRange(int minimum, int maximum) { m_promise.setProgressRange(minimum, maximum); }
    void setValue(int value)
    {
        m_promise.setProgressValue(value);
        m_cancelled.store(m_promise.isCanceled());
    }
    void setText(const QString& text)
    {
        m_promise.setProgressValueAndText(++m_value, text);
        m_cancelled.store(m_promise.isCanceled());
    }
    // For calls that take a cancel flag: it mirrors the promise's state as of the last report.
    const std::atomic<bool>* cancelFlag() const { return &m_cancelled; }
    void finish(T result) { m_promise.addResult(std::move(result)); }

private:
    QPromise<T>& m_promise;
    int m_value = 0; // the job's thread only
    std::atomic<bool> m_cancelled{false};
};

// Runs `work(ProgressReport<T>&)` on `pool` behind a window-modal progress dialog with Cancel, and
// hands `done(result, cancelled)` to the GUI thread: the result is absent when the job was
// cancelled before it finished. The dialog shows after `showAfterMs`. Returns the job's future,
// which the caller cancels when its window closes.
template <typename T, typename Work, typename Done>
QFuture<T> runWithProgress(QWidget* parent, QThreadPool& pool, const QString& label, int showAfterMs,
                           Work work, Done done)
{
    auto* dialog = new QProgressDialog(label, QProgressDialog::tr("Cancel"), 0, 0, parent);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(showAfterMs);
    auto* watcher = new QFutureWatcher<T>(dialog);
    QObject::connect(watcher, &QFutureWatcherBase::progressRangeChanged, dialog, &QProgressDialog::setRange);
    QObject::connect(watcher, &QFutureWatcherBase::progressValueChanged, dialog, &QProgressDialog::setValue);
    QObject::connect(watcher, &QFutureWatcherBase::progressTextChanged, dialog,
                     &QProgressDialog::setLabelText);
    QObject::connect(dialog, &QProgressDialog::canceled, watcher, &QFutureWatcherBase::cancel);
    QObject::connect(watcher, &QFutureWatcherBase::finished, dialog,
                     [watcher, dialog, done = std::move(done)] {
                         std::optional<T> result;
                         if (watcher->future().resultCount() > 0)
                             result = watcher->result();
                         const bool cancelled = watcher->isCanceled();
                         dialog->deleteLater();
                         done(result, cancelled);
                     });
    QFuture<T> future = QtConcurrent::run(&pool, [work = std::move(work)](QPromise<T>& promise) {
        ProgressReport<T> report(promise);
        work(report);
    });
    watcher->setFuture(future);
    return future;
}

} // namespace mdb
