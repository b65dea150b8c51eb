#include "model/StoreVerifier.h"

#include <QHash>
#include <QSet>
#include <QUuid>

#include <algorithm>

namespace mdb {

namespace {

struct StreamState
{
    qint64 nextPosition = 0;
};

struct Seen
{
    qint64 globalPosition = 0;
    QString type;
    std::optional<QString> data;
    QString streamName;
    qint64 position = 0;
};

} // namespace

QString violationKindName(Violation::Kind kind)
{
    switch (kind) {
    case Violation::Kind::Gap:
        return QStringLiteral("gap");
    case Violation::Kind::DuplicatePosition:
        return QStringLiteral("duplicate position");
    case Violation::Kind::OutOfOrder:
        return QStringLiteral("out of order");
    case Violation::Kind::DuplicateId:
        return QStringLiteral("duplicate id");
    case Violation::Kind::Missing:
        return QStringLiteral("missing");
    case Violation::Kind::Changed:
        return QStringLiteral("changed");
    case Violation::Kind::CommitOrder:
        return QStringLiteral("commit order");
    }
    return {};
}

QString violationLine(const Violation& violation)
{
    return violationKindName(violation.kind) + u'\t' + violation.streamName + u'\t' + violation.detail;
}

StoreVerifier::StoreVerifier(Store& store, QString ns)
    : m_store(store)
    , m_namespace(std::move(ns))
{}

Result<VerifyReport> StoreVerifier::run()
{
    VerifyReport report;
    const auto violate = [&report](Violation::Kind kind, const QString& stream, const QString& detail) {
        if (report.violations.size() < MaxViolations)
            report.violations.append({kind, stream, detail});
        ++report.violationCount;
    };
    QStringList categories = m_categories;
    if (categories.isEmpty()) {
        Result<QStringList> all = m_store.listCategories(m_namespace);
        if (!all)
            return all.error();
        categories = *all;
    }
    QHash<QUuid, qsizetype> acknowledged; // id → index in m_acknowledged
    acknowledged.reserve(m_acknowledged.size());
    for (qsizetype i = 0; i < m_acknowledged.size(); ++i)
        acknowledged.insert(QUuid::fromString(m_acknowledged.at(i).id), i);
    QHash<qsizetype, Seen> found;
    QSet<QUuid> ids;
    QHash<QString, StreamState> streams;

    for (const QString& category : std::as_const(categories)) {
        ++report.categories;
        qint64 from = 1;
        for (;;) {
            if (m_cancel && m_cancel->load()) {
                report.cancelled = true;
                return report;
            }
            Result<MessageList> page =
                m_store.categoryMessages(m_namespace, {category, from, PageSize, {}, {}, {}, {}});
            if (!page)
                return page.error();
            for (const Message& m : *page) {
                ++report.messages;
                StreamState& state = streams[m.streamName];
                if (m.position > state.nextPosition) {
                    violate(
                        Violation::Kind::Gap, m.streamName,
                        QStringLiteral("positions %1 to %2 are missing (next message at global position %3)")
                            .arg(state.nextPosition)
                            .arg(m.position - 1)
                            .arg(m.globalPosition));
                } else if (m.position < state.nextPosition) {
                    violate(state.nextPosition - 1 == m.position ? Violation::Kind::DuplicatePosition
                                                                 : Violation::Kind::OutOfOrder,
                            m.streamName,
                            QStringLiteral("position %1 at global position %2 after position %3")
                                .arg(m.position)
                                .arg(m.globalPosition)
                                .arg(state.nextPosition - 1));
                }
                state.nextPosition = std::max(state.nextPosition, m.position + 1);
                const QUuid id = QUuid::fromString(m.id);
                if (ids.contains(id))
                    violate(
                        Violation::Kind::DuplicateId, m.streamName,
                        QStringLiteral("id %1 again at global position %2").arg(m.id).arg(m.globalPosition));
                ids.insert(id);
                // The first message with an acknowledged id is the write; a later one is a duplicate id.
                if (const auto it = acknowledged.constFind(id);
                    it != acknowledged.constEnd() && !found.contains(*it))
                    found.insert(*it, {m.globalPosition, m.type, m.data, m.streamName, m.position});
            }
            if (m_progress)
                m_progress(report.messages);
            if (page->size() < PageSize)
                break;
            from = page->constLast().globalPosition + 1;
        }
    }
    report.streams = streams.size();

    // Every acknowledged write, as sent, and each writer's in rising global positions.
    QHash<int, std::pair<qint64, qint64>> lastByWriter; // writer → (sequence, global position)
    QList<qsizetype> order(m_acknowledged.size());
    for (qsizetype i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [this](qsizetype a, qsizetype b) {
        const AcknowledgedWrite& x = m_acknowledged.at(a);
        const AcknowledgedWrite& y = m_acknowledged.at(b);
        return x.writer != y.writer ? x.writer < y.writer : x.sequence < y.sequence;
    });
    for (qsizetype i : std::as_const(order)) {
        const AcknowledgedWrite& w = m_acknowledged.at(i);
        ++report.acknowledgedChecked;
        const auto it = found.constFind(i);
        if (it == found.constEnd()) {
            violate(Violation::Kind::Missing, w.streamName,
                    QStringLiteral("acknowledged write %1 at position %2 is not in the store")
                        .arg(w.id)
                        .arg(w.position));
            continue;
        }
        if (it->streamName != w.streamName || it->position != w.position || it->type != w.type ||
            it->data != w.data)
            violate(
                Violation::Kind::Changed, w.streamName,
                QStringLiteral("write %1 was acknowledged at %2/%3 but is stored as %4/%5 with other content")
                    .arg(w.id, w.streamName)
                    .arg(w.position)
                    .arg(it->streamName)
                    .arg(it->position));
        const auto last = lastByWriter.constFind(w.writer);
        if (last != lastByWriter.constEnd() && it->globalPosition <= last->second)
            violate(Violation::Kind::CommitOrder, w.streamName,
                    QStringLiteral("writer %1's write %2 has global position %3, not above its write %4's %5")
                        .arg(w.writer)
                        .arg(w.sequence)
                        .arg(it->globalPosition)
                        .arg(last->first)
                        .arg(last->second));
        lastByWriter.insert(w.writer, {w.sequence, it->globalPosition});
    }
    return report;
}

} // namespace mdb
