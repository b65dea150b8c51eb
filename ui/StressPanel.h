#pragma once

#include "model/StressRun.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace mdb {

class ThroughputChart;

// The stress panel: configure concurrent writers (mode, writers, readers, duration or count,
// payload, warm-up, target rate), start and stop them, watch throughput and latency second by
// second, read per-writer results, and see the verification of everything the run wrote. The
// report exports to JSON or CSV. Writers run on their own threads through StressRun.
class StressPanel : public QWidget
{
    Q_OBJECT
public:
    StressPanel(std::shared_ptr<Store> store, const QString& ns, QWidget* parent = nullptr);
    ~StressPanel() override;

    StressConfig config() const;
    void setConfig(const StressConfig& config);
    void start();
    void stop();
    bool isRunning() const;
    const std::optional<StressSummary>& summary() const { return m_summary; }
    ThroughputChart* chart() const { return m_chart; }
    // Writes the last run's report; `csv` picks CSV over JSON. Returns an error text, or empty.
    QString exportReport(const QString& fileName, bool csv) const;

Q_SIGNALS:
    void runFinished();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void sampled(const StressSample& sample);
    void finished(const StressSummary& summary);
    void showResults(const StressSummary& summary);
    void exportWithDialog(bool csv);
    void updateButtons();

    std::shared_ptr<Store> m_store;
    std::unique_ptr<StressRun> m_run;
    std::optional<StressSummary> m_summary;
    qint64 m_liveWrites = 0;
    qint64 m_liveConflicts = 0;
    qint64 m_liveErrors = 0;

    QLineEdit* m_namespace = nullptr;
    QComboBox* m_mode = nullptr;
    QSpinBox* m_writers = nullptr;
    QSpinBox* m_readers = nullptr;
    QSpinBox* m_streams = nullptr;
    QSpinBox* m_threads = nullptr;
    QRadioButton* m_byDuration = nullptr;
    QRadioButton* m_byCount = nullptr;
    QSpinBox* m_duration = nullptr;
    QSpinBox* m_count = nullptr;
    QSpinBox* m_payload = nullptr;
    QSpinBox* m_warmup = nullptr;
    QSpinBox* m_rate = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_exportJson = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QLabel* m_progress = nullptr;
    QLabel* m_verdict = nullptr;
    ThroughputChart* m_chart = nullptr;
    QTableWidget* m_results = nullptr;
    QPlainTextEdit* m_violations = nullptr;
};

} // namespace mdb
