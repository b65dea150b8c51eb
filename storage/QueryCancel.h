#pragma once

#include <atomic>
#include <functional>
#include <mutex>

namespace mdb {

// Lets another thread stop a long read: cancel() raises the flag and interrupts the statement
// running under it at that moment (libpq's cancel request on PostgreSQL, sqlite3_interrupt on
// SQLite), so the server stops working too, not only the client waiting. Shared by the caller
// and the reading thread; the backend arms it around each statement with a Running guard.
class QueryCancel
{
public:
    void cancel()
    {
        m_cancelled = true;
        std::lock_guard lock(m_mutex);
        if (m_interrupt)
            m_interrupt();
    }
    bool isCancelled() const { return m_cancelled.load(); }

    // While alive, cancel() calls `interrupt` (from the cancelling thread; it must be safe there).
    class Running
    {
    public:
        Running(QueryCancel* cancel, std::function<void()> interrupt)
            : m_cancel(cancel)
        {
            if (!m_cancel)
                return;
            std::lock_guard lock(m_cancel->m_mutex);
            m_cancel->m_interrupt = std::move(interrupt);
        }
        ~Running()
        {
            if (!m_cancel)
                return;
            std::lock_guard lock(m_cancel->m_mutex);
            m_cancel->m_interrupt = nullptr;
        }
        Running(const Running&) = delete;
        Running& operator=(const Running&) = delete;

    private:
        QueryCancel* m_cancel;
    };

private:
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::function<void()> m_interrupt;
};

} // namespace mdb
