#pragma once

#include "model/PartitionSimulation.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QWidget>

namespace mdb {

// The consumer group as a picture: one lane per member (a grid of cells past MaxLanes members),
// each holding its streams as thin cells whose brightness grows with their messages. A message
// arriving lights up its stream and its member's lane, fading out over a second; each lane shows
// its streams, messages, live rate and last global position.
// Lanes, strips and labels are rendered into one image, redrawn only when the data changes (twice
// a second at most while live); a frame of the fading glow is that image plus a few overlays, so a
// category of 100,000 streams animates as cheaply as one of ten.
class PartitionMap : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxLanes = 64;
    static constexpr int GlowMs = 1000;

    explicit PartitionMap(QWidget* parent = nullptr);

    // Shows `simulation` (kept alive by the caller) split into `groupSize` members.
    void setSimulation(const PartitionSimulation* simulation, int groupSize);
    // The simulation changed (new messages or streams) and its members' loads are now `loads`;
    // strips are redrawn on the next paint.
    void simulationChanged(const QList<MemberLoad>& loads);
    void setRates(const QList<double>& rates);
    // Lights up the stream at `index` and its member.
    void light(qsizetype streamIndex);

    int groupSize() const { return m_groupSize; }
    // The member under a point, or -1.
    int memberAt(const QPoint& point) const;
    // How many arrivals lit up each member since setSimulation (for the curious, and for tests).
    const QList<qint64>& arrivals() const { return m_arrivals; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void rebuildLanes();
    void renderBase();
    QRect laneRect(int member) const;
    QRect stripRect(int member) const;
    QRect cellRect(int member) const;
    bool usesLanes() const { return m_groupSize <= MaxLanes; }
    qreal glow(qint64 litAtMs) const;

    const PartitionSimulation* m_simulation = nullptr;
    int m_groupSize = 0;
    QList<QList<qsizetype>> m_laneStreams; // per member, its streams in display order
    QList<qsizetype> m_slot;               // per stream, its place in its lane (-1: no member)
    QList<MemberLoad> m_loads;
    QList<double> m_rates;
    QList<qint64> m_arrivals;
    QList<qint64> m_laneLitAt;
    QHash<qsizetype, qint64> m_streamLitAt;
    QImage m_base; // background, strips and labels; redrawn only when they change
    bool m_stripsStale = true;
    QElapsedTimer m_clock;
    QTimer m_fade;
};

} // namespace mdb
