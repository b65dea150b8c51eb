#include "ui/ThroughputChart.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace mdb {

namespace {

constexpr int Margin = 44;
constexpr int MinSeconds = 10; // the axis shows at least this many seconds

// 1, 2, 5 × 10^k at or above `value`, so axis labels are round.
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

ThroughputChart::ThroughputChart(QWidget* parent)
    : QWidget(parent)
{
    setMinimumHeight(180);
}

void ThroughputChart::clear()
{
    m_samples.clear();
    update();
}

void ThroughputChart::append(const StressSample& sample)
{
    m_samples.append(sample);
    update();
}

void ThroughputChart::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QRect plot = rect().adjusted(Margin, 12, -Margin, -28);
    const QColor text = palette().color(QPalette::Text);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot);
    if (m_samples.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("Writes per second and latency appear here while a run goes"));
        return;
    }
    qint64 maxWrites = 0;
    double maxLatency = 0;
    for (const StressSample& s : m_samples) {
        maxWrites = std::max(maxWrites, s.writes);
        maxLatency = std::max(maxLatency, s.latency.p99);
    }
    const double writesTop = niceCeiling(double(maxWrites));
    const double latencyTop = niceCeiling(maxLatency);
    const int seconds = std::max<int>(MinSeconds, int(m_samples.size()));
    const double slot = double(plot.width()) / seconds;

    // Bars: writes per second; a red tick under a second with errors, amber with conflicts.
    const QColor bar = palette().color(QPalette::Highlight);
    for (int i = 0; i < m_samples.size(); ++i) {
        const StressSample& s = m_samples.at(i);
        const double h = double(plot.height()) * double(s.writes) / writesTop;
        const QRectF r(plot.left() + i * slot + 1, plot.bottom() - h, std::max(1.0, slot - 2), h);
        p.fillRect(r, bar);
        if (s.errors > 0 || s.conflicts > 0)
            p.fillRect(QRectF(r.left(), plot.bottom() + 2, r.width(), 4),
                       s.errors > 0 ? QColor(0xc6, 0x28, 0x28) : QColor(0xef, 0x9a, 0x1a));
    }
    // Lines: p50 and p99 latency.
    const auto line = [&](double LatencySummary::*field, const QColor& colour) {
        QPainterPath path;
        for (int i = 0; i < m_samples.size(); ++i) {
            const double v = m_samples.at(i).latency.*field;
            const QPointF pt(plot.left() + (i + 0.5) * slot,
                             plot.bottom() - double(plot.height()) * v / latencyTop);
            if (i == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        p.setPen(QPen(colour, 2));
        p.drawPath(path);
    };
    line(&LatencySummary::p50, QColor(0x2e, 0x7d, 0x32));
    line(&LatencySummary::p99, QColor(0x6a, 0x1b, 0x9a));

    p.setPen(text);
    p.drawText(QRect(0, plot.top() - 6, Margin - 4, 14), Qt::AlignRight, QString::number(writesTop, 'g', 6));
    p.drawText(QRect(0, plot.bottom() - 8, Margin - 4, 14), Qt::AlignRight, QStringLiteral("0"));
    p.drawText(QRect(plot.right() + 4, plot.top() - 6, Margin - 4, 14), Qt::AlignLeft,
               QStringLiteral("%1 ms").arg(latencyTop, 0, 'g', 4));
    p.drawText(
        QRect(plot.left(), plot.bottom() + 8, plot.width(), 16), Qt::AlignLeft,
        tr("writes/s (bars) · p50 latency (green) · p99 latency (purple) · %1 s").arg(m_samples.size()));
}

} // namespace mdb
