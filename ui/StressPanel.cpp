#include "ui/StressPanel.h"

#include "ui/ThroughputChart.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mdb {

namespace {

QSpinBox* spin(int min, int max, int value, const QString& name, QWidget* parent, const QString& suffix = {})
{
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setValue(value);
    box->setObjectName(name);
    box->setSuffix(suffix);
    return box;
}

QString ms(double value)
{
    return QString::number(value, 'f', 2);
}

} // namespace

StressPanel::StressPanel(std::shared_ptr<Store> store, const QString& ns, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_store(std::move(store))
{
    setWindowTitle(tr("Stress test"));
    m_namespace = new QLineEdit(ns, this);
    m_namespace->setObjectName(QStringLiteral("namespace"));
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItem(tr("distinct: each writer its own category"), int(StressMode::Distinct));
    m_mode->addItem(tr("same stream: all writers race with expected versions"), int(StressMode::SameStream));
    m_mode->addItem(tr("same category: distinct streams, one category lock"), int(StressMode::SameCategory));
    m_mode->addItem(tr("mixed: same-category writers plus readers"), int(StressMode::Mixed));
    m_writers = spin(1, 256, 4, QStringLiteral("writers"), this);
    m_readers = spin(1, 64, 2, QStringLiteral("readers"), this);
    m_streams = spin(1, 1000000, StressConfig().streamsPerWriter, QStringLiteral("streams"), this);
    m_streams->setToolTip(tr("How many streams each writer writes to in turn"));
    m_threads = spin(0, 256, 0, QStringLiteral("threads"), this);
    m_threads->setSpecialValueText(tr("one per writer"));
    m_threads->setToolTip(tr("PostgreSQL: the writers' connections driven by this many threads, each "
                             "waiting on several connections at once, as pgbench's -j. SQLite writers "
                             "always take a thread each."));
    m_byDuration = new QRadioButton(tr("Duration"), this);
    m_byDuration->setChecked(true);
    m_byCount = new QRadioButton(tr("Writes"), this);
    m_duration = spin(1, 3600, 10, QStringLiteral("duration"), this, tr(" s"));
    m_count = spin(1, 100000000, 10000, QStringLiteral("count"), this);
    m_payload = spin(0, 10 * 1024 * 1024, 100, QStringLiteral("payload"), this, tr(" bytes"));
    m_warmup = spin(0, 600, 0, QStringLiteral("warmup"), this, tr(" s"));
    m_rate = spin(0, 1000000, 0, QStringLiteral("rate"), this, tr(" writes/s"));
    m_rate->setSpecialValueText(tr("as fast as possible"));

    auto* length = new QHBoxLayout;
    length->addWidget(m_byDuration);
    length->addWidget(m_duration);
    length->addWidget(m_byCount);
    length->addWidget(m_count);
    auto* form = new QFormLayout;
    form->addRow(tr("Namespace"), m_namespace);
    form->addRow(tr("Mode"), m_mode);
    form->addRow(tr("Writers"), m_writers);
    form->addRow(tr("Readers (mixed)"), m_readers);
    form->addRow(tr("Streams per writer"), m_streams);
    form->addRow(tr("Client threads"), m_threads);
    form->addRow(tr("Length"), length);
    form->addRow(tr("Payload"), m_payload);
    form->addRow(tr("Warm-up"), m_warmup);
    form->addRow(tr("Target rate"), m_rate);

    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName(QStringLiteral("start"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("stop"));
    m_exportJson = new QPushButton(tr("Export JSON…"), this);
    m_exportCsv = new QPushButton(tr("Export CSV…"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    buttons->addWidget(m_exportJson);
    buttons->addWidget(m_exportCsv);

    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chart = new ThroughputChart(this);
    m_chart->setObjectName(QStringLiteral("chart"));
    m_results = new QTableWidget(0, 8, this);
    m_results->setObjectName(QStringLiteral("results"));
    m_results->setHorizontalHeaderLabels({tr("Writer"), tr("Writes"), tr("Conflicts"), tr("Errors"),
                                          tr("p50 ms"), tr("p95 ms"), tr("p99 ms"), tr("max ms")});
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->verticalHeader()->hide();
    m_violations = new QPlainTextEdit(this);
    m_violations->setObjectName(QStringLiteral("violations"));
    m_violations->setReadOnly(true);
    m_violations->setPlaceholderText(tr("Violations found by the verification are listed here."));

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chart);
    split->addWidget(m_results);
    split->addWidget(m_violations);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_verdict);
    layout->addWidget(split, 1);

    connect(m_start, &QPushButton::clicked, this, &StressPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &StressPanel::stop);
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportWithDialog(false); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportWithDialog(true); });
    connect(m_byDuration, &QRadioButton::toggled, this, &StressPanel::updateButtons);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &StressPanel::updateButtons);
    if (m_store->location().readOnly)
        m_verdict->setText(
            tr("This connection is read-only: the database refuses writes, so a run would only "
               "count errors."));
    resize(900, 760);
    updateButtons();
}

