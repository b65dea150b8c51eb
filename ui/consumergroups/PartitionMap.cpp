#include "ui/consumergroups/PartitionMap.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace mdb {

namespace {

constexpr int LabelWidth = 150;
constexpr int InfoWidth = 190;
constexpr int LaneGap = 2;
constexpr int CellSize = 28;

QColor streamColour(qint64 messages, qint64 busiest)
{
    // Brightness on a log scale: a stream of 10 messages stays visible beside one of 100,000.
    const double t = busiest > 0 ? std::log1p(double(messages)) / std::log1p(double(busiest)) : 0.0;
    return QColor::fromHsvF(0.58, 0.55, 0.35 + 0.6 * t);
}

} // namespace

PartitionMap::PartitionMap(QWidget* parent)
    : QWidget(parent)
{
    m_clock.start();
    m_fade.setInterval(50);
    connect(&m_fade, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.elapsed();
        const bool glowing = std::any_of(m_laneLitAt.cbegin(), m_laneLitAt.cend(),
                                         [now](qint64 t) { return t >= 0 && now - t < GlowMs; });
        if (!glowing)
            m_fade.stop();
        m_streamLitAt.removeIf([now](const auto& lit) { return now - lit.value() >= GlowMs; });
        update();
    });
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

QSize PartitionMap::sizeHint() const
{
    return {900, 400};
}

void PartitionMap::setSimulation(const PartitionSimulation* simulation, int groupSize)
{
    m_simulation = simulation;
    m_groupSize = simulation ? std::max(groupSize, 0) : 0;
    m_arrivals = QList<qint64>(m_groupSize, 0);
    m_laneLitAt = QList<qint64>(m_groupSize, -1);
    m_rates = QList<double>(m_groupSize, 0.0);
    m_streamLitAt.clear();
    rebuildLanes();
    update();
}

void PartitionMap::rebuildLanes()
{
    m_laneStreams = QList<QList<qsizetype>>(m_groupSize);
    m_slot.clear();
    if (m_simulation) {
        const QList<PartitionStream>& streams = m_simulation->streams();
        m_slot = QList<qsizetype>(streams.size(), -1);
        for (qsizetype i = 0; i < streams.size(); ++i) {
            const int member = PartitionSimulation::memberOf(streams.at(i), m_groupSize);
            if (member == PartitionSimulation::NoMember)
                continue;
            m_slot[i] = m_laneStreams[member].size();
            m_laneStreams[member].append(i);
        }
    }
    m_loads.clear(); // the owner gives them with simulationChanged
    m_stripsStale = true;
}

void PartitionMap::simulationChanged(const QList<MemberLoad>& loads)
{
    if (!m_simulation)
        return;
    // Streams are only ever appended: place the new ones, keep the rest where they are.
    const QList<PartitionStream>& streams = m_simulation->streams();
    for (qsizetype i = m_slot.size(); i < streams.size(); ++i) {
        const int member = PartitionSimulation::memberOf(streams.at(i), m_groupSize);
        m_slot.append(member == PartitionSimulation::NoMember ? -1 : m_laneStreams[member].size());
        if (member != PartitionSimulation::NoMember)
            m_laneStreams[member].append(i);
    }
    m_loads = loads;
    m_stripsStale = true;
    update();
}

void PartitionMap::setRates(const QList<double>& rates)
{
    m_rates = rates;
    m_rates.resize(m_groupSize, 0.0);
    update();
}

void PartitionMap::light(qsizetype streamIndex)
{
    if (!m_simulation || streamIndex < 0 || streamIndex >= m_simulation->streams().size())
        return;
    const int member = PartitionSimulation::memberOf(m_simulation->streams().at(streamIndex), m_groupSize);
    if (member == PartitionSimulation::NoMember)
        return;
    const qint64 now = m_clock.elapsed();
    ++m_arrivals[member];
    m_laneLitAt[member] = now;
    if (usesLanes())
        m_streamLitAt.insert(streamIndex, now);
    if (!m_fade.isActive())
        m_fade.start();
}

qreal PartitionMap::glow(qint64 litAtMs) const
{
    if (litAtMs < 0)
        return 0;
    const qint64 age = m_clock.elapsed() - litAtMs;
    return age >= GlowMs ? 0.0 : 1.0 - qreal(age) / GlowMs;
}

