// The stress run's parts without a store: what each mode writes where (streams, data filled to
// about the payload size, expected versions only where writers race) and how the metrics count, sample
// and sum up what the writers report.
#include "model/StoreVerifier.h"
#include "model/StressMetrics.h"
#include "model/StressWorkload.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mdb;

namespace {

StressConfig configOf(StressMode mode, int writers = 2, int streams = 3)
{
    StressConfig config;
    config.mode = mode;
    config.writers = writers;
    config.streamsPerWriter = streams;
    config.payloadBytes = 100;
    return config;
}

AcknowledgedWrite acknowledgedWrite(int writer, qint64 sequence)
{
    return {QStringLiteral("id-%1-%2").arg(writer).arg(sequence),
            QStringLiteral("s-0"),
            sequence,
            QStringLiteral("StressWritten"),
            QStringLiteral("{}"),
            writer,
            sequence};
}

} // namespace

class StressPartsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void distinctWritersHaveTheirOwnCategories()
    {
        const StressWorkload w(configOf(StressMode::Distinct), QStringLiteral("ab12"));
        QCOMPARE(w.categories(),
                 (QStringList{QStringLiteral("stressab12w0"), QStringLiteral("stressab12w1")}));
        StressWorkload::Cursor c = w.cursorFor(1);
        QCOMPARE(c.streams, (QStringList{QStringLiteral("stressab12w1-0"), QStringLiteral("stressab12w1-1"),
                                         QStringLiteral("stressab12w1-2")}));
        // Streams in turn, each write's data filled to about the payload size, no expected version.
        QStringList written;
        for (int i = 0; i < 4; ++i) {
            w.beginWrite(c);
            written << c.stream;
            // The pad leaves 40 bytes for the rest of the object, which takes 34 and the digits.
            QCOMPARE(c.data.toUtf8().size(), 94 + QString::number(i).size() - 1);
            const QJsonObject data = QJsonDocument::fromJson(c.data.toUtf8()).object();
            QCOMPARE(data.value(QStringLiteral("writer")).toInt(), 1);
            QCOMPARE(data.value(QStringLiteral("seq")).toInt(), i);
            QVERIFY(!w.attempt(c).expectedVersion);
            ++c.sequence;
        }
        QCOMPARE(written.at(3), QStringLiteral("stressab12w1-0"));
        QVERIFY(w.attempt(c).id != w.attempt(c).id); // a new id for each attempt
    }

    void sharedModesMeetInOneCategory()
    {
        const StressWorkload sameCategory(configOf(StressMode::SameCategory), QStringLiteral("cd"));
        QCOMPARE(sameCategory.categories(), QStringList{QStringLiteral("stresscd")});
        QCOMPARE(sameCategory.streamOf(1, 2), QStringLiteral("stresscd-w1s2"));

        // Racing writers share one stream and send the version they last saw.
        const StressWorkload sameStream(configOf(StressMode::SameStream), QStringLiteral("ef"));
        StressWorkload::Cursor c = sameStream.cursorFor(0);
        QCOMPARE(c.streams, QStringList{QStringLiteral("stressef-0")});
        QCOMPARE(sameStream.cursorFor(1).streams, c.streams);
        sameStream.beginWrite(c);
        QCOMPARE(sameStream.attempt(c).expectedVersion, std::optional<qint64>(-1));
        c.versions.insert(c.stream, 41);
        QCOMPARE(sameStream.attempt(c).expectedVersion, std::optional<qint64>(41));
    }

    void metricsCountSampleAndSum()
    {
        StressMetrics metrics(2);
        metrics.writer(0).acknowledged(acknowledgedWrite(0, 0), true, true, 2.0);
        metrics.writer(0).acknowledged(acknowledgedWrite(0, 1), true, false, 50.0); // warm-up: not measured
        metrics.writer(1).acknowledged(acknowledgedWrite(1, 0), false, true, 4.0);  // not kept
        metrics.writer(1).conflict(true);
        metrics.writer(1).conflict(false);
        metrics.writer(1).error(QStringLiteral("connection lost"));

        const StressSample first = metrics.takeSample(1.0);
        QCOMPARE(first.second, 1.0);
        QCOMPARE(first.writes, 2);
        QCOMPARE(first.conflicts, 1);
        QCOMPARE(first.errors, 1);
        QCOMPARE(first.latency.count, 2);
        QCOMPARE(first.latency.max, 4.0);
        // A sample takes what came since the last one.
        const StressSample second = metrics.takeSample(2.0);
        QCOMPARE(second.writes, 0);
        QCOMPARE(second.latency.count, 0);

        StressSummary summary;
        const QList<AcknowledgedWrite> kept = metrics.summarize(summary);
        QCOMPARE(kept.size(), 2);
        QCOMPARE(summary.writes, 2);
        QCOMPARE(summary.acknowledged, 3);
        QCOMPARE(summary.conflicts, 1);
        QCOMPARE(summary.errors, 1);
        QCOMPARE(summary.errorsByKind.value(QStringLiteral("connection lost")), 1);
        QCOMPARE(summary.writers.size(), 2);
        QCOMPARE(summary.writers.at(1).latency.p50, 4.0);
        QCOMPARE(summary.latency.count, 2);
    }
};

QTEST_GUILESS_MAIN(StressPartsTest)
#include "tst_stress_parts.moc"