StressPanel::~StressPanel() = default;

StressConfig StressPanel::config() const
{
    StressConfig c;
    c.ns = m_namespace->text().trimmed();
    c.mode = StressMode(m_mode->currentData().toInt());
    c.writers = m_writers->value();
    c.readers = m_readers->value();
    c.streamsPerWriter = m_streams->value();
    c.threads = m_threads->value();
    c.durationMs = m_byDuration->isChecked() ? qint64(m_duration->value()) * 1000 : 0;
    c.count = m_byDuration->isChecked() ? 0 : m_count->value();
    c.payloadBytes = m_payload->value();
    c.warmupMs = qint64(m_warmup->value()) * 1000;
    c.targetRate = m_rate->value();
    return c;
}

void StressPanel::setConfig(const StressConfig& c)
{
    m_namespace->setText(c.ns);
    m_mode->setCurrentIndex(m_mode->findData(int(c.mode)));
    m_writers->setValue(c.writers);
    m_readers->setValue(c.readers);
    m_streams->setValue(c.streamsPerWriter);
    m_threads->setValue(c.threads);
    (c.count == 0 ? m_byDuration : m_byCount)->setChecked(true);
    if (c.count == 0)
        m_duration->setValue(int(c.durationMs / 1000));
    else
        m_count->setValue(int(c.count));
    m_payload->setValue(c.payloadBytes);
    m_warmup->setValue(int(c.warmupMs / 1000));
    m_rate->setValue(int(c.targetRate));
}

bool StressPanel::isRunning() const
{
    return m_run && m_run->isRunning();
}

void StressPanel::start()
{
    if (isRunning())
        return;
    m_run = std::make_unique<StressRun>();
    connect(m_run.get(), &StressRun::sample, this, &StressPanel::sampled);
    connect(m_run.get(), &StressRun::finished, this, &StressPanel::finished);
    connect(m_run.get(), &StressRun::verifying, this, [this](qint64 read) {
        m_progress->setText(tr("Verifying: %1 messages read back…").arg(QLocale().toString(read)));
    });
    m_chart->clear();
    m_results->setRowCount(0);
    m_violations->clear();
    m_verdict->clear();
    m_summary.reset();
    m_liveWrites = m_liveConflicts = m_liveErrors = 0;
    m_progress->setText(tr("Running…"));
    m_run->start(m_store, config());
    updateButtons();
}

void StressPanel::stop()
{
    if (!isRunning())
        return;
    m_run->cancel();
    m_progress->setText(m_progress->text() + tr(" — stopping, then verifying what was written…"));
}

void StressPanel::sampled(const StressSample& sample)
{
    m_chart->append(sample);
    m_liveWrites += sample.writes;
    m_liveConflicts += sample.conflicts;
    m_liveErrors += sample.errors;
    m_progress->setText(tr("%1 s: %2 writes/s now, %3 writes, %4 conflicts, %5 errors; p50 %6 ms, p99 %7 ms")
                            .arg(sample.second, 0, 'f', 0)
                            .arg(sample.writes)
                            .arg(m_liveWrites)
                            .arg(m_liveConflicts)
                            .arg(m_liveErrors)
                            .arg(ms(sample.latency.p50), ms(sample.latency.p99)));
}

void StressPanel::finished(const StressSummary& summary)
{
    m_summary = summary;
    showResults(summary);
    updateButtons();
    Q_EMIT runFinished();
}