QRect PartitionMap::laneRect(int member) const
{
    const int laneHeight = std::max(6, (height() - LaneGap * m_groupSize) / std::max(m_groupSize, 1));
    return {0, member * (laneHeight + LaneGap), width(), laneHeight};
}

QRect PartitionMap::stripRect(int member) const
{
    const QRect lane = laneRect(member);
    return lane.adjusted(LabelWidth, 1, -InfoWidth, -1);
}

QRect PartitionMap::cellRect(int member) const
{
    const int columns = std::max(1, width() / CellSize);
    return {(member % columns) * CellSize, (member / columns) * CellSize, CellSize - 2, CellSize - 2};
}

int PartitionMap::memberAt(const QPoint& point) const
{
    for (int m = 0; m < m_groupSize; ++m) {
        if ((usesLanes() ? laneRect(m) : cellRect(m)).contains(point))
            return m;
    }
    return -1;
}

void PartitionMap::renderBase()
{
    m_stripsStale = false;
    const qreal ratio = devicePixelRatio();
    m_base = QImage(size() * ratio, QImage::Format_RGB32);
    m_base.setDevicePixelRatio(ratio);
    m_base.fill(palette().color(QPalette::Base));
    if (!m_simulation || !usesLanes())
        return;
    QPainter p(&m_base);
    const int stripWidth = std::max(1, width() - LabelWidth - InfoWidth);
    qint64 busiest = 0;
    for (const PartitionStream& s : m_simulation->streams())
        busiest = std::max(busiest, s.messages);
    const QColor empty = palette().color(QPalette::AlternateBase);
    const QColor text = palette().color(QPalette::Text);
    const QLocale locale;
    p.setPen(text);
    for (int m = 0; m < m_groupSize; ++m) {
        const QRect lane = laneRect(m);
        if (lane.top() > height())
            break;
        p.fillRect(lane, palette().color(QPalette::Window));
        // One pixel row per lane, scaled to the lane's height: each column holds the busiest of the
        // streams that fall on it.
        QImage strip(stripWidth, 1, QImage::Format_RGB32);
        strip.fill(empty);
        const QList<qsizetype>& members = m_laneStreams.at(m);
        QList<qint64> column(stripWidth, -1);
        const qsizetype count = members.size();
        for (qsizetype slot = 0; slot < count; ++slot) {
            const qsizetype first = slot * stripWidth / count;
            const qsizetype last = std::max(first, (slot + 1) * stripWidth / count - 1);
            const qint64 messages = m_simulation->streams().at(members.at(slot)).messages;
            for (qsizetype x = first; x <= last && x < stripWidth; ++x)
                column[x] = std::max(column[x], messages);
        }
        for (int x = 0; x < stripWidth; ++x) {
            if (column.at(x) >= 0)
                strip.setPixel(x, 0, streamColour(column.at(x), busiest).rgb());
        }
        p.drawImage(stripRect(m), strip);
        if (lane.height() >= 12) {
            const MemberLoad load = m_loads.value(m);
            p.drawText(QRect(lane.left() + 6, lane.top(), LabelWidth - 12, lane.height()),
                       Qt::AlignVCenter | Qt::AlignLeft,
                       tr("%1 · %2 streams").arg(m).arg(locale.toString(load.streams)));
        }
    }
}

