#pragma once

#include "model/Trace.h"

#include <QWidget>

namespace mdb {

// A trace as a picture: one lane per stream, the messages left to right in global-position order,
// and an arrow from each cause to its effect. The traced message is ringed; causes and effects
// are coloured apart. A click makes a message current, a double-click (or Return) opens it; Left
// and Right step along. The tooltip of a message names its type, position, time, correlation and
// reply streams.
class TraceTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit TraceTimeline(QWidget* parent = nullptr);

    void setEntries(const QList<TraceEntry>& entries);

    // The streams, one per lane, top to bottom in the order they first appear.
    const QStringList& lanes() const { return m_lanes; }
    // Cause → effect pairs drawn, as indexes into the entries.
    const QList<QPair<int, int>>& arrows() const { return m_arrows; }
    int current() const { return m_current; }
    void setCurrent(int index);
    // Where an entry is drawn, and which entry is under a point (-1 for none).
    QPoint nodeCentre(int index) const;
    int entryAt(const QPoint& point) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void currentChanged(int index);
    void activated(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    QString describe(int index) const;

    QList<TraceEntry> m_entries;
    QList<int> m_laneOf; // per entry
    QStringList m_lanes;
    QList<QPair<int, int>> m_arrows;
    QStringList m_correlations; // the correlation streams the messages name
    int m_current = -1;
};

} // namespace mdb
