#include "ui/find/TraceTimeline.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cmath>

namespace mdb {

namespace {

constexpr int LabelWidth = 230;
constexpr int ColumnWidth = 100; // room for the type under each message
constexpr int LaneHeight = 46;
constexpr int NodeOffset = 16; // from a lane's top to its messages' centres
constexpr int HeaderHeight = 24;
constexpr int FooterHeight = 24;
constexpr int NodeRadius = 7;

QString depthText(int depth)
{
    return depth > 0 ? QStringLiteral("+%1").arg(depth) : QString::number(depth);
}

} // namespace

TraceTimeline::TraceTimeline(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("traceTimeline"));
    setAccessibleName(tr("Trace timeline"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
}

void TraceTimeline::setEntries(const QList<TraceEntry>& entries)
{
    m_entries = entries;
    m_lanes.clear();
    m_laneOf.clear();
    m_arrows.clear();
    m_correlations.clear();
    QHash<qint64, int> indexOf; // global position -> entry
    for (int i = 0; i < m_entries.size(); ++i) {
        const Message& m = m_entries.at(i).message;
        qsizetype lane = m_lanes.indexOf(m.streamName);
        if (lane < 0) {
            lane = m_lanes.size();
            m_lanes << m.streamName;
        }
        m_laneOf << int(lane);
        indexOf.insert(m.globalPosition, i);
        const QString& correlation = m_entries.at(i).correlationStreamName;
        if (!correlation.isEmpty() && !m_correlations.contains(correlation))
            m_correlations << correlation;
    }
    for (int i = 0; i < m_entries.size(); ++i) {
        if (const std::optional<qint64> cause = m_entries.at(i).causedBy; cause && indexOf.contains(*cause))
            m_arrows.append({indexOf.value(*cause), i});
    }
    m_current = -1;
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).depth == 0)
            m_current = i;
    }
    updateGeometry();
    update();
}

void TraceTimeline::setCurrent(int index)
{
    if (index < 0 || index >= m_entries.size() || index == m_current)
        return;
    m_current = index;
    update();
    Q_EMIT currentChanged(index);
}

QPoint TraceTimeline::nodeCentre(int index) const
{
    return {LabelWidth + index * ColumnWidth + ColumnWidth / 2,
            HeaderHeight + m_laneOf.value(index) * LaneHeight + NodeOffset};
}

int TraceTimeline::entryAt(const QPoint& point) const
{
    const int column = (point.x() - LabelWidth) / ColumnWidth;
    if (point.x() < LabelWidth || column >= m_entries.size())
        return -1;
    const int lane = (point.y() - HeaderHeight) / LaneHeight;
    return point.y() >= HeaderHeight && lane == m_laneOf.value(column) ? column : -1;
}

QSize TraceTimeline::sizeHint() const
{
    return {LabelWidth + int(m_entries.size()) * ColumnWidth + ColumnWidth,
            HeaderHeight + int(std::max<qsizetype>(1, m_lanes.size())) * LaneHeight + FooterHeight};
}

QSize TraceTimeline::minimumSizeHint() const
{
    return sizeHint();
}

QString TraceTimeline::describe(int index) const
{
    const TraceEntry& e = m_entries.at(index);
    const Message& m = e.message;
    QStringList lines{QStringLiteral("<b>%1</b> in %2 @ %3")
                          .arg(m.type.toHtmlEscaped(), m.streamName.toHtmlEscaped())
                          .arg(m.position),
                      tr("Global position %1 · depth %2").arg(m.globalPosition).arg(depthText(e.depth)),
                      tr("Time %1 UTC").arg(m.timeText())};
    if (!e.correlationStreamName.isEmpty())
        lines << tr("Correlation %1").arg(e.correlationStreamName.toHtmlEscaped());
    if (!e.replyStreamName.isEmpty())
        lines << tr("Reply to %1").arg(e.replyStreamName.toHtmlEscaped());
    return lines.join(QStringLiteral("<br>"));
}