void StressPanel::showResults(const StressSummary& s)
{
    m_results->setRowCount(int(s.writers.size()) + 1);
    const auto row = [this](int r, const QString& name, qint64 writes, qint64 conflicts, qint64 errors,
                            const LatencySummary& l) {
        const QStringList cells{name,
                                QString::number(writes),
                                QString::number(conflicts),
                                QString::number(errors),
                                ms(l.p50),
                                ms(l.p95),
                                ms(l.p99),
                                ms(l.max)};
        for (int c = 0; c < cells.size(); ++c)
            m_results->setItem(r, c, new QTableWidgetItem(cells.at(c)));
    };
    for (int i = 0; i < s.writers.size(); ++i) {
        const WriterResult& w = s.writers.at(i);
        row(i, QString::number(i), w.writes, w.conflicts, w.errors, w.latency);
    }
    row(int(s.writers.size()), tr("all"), s.writes, s.conflicts, s.errors, s.latency);
    m_progress->setText(tr("%1 writes in %2 s: %3 writes/s%4%5")
                            .arg(s.writes)
                            .arg(s.seconds, 0, 'f', 1)
                            .arg(s.writesPerSecond, 0, 'f', 0)
                            .arg(s.cancelled ? tr(" (stopped early)") : QString())
                            .arg(s.reads > 0 ? tr(", %1 messages read").arg(s.reads) : QString()));
    QStringList errors;
    for (auto it = s.errorsByKind.cbegin(); it != s.errorsByKind.cend(); ++it)
        errors << tr("%1 × %2").arg(it.value()).arg(it.key());
    QString verdict;
    if (s.verification) {
        const VerifyReport& v = *s.verification;
        verdict =
            v.ok() ? tr("<b style='color:#2e7d32'>Verified</b>: %1 messages in %2 streams read back; all %3 "
                        "acknowledged writes present as sent; positions contiguous, no duplicates, commit "
                        "order kept.")
                         .arg(v.messages)
                         .arg(v.streams)
                         .arg(v.acknowledgedChecked)
                   : tr("<b style='color:#c62828'>NOT verified</b>: %1 violations in %2 messages%3.")
                         .arg(v.violationCount)
                         .arg(v.messages)
                         .arg(v.cancelled ? tr(" (verification stopped)") : QString());
        QStringList lines;
        for (const Violation& violation : v.violations)
            lines << violationLine(violation);
        m_violations->setPlainText(lines.join(u'\n'));
    } else if (!s.verifyError.isEmpty()) {
        verdict =
            tr("<b style='color:#c62828'>Verification failed</b>: %1").arg(s.verifyError.toHtmlEscaped());
    }
    if (!errors.isEmpty())
        verdict +=
            QStringLiteral("<br>") + tr("Errors: %1").arg(errors.join(QStringLiteral("; ")).toHtmlEscaped());
    m_verdict->setText(verdict);
}

QString StressPanel::exportReport(const QString& fileName, bool csv) const
{
    if (!m_summary)
        return tr("No run to export yet.");
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(csv ? m_summary->reportCsv() : m_summary->reportJson());
    if (!file.commit())
        return file.errorString();
    return {};
}

void StressPanel::exportWithDialog(bool csv)
{
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export the stress report"),
                                                          csv ? QStringLiteral("stress-report.csv")
                                                              : QStringLiteral("stress-report.json"),
                                                          csv ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (fileName.isEmpty())
        return;
    if (const QString problem = exportReport(fileName, csv); !problem.isEmpty())
        m_verdict->setText(tr("Export failed: %1").arg(problem.toHtmlEscaped()));
}

void StressPanel::updateButtons()
{
    const bool running = isRunning();
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    m_exportJson->setEnabled(!running && m_summary.has_value());
    m_exportCsv->setEnabled(!running && m_summary.has_value());
    m_duration->setEnabled(!running && m_byDuration->isChecked());
    m_count->setEnabled(!running && !m_byDuration->isChecked());
    const StressMode mode = StressMode(m_mode->currentData().toInt());
    m_readers->setEnabled(!running && mode == StressMode::Mixed);
    m_streams->setEnabled(!running && mode != StressMode::SameStream);
    for (QWidget* w : std::initializer_list<QWidget*>{m_namespace, m_mode, m_writers, m_payload, m_warmup,
                                                      m_rate, m_threads, m_byDuration, m_byCount})
        w->setEnabled(!running);
}

void StressPanel::closeEvent(QCloseEvent* event)
{
    // Writers stop after their write in flight; the run's threads are joined when it goes.
    if (m_run && m_run->isRunning())
        m_run->cancelAll();
    QWidget::closeEvent(event);
}

} // namespace mdb
