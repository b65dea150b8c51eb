#include "model/StressWorkload.h"

#include "storage/Uuid.h"

#include <algorithm>

namespace mdb {

StressWorkload::StressWorkload(StressConfig config, QString runId)
    : m_config(std::move(config))
    , m_runId(std::move(runId))
{}

QString StressWorkload::categoryOf(int writer) const
{
    if (m_config.mode == StressMode::Distinct)
        return QStringLiteral("stress%1w%2").arg(m_runId).arg(writer);
    return QStringLiteral("stress%1").arg(m_runId);
}

QStringList StressWorkload::categories() const
{
    if (m_config.mode != StressMode::Distinct)
        return {categoryOf(0)};
    QStringList all;
    for (int w = 0; w < m_config.writers; ++w)
        all << categoryOf(w);
    return all;
}

QString StressWorkload::streamOf(int writer, int index) const
{
    switch (m_config.mode) {
    case StressMode::SameStream:
        return categoryOf(0) + QStringLiteral("-0");
    case StressMode::Distinct:
        return categoryOf(writer) + u'-' + QString::number(index);
    default:
        return categoryOf(0) + QStringLiteral("-w%1s%2").arg(writer).arg(index);
    }
}

StressWorkload::Cursor StressWorkload::cursorFor(int writer) const
{
    Cursor c;
    c.writer = writer;
    const int streamCount =
        m_config.mode == StressMode::SameStream ? 1 : std::max(1, m_config.streamsPerWriter);
    for (int i = 0; i < streamCount; ++i)
        c.streams << streamOf(writer, i);
    c.pad = QString(std::max(0, m_config.payloadBytes - 40), u'x');
    return c;
}

void StressWorkload::beginWrite(Cursor& c) const
{
    c.stream = c.streams.at(c.next++ % c.streams.size());
    // Built in one allocation: the writers' own work competes with the writes they measure.
    c.data = u"{\"writer\": " + QString::number(c.writer) + u", \"seq\": " + QString::number(c.sequence) +
             u", \"pad\": \"" + c.pad + u"\"}";
}

WriteRequest StressWorkload::attempt(const Cursor& c) const
{
    WriteRequest request{newUuid(), c.stream, QStringLiteral("StressWritten"), c.data, {}, {}};
    // Racing writers need the expected version; writers of their own streams write as
    // applications appending events usually do, without one.
    if (m_config.mode == StressMode::SameStream)
        request.expectedVersion = c.versions.value(c.stream, -1);
    return request;
}

} // namespace mdb