void TraceTimeline::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (m_entries.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Nothing traced yet"));
        return;
    }
    const int right = LabelWidth + int(m_entries.size()) * ColumnWidth;
    // Lanes, with their streams on the left.
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        const QRect row(0, HeaderHeight + lane * LaneHeight, std::max(width(), right), LaneHeight);
        if (lane % 2 == 1)
            p.fillRect(row, pal.color(QPalette::AlternateBase));
        p.setPen(pal.color(QPalette::Text));
        const QRect label = row.adjusted(6, 0, -(row.width() - LabelWidth) - 6, 0);
        p.drawText(label, Qt::AlignVCenter | Qt::AlignLeft,
                   fontMetrics().elidedText(m_lanes.at(lane), Qt::ElideMiddle, label.width()));
    }
    // Depths above their columns.
    p.setPen(pal.color(QPalette::PlaceholderText));
    for (int i = 0; i < m_entries.size(); ++i)
        p.drawText(QRect(LabelWidth + i * ColumnWidth, 0, ColumnWidth, HeaderHeight), Qt::AlignCenter,
                   depthText(m_entries.at(i).depth));
    // Arrows from cause to effect, ending at the effect's edge.
    QColor arrow = pal.color(QPalette::Text);
    arrow.setAlphaF(0.55);
    p.setPen(QPen(arrow, 1.4));
    for (const auto& [from, to] : m_arrows) {
        const QPointF a = nodeCentre(from);
        const QPointF b = nodeCentre(to);
        const QPointF d = b - a;
        const qreal length = std::hypot(d.x(), d.y());
        if (length < 1)
            continue;
        const QPointF unit = d / length;
        const QPointF start = a + unit * NodeRadius;
        const QPointF end = b - unit * (NodeRadius + 1);
        p.drawLine(start, end);
        const QPointF normal(-unit.y(), unit.x());
        QPainterPath head;
        head.moveTo(end);
        head.lineTo(end - unit * 7 + normal * 3.5);
        head.lineTo(end - unit * 7 - normal * 3.5);
        head.closeSubpath();
        p.fillPath(head, arrow);
    }
    // The messages: causes blue, the traced message in the highlight colour, effects green.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    for (int i = 0; i < m_entries.size(); ++i) {
        const int depth = m_entries.at(i).depth;
        const QColor fill = depth < 0    ? QColor(64, 120, 192)
                            : depth == 0 ? pal.color(QPalette::Highlight)
                                         : QColor(52, 150, 86);
        const QPoint c = nodeCentre(i);
        p.setPen(QPen(pal.color(QPalette::Base), 1.5));
        p.setBrush(fill);
        p.drawEllipse(c, NodeRadius, NodeRadius);
        if (!m_entries.at(i).replyStreamName.isEmpty()) {
            // A command that asks for a reply: a small mark on its top right.
            p.setBrush(pal.color(QPalette::Text));
            p.setPen(Qt::NoPen);
            p.drawEllipse(c + QPoint(NodeRadius, -NodeRadius), 2, 2);
        }
        if (i == m_current) {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(pal.color(QPalette::Text), 2));
            p.drawEllipse(c, NodeRadius + 4, NodeRadius + 4);
        }
        // Its type underneath, so a chain reads at a glance.
        p.setFont(small);
        p.setPen(pal.color(QPalette::Text));
        const QRect label(c.x() - ColumnWidth / 2 + 2, c.y() + NodeRadius + 4, ColumnWidth - 4,
                          QFontMetrics(small).height());
        p.drawText(
            label, Qt::AlignHCenter | Qt::AlignTop,
            QFontMetrics(small).elidedText(m_entries.at(i).message.type, Qt::ElideRight, label.width()));
        p.setFont(font());
    }
    // The current message and the correlation streams, at the bottom.
    const QRect footer(6, HeaderHeight + int(m_lanes.size()) * LaneHeight, std::max(width(), right) - 12,
                       FooterHeight);
    QString caption;
    if (m_current >= 0) {
        const Message& m = m_entries.at(m_current).message;
        caption = tr("%1 in %2 @ %3, global %4, %5 UTC")
                      .arg(m.type, m.streamName)
                      .arg(m.position)
                      .arg(m.globalPosition)
                      .arg(m.timeText());
    }
    if (!m_correlations.isEmpty())
        caption += tr("   ·   correlation: %1").arg(m_correlations.join(QStringLiteral(", ")));
    p.setPen(pal.color(QPalette::Text));
    p.drawText(footer, Qt::AlignVCenter | Qt::AlignLeft, caption);
}

void TraceTimeline::mousePressEvent(QMouseEvent* event)
{
    if (const int at = entryAt(event->position().toPoint()); at >= 0)
        setCurrent(at);
    QWidget::mousePressEvent(event);
}

void TraceTimeline::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (const int at = entryAt(event->position().toPoint()); at >= 0) {
        setCurrent(at);
        Q_EMIT activated(at);
    }
}

void TraceTimeline::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        setCurrent(m_current - 1);
        return;
    case Qt::Key_Right:
        setCurrent(m_current + 1);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current >= 0)
            Q_EMIT activated(m_current);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

bool TraceTimeline::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        if (const int at = entryAt(help->pos()); at >= 0)
            QToolTip::showText(help->globalPos(), describe(at), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace mdb
