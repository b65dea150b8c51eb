// The consumer-group panel, driven offscreen: members, balance and callouts for a category, the
// what-if of a resize, a lookup, the live map lighting up as messages arrive, the consumer's-eye
// replay, Eventide consumer positions, and the live tail stopping when the panel is hidden.
#include "TestStores.h"
#include "model/WorkerPools.h"
#include "ui/ConsumerGroupPanel.h"
#include "ui/PartitionMap.h"

#include <QLabel>
#include <QLineEdit>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace mdb;

namespace {

WriteRequest writeOf(const QString& stream, const QString& type = QStringLiteral("Event"),
                     const QString& data = QStringLiteral("{}"))
{
    return WriteRequest{{}, stream, type, data, {}, {}};
}

QString cell(const QAbstractItemModel* model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class ConsumerGroupsTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void cleanup() { mdb::finishWorkers(); }

    void panelShowsWhatTheGroupsRead()
    {
        MDB_OPEN_TARGET(t, m_target);
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); });
        // Message DB's worked example, with 1..5 messages per stream and a stream without an id.
        const QString c = mdbtest::uniqueName(QStringLiteral("cgui"));
        QList<WriteRequest> batch;
        const QStringList ids{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                              QStringLiteral("6"), QStringLiteral("123+456")};
        for (int i = 0; i < ids.size(); ++i) {
            for (int k = 0; k <= i; ++k)
                batch << writeOf(c + u'-' + ids.at(i));
        }
        batch << writeOf(c);
        QVERIFY(t->writeMessages(t.ns, batch));
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});

        ConsumerGroupPanel panel(store, t.ns, c);
        QSignalSpy loaded(&panel, &ConsumerGroupPanel::loaded);
        QSignalSpy positions(&panel, &ConsumerGroupPanel::positionsLoaded);
        panel.show();
        QTRY_COMPARE(loaded.size(), 1);

        // Assignment for n = 3: member 0 has cgui-1; member 1 has -2 and -123+456; member 2 has -3 and -6.
        const MemberLoadModel* members = panel.memberModel();
        QCOMPARE(members->rowCount(), 3);
        QCOMPARE(cell(members, 0, MemberLoadModel::Streams), QStringLiteral("1"));
        QCOMPARE(cell(members, 0, MemberLoadModel::Messages), QStringLiteral("1"));
        QCOMPARE(cell(members, 1, MemberLoadModel::Streams), QStringLiteral("2"));
        QCOMPARE(cell(members, 1, MemberLoadModel::Messages), QStringLiteral("7"));
        QCOMPARE(cell(members, 2, MemberLoadModel::Messages), QStringLiteral("7"));
        QCOMPARE(cell(members, 0, MemberLoadModel::Share), QStringLiteral("6.25 %"));
        QCOMPARE(panel.streamsModel()->rowCount(), 6);
        auto* balance = panel.findChild<QLabel*>(QStringLiteral("balance"));
        QVERIFY2(balance->text().contains(QStringLiteral("1.40×")),
                 qPrintable(balance->text())); // 7 / (15/3)
        auto* callouts = panel.findChild<QLabel*>(QStringLiteral("callouts"));
        QVERIFY2(callouts->text().contains(QStringLiteral("read by no member of any group: ") + c),
                 qPrintable(callouts->text()));
        QTRY_VERIFY2(!callouts->text().contains(QStringLiteral("Looking for")), qPrintable(callouts->text()));

        // What-if 3 → 4: cgui-1 (0→2), cgui-6 (2→3) and cgui-123+456 (1→3) move, 10 messages.
        auto* whatIf = panel.findChild<QLabel*>(QStringLiteral("whatIfSummary"));
        QVERIFY2(
            whatIf->text().contains(QStringLiteral("moves 3 of 6 streams (50.0 %) and 10 of 16 messages")),
            qPrintable(whatIf->text()));
        auto* resizes = panel.findChild<QTableWidget*>(QStringLiteral("resizeTable"));
        QCOMPARE(resizes->item(3, 1)->text(), QStringLiteral("3"));
        QCOMPARE(resizes->item(2, 1)->text(), QStringLiteral("0"));
        panel.setGroupSizes(2, 3);
        QCOMPARE(members->rowCount(), 2);
        QCOMPARE(panel.partitionMap()->groupSize(), 2);
        QVERIFY2(whatIf->text().contains(QStringLiteral("Going from 2 to 3 members")),
                 qPrintable(whatIf->text()));
        panel.setGroupSizes(3, 4);

        // Lookup.
        panel.findChild<QLineEdit*>(QStringLiteral("lookupText"))->setText(QStringLiteral("cgdemo-123+456"));
        auto* lookup = panel.findChild<QTableWidget*>(QStringLiteral("lookupTable"));
        QCOMPARE(lookup->rowCount(), 16);
        QCOMPARE(lookup->item(2, 1)->text(), QStringLiteral("member 1"));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("lookupAnatomy"))
                    ->text()
                    .contains(QStringLiteral("2318431741638412123")));

        // Live: messages arriving light up their member, counts and rates follow.
        QVERIFY(panel.tail().isRunning());
        QList<WriteRequest> live;
        for (int i = 0; i < 30; ++i)
            live << writeOf(c + QStringLiteral("-1"));
        live << writeOf(c + QStringLiteral("-77"));
        QVERIFY(t->writeMessages(t.ns, live));
        QTRY_COMPARE(panel.partitionMap()->arrivals().value(0) + panel.partitionMap()->arrivals().value(1) +
                         panel.partitionMap()->arrivals().value(2),
                     31);
        QCOMPARE(panel.partitionMap()->arrivals().value(0),
                 30 + (PartitionSimulation::lookup(QStringLiteral("77")).members.at(2) == 0 ? 1 : 0));
        QTRY_COMPARE(
            cell(members, 0, MemberLoadModel::Messages),
            QString::number(31 +
                            (PartitionSimulation::lookup(QStringLiteral("77")).members.at(2) == 0 ? 1 : 0)));
        QTRY_VERIFY(members->index(0, MemberLoadModel::Rate).data(PartitionSortRole).toDouble() > 0);
        QCOMPARE(panel.streamsModel()->rowCount(), 7);
        // The map paints member 0's lane with its streams: the strip is not the background.
        panel.findChild<QTabWidget*>()->setCurrentIndex(3);
        QTRY_VERIFY(panel.partitionMap()->isVisible() && panel.partitionMap()->width() > 400);
        const QImage picture = panel.partitionMap()->grab().toImage();
        const QPoint inStrip(160, picture.height() / 6);
        QCOMPARE(panel.partitionMap()->memberAt(inStrip), 0);
        QVERIFY(picture.pixelColor(inStrip) != panel.partitionMap()->palette().color(QPalette::Window));
        QVERIFY(picture.pixelColor(inStrip) !=
                panel.partitionMap()->palette().color(QPalette::AlternateBase));

        // Consumer's-eye replay of member 1, two messages at a time.
        panel.findChild<QSpinBox*>(QStringLiteral("replayMember"))->setValue(1);
        panel.findChild<QSpinBox*>(QStringLiteral("replayBatchSize"))->setValue(2);
        QSignalSpy replayed(&panel, &ConsumerGroupPanel::replayed);
        panel.replayFirst();
        QTRY_COMPARE(replayed.size(), 1);
        QCOMPARE(panel.replayBatch().size(), 2);
        QCOMPARE(panel.replayBatch().at(0).streamName, c + QStringLiteral("-2"));
        QCOMPARE(panel.replayNextPosition(), panel.replayBatch().at(1).globalPosition + 1);
        const qint64 next = panel.replayNextPosition();
        panel.replayNext();
        QTRY_COMPARE(replayed.size(), 2);
        QVERIFY(panel.replayBatch().at(0).globalPosition >= next);
        for (const Message& m : panel.replayBatch())
            QCOMPARE(m.streamName, c + QStringLiteral("-123+456"));

        // Eventide positions: a consumer that handled the third message of member 1's batch.
        QVERIFY(
            t->writeMessage(t.ns, writeOf(c + QStringLiteral(":position-worker"), QStringLiteral("Recorded"),
                                          QStringLiteral("{\"position\": %1}").arg(next - 1))));
        positions.clear();
        panel.reload();
        QTRY_COMPARE(positions.size(), 1);
        QCOMPARE(panel.consumerPositions().size(), 1);
        QCOMPARE(panel.consumerPositions().constFirst().consumer, QStringLiteral("worker"));
        auto* positionTable = panel.findChild<QTableWidget*>(QStringLiteral("positionsTable"));
        QCOMPARE(positionTable->rowCount(), 1);
        QCOMPARE(positionTable->item(0, 2)->text(), QString::number(next - 1));

        // Hidden, the panel reads nothing.
        panel.hide();
        QVERIFY(!panel.tail().isRunning());
        panel.show();
        QTRY_VERIFY(panel.tail().isRunning());
    }

    void badCategoryIsExplained()
    {
        MDB_OPEN_TARGET(t, m_target);
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); });
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        ConsumerGroupPanel panel(store, t.ns, QStringLiteral("not-a-category"));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("status"))
                    ->text()
                    .contains(QStringLiteral("Must be a category: not-a-category")));
        QVERIFY(!panel.tail().isRunning());
    }
};

QTEST_MAIN(ConsumerGroupsTest)
#include "tst_consumergroups.moc"