void PartitionMap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (!m_simulation || m_groupSize == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Choose a category and a group size"));
        return;
    }
    const QColor highlight = palette().color(QPalette::Highlight);
    if (!usesLanes()) {
        for (int m = 0; m < m_groupSize; ++m) {
            const QRect cell = cellRect(m);
            if (cell.top() > height())
                break;
            const qreal g = glow(m_laneLitAt.at(m));
            QColor c =
                streamColour(m_loads.value(m).messages, m_simulation->totalMessages() / m_groupSize * 2);
            if (g > 0)
                c = QColor::fromRgbF(c.redF() + (highlight.redF() - c.redF()) * g,
                                     c.greenF() + (highlight.greenF() - c.greenF()) * g,
                                     c.blueF() + (highlight.blueF() - c.blueF()) * g);
            p.fillRect(cell, c);
        }
        return;
    }
    if (m_stripsStale || m_base.size() != size() * devicePixelRatio())
        renderBase();
    p.drawImage(QPoint(0, 0), m_base);
    // Rates and last positions change twice a second; they are drawn over the picture, not into it.
    p.setPen(palette().color(QPalette::Text));
    for (int m = 0; m < m_groupSize; ++m) {
        const QRect lane = laneRect(m);
        if (lane.top() > height() || lane.height() < 12)
            break;
        const MemberLoad load = m_loads.value(m);
        const QString last =
            load.lastGlobalPosition ? QString::number(*load.lastGlobalPosition) : QStringLiteral("–");
        p.drawText(QRect(lane.right() - InfoWidth + 6, lane.top(), InfoWidth - 8, lane.height()),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   tr("%1 msg/s · @%2").arg(m_rates.value(m), 0, 'f', 1).arg(last));
    }
    // Members that just received a message glow around their strip.
    for (int m = 0; m < m_groupSize; ++m) {
        const qreal g = glow(m_laneLitAt.at(m));
        if (g <= 0)
            continue;
        QColor lit = highlight;
        lit.setAlphaF(0.15 + 0.5 * g);
        const QRect lane = laneRect(m);
        const QRect strip = stripRect(m);
        p.fillRect(QRect(lane.topLeft(), QPoint(strip.left() - 1, lane.bottom())), lit);
        p.fillRect(QRect(QPoint(strip.right() + 1, lane.top()), lane.bottomRight()), lit);
    }
    // Streams that just received a message, as bright ticks on their place in their lane's strip:
    // drawn into one row of pixels per lane and scaled like the strips, so thousands of lit streams
    // cost a few image draws, not thousands of blended rectangles.
    if (m_streamLitAt.isEmpty() || m_groupSize == 0)
        return;
    const int stripWidth = std::max(1, width() - LabelWidth - InfoWidth);
    QImage ticks(stripWidth, m_groupSize, QImage::Format_ARGB32_Premultiplied);
    ticks.fill(Qt::transparent);
    QList<bool> laneLit(m_groupSize, false);
    const QColor tick = highlight.lighter(130);
    for (auto it = m_streamLitAt.cbegin(); it != m_streamLitAt.cend(); ++it) {
        const qsizetype slot = m_slot.value(it.key(), -1);
        const qreal g = glow(it.value());
        if (slot < 0 || g <= 0)
            continue;
        const int m = PartitionSimulation::memberOf(m_simulation->streams().at(it.key()), m_groupSize);
        const qsizetype count = std::max<qsizetype>(m_laneStreams.at(m).size(), 1);
        const int x = int(slot * stripWidth / count);
        QColor c = tick;
        c.setAlphaF(g);
        for (int dx = std::max(0, x - 1); dx <= std::min(stripWidth - 1, x + 1); ++dx) {
            if (qAlpha(ticks.pixel(dx, m)) < c.alpha())
                ticks.setPixel(dx, m, qPremultiply(c.rgba()));
        }
        laneLit[m] = true;
    }
    for (int m = 0; m < m_groupSize; ++m) {
        if (laneLit.at(m))
            p.drawImage(stripRect(m), ticks, QRect(0, m, stripWidth, 1));
    }
}

void PartitionMap::resizeEvent(QResizeEvent* event)
{
    m_stripsStale = true;
    QWidget::resizeEvent(event);
}

bool PartitionMap::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_simulation) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int m = memberAt(help->pos());
        if (m >= 0) {
            const MemberLoad load = m_loads.value(m);
            const QLocale locale;
            QToolTip::showText(
                help->globalPos(),
                tr("Member %1 of %2\n%3 streams, %4 messages (%5 %)\n%6 messages/s, last global position %7")
                    .arg(m)
                    .arg(m_groupSize)
                    .arg(locale.toString(load.streams), locale.toString(load.messages))
                    .arg(load.share * 100, 0, 'f', 2)
                    .arg(m_rates.value(m), 0, 'f', 1)
                    .arg(load.lastGlobalPosition ? QString::number(*load.lastGlobalPosition)
                                                 : QStringLiteral("–")),
                this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace mdb
