#pragma once

#include "storage/Store.h"

#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace mdb {

// A write the store acknowledged, as its writer sent it: what verification must find.
struct AcknowledgedWrite
{
    QString id; // lowercase uuid
    QString streamName;
    qint64 position = 0;
    QString type;
    std::optional<QString> data; // jsonb text, as the store renders it
    int writer = 0;              // writes of one writer were acknowledged in this order
    qint64 sequence = 0;
};

struct Violation
{
    enum class Kind
    {
        Gap,               // a stream skips positions
        DuplicatePosition, // a position appears twice in a stream
        OutOfOrder,        // a stream's positions do not rise with global position
        DuplicateId,       // a message id appears twice
        Missing,           // an acknowledged write is not in the store
        Changed,           // an acknowledged write is there with other content
        CommitOrder,       // a writer's later write has a lower global position
    };
    Kind kind;
    QString streamName;
    QString detail;
};
QString violationKindName(Violation::Kind kind);
// "kind<TAB>stream<TAB>detail", as reports list violations.
QString violationLine(const Violation& violation);

struct VerifyReport
{
    qint64 messages = 0;
    qint64 streams = 0;
    qint64 categories = 0;
    qint64 acknowledgedChecked = 0;
    QList<Violation> violations; // the first MaxViolations
    qint64 violationCount = 0;
    bool cancelled = false;
    bool ok() const { return violationCount == 0 && !cancelled; }
};

// Reads every message of the given categories (all of the namespace's when empty), in global
// order per category through the category index, and checks Message DB's invariants: each
// stream's positions run 0..n-1 in global order without gaps or duplicates, ids are unique, every
// acknowledged write is present with the content sent, and each writer's acknowledged writes have
// rising global positions. Off the GUI thread; `cancel` is polled between pages, `progress` gets
// the messages read so far.
class StoreVerifier
{
public:
    static constexpr qint64 PageSize = 5000;
    static constexpr int MaxViolations = 1000;

    StoreVerifier(Store& store, QString ns);

    void setCategories(const QStringList& categories) { m_categories = categories; }
    void setAcknowledged(QList<AcknowledgedWrite> acknowledged) { m_acknowledged = std::move(acknowledged); }
    void setCancelFlag(const std::atomic<bool>* cancel) { m_cancel = cancel; }
    void setProgress(std::function<void(qint64 messages)> progress) { m_progress = std::move(progress); }

    Result<VerifyReport> run();

private:
    Store& m_store;
    QString m_namespace;
    QStringList m_categories;
    QList<AcknowledgedWrite> m_acknowledged;
    const std::atomic<bool>* m_cancel = nullptr;
    std::function<void(qint64)> m_progress;
};

} // namespace mdb
