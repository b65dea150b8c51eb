// The stress panel, driven offscreen: a run by count fills the chart and the results, verifies,
// and exports its report; Stop ends a long run early and what it wrote still verifies; on a
// read-only connection the database refuses every write.
#include "TestStores.h"
#include "ui/StressPanel.h"
#include "ui/ThroughputChart.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

class StressPanelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsVerifiesAndExports()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        StressPanel panel(store, t.ns);
        panel.show();
        StressConfig config = panel.config();
        config.mode = StressMode::SameCategory;
        config.writers = 3;
        config.count = 3000;
        panel.setConfig(config);
        QCOMPARE(panel.config().count, 3000);
        auto* streams = panel.findChild<QSpinBox*>(QStringLiteral("streams"));
        QVERIFY(streams->isEnabled());
        streams->setValue(4);
        QCOMPARE(panel.config().streamsPerWriter, 4);
        panel.findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(2);
        QCOMPARE(panel.config().threads, 2);
        QSignalSpy finished(&panel, &StressPanel::runFinished);
        panel.findChild<QPushButton*>(QStringLiteral("start"))->click();
        QVERIFY(panel.isRunning());
        QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("start"))->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(panel.summary()->verified());
        QCOMPARE(panel.summary()->writes, 3000);
        QVERIFY(!panel.chart()->samples().isEmpty());
        auto* results = panel.findChild<QTableWidget*>(QStringLiteral("results"));
        QCOMPARE(results->rowCount(), 4); // three writers and the total
        QCOMPARE(results->item(3, 1)->text(), QStringLiteral("3000"));
        QVERIFY(
            panel.findChild<QLabel*>(QStringLiteral("verdict"))->text().contains(QStringLiteral("Verified")));

        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("report.json"));
        QCOMPARE(panel.exportReport(json, false), QString());
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report.value(u"writes").toInt(), 3000);
        QCOMPARE(report.value(u"verified").toBool(), true);
        QCOMPARE(report.value(u"mode").toString(), QStringLiteral("same-category"));
        QCOMPARE(report.value(u"streams_per_writer").toInt(), 4);
        QCOMPARE(report.value(u"client_threads").toInt(), 3); // SQLite writers take a thread each
        // Three writers, four streams each, in the run's one category.
        const Result<MessageList> written = store->categoryMessages(
            t.ns, {QStringLiteral("stress") + report.value(u"run_id").toString(), 1, 10000, {}, {}, {}, {}});
        QVERIFY(written);
        QSet<QString> streamNames;
        for (const Message& m : *written)
            streamNames.insert(m.streamName);
        QCOMPARE(written->size(), 3000);
        QCOMPARE(streamNames.size(), 12);
        const QString csv = dir.filePath(QStringLiteral("report.csv"));
        QCOMPARE(panel.exportReport(csv, true), QString());
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QVERIFY(csvFile.readAll().contains("total,3000,0,0,"));
    }

    void stopEndsEarlyAndStillVerifies()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        StressPanel panel(store, t.ns);
        panel.show();
        StressConfig config = panel.config();
        config.durationMs = 60000;
        config.count = 0;
        panel.setConfig(config);
        QSignalSpy finished(&panel, &StressPanel::runFinished);
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.chart()->samples().isEmpty(), 10000); // the chart moves
        panel.findChild<QPushButton*>(QStringLiteral("stop"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY(panel.summary()->cancelled);
        QVERIFY(panel.summary()->verified());
        QVERIFY(panel.summary()->acknowledged > 0);
    }

    void readOnlyConnectionRefusesEveryWrite()
    {
        MDB_OPEN_TARGET(t, mdbtest::Target::Sqlite);
        mdbtest::TestStore readOnly = mdbtest::reopen(t, {false, true});
        std::shared_ptr<Store> store(readOnly.store.get(), [](Store*) {});
        StressPanel panel(store, t.ns);
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("verdict"))
                    ->text()
                    .contains(QStringLiteral("read-only")));
        StressConfig config = panel.config();
        config.count = 20;
        config.writers = 2;
        panel.setConfig(config);
        QSignalSpy finished(&panel, &StressPanel::runFinished);
        panel.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(panel.summary()->acknowledged, 0);
        QCOMPARE(panel.summary()->errors, 20);
        QVERIFY(t->categoryMessages(
                     t.ns, {QStringLiteral("stress%1w0").arg(panel.summary()->runId), 1, 10, {}, {}, {}, {}})
                    ->isEmpty());
    }
};

QTEST_MAIN(StressPanelTest)
#include "tst_stresspanel.moc"
