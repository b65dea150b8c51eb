#pragma once

#include "model/StressRun.h"

#include <QWidget>

namespace mdb {

// A stress run, second by second: bars of acknowledged writes per second (left axis) and lines of
// the p50 and p99 latency of those writes (right axis), conflicts and errors marked under the bars.
class ThroughputChart : public QWidget
{
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget* parent = nullptr);

    void clear();
    void append(const StressSample& sample);
    const QList<StressSample>& samples() const { return m_samples; }

    QSize sizeHint() const override { return {700, 260}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<StressSample> m_samples;
};

} // namespace mdb
