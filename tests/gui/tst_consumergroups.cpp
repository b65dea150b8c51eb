// The consumer-group panel, driven offscreen: members, balance and callouts for a category, the
// what-if of a resize, a lookup, the live map lighting up as messages arrive, the consumer's-eye
// replay, Eventide consumer positions, and the live tail stopping when the panel is hidden.
#include "TestStores.h"
#include "model/ConsumerGroupSession.h"
#include "model/WorkerPools.h"
#include "ui/consumergroups/ConsumerGroupPanel.h"
#include "ui/consumergroups/PartitionMap.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
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

// What the table view of that name shows.
const QAbstractItemModel* tableModel(const QWidget& panel, const QString& name)
{
    auto* view = panel.findChild<QTableView*>(name);
    return view ? view->model() : nullptr;
}

void click(const QWidget& panel, const QString& button)
{
    panel.findChild<QPushButton*>(button)->click();
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
        const QString c = mdbtest::uniqueName(QStringLiteral("cgui"));
        QVERIFY(t->writeMessages(t.ns, mdbtest::consumerGroupExample(c)));
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});

        ConsumerGroupPanel panel(store, t.ns, c);
        ConsumerGroupSession* session = panel.session();
        // Every table the tabs show keeps the model contract through load, resize, live and replay.
        const QAbstractItemModelTester::FailureReportingMode qtest =
            QAbstractItemModelTester::FailureReportingMode::QtTest;
        QAbstractItemModelTester memberTester(session->memberModel(), qtest);
        QAbstractItemModelTester streamsTester(session->streamsModel(), qtest);
        QAbstractItemModelTester movesTester(session->movesModel(), qtest);
        QAbstractItemModelTester resizeTester(session->resizeModel(), qtest);
        QAbstractItemModelTester replayTester(session->replayModel(), qtest);
        QAbstractItemModelTester positionsTester(session->positionsModel(), qtest);
        QSignalSpy loaded(session, &ConsumerGroupSession::loaded);
        QSignalSpy positions(session, &ConsumerGroupSession::positionsLoaded);
        panel.show();
        QTRY_COMPARE(loaded.size(), 1);

        // Assignment for n = 3: member 0 has cgui-1; member 1 has -2 and -123+456; member 2 has -3 and -6.
        const MemberLoadModel* members = session->memberModel();
        QCOMPARE(members->rowCount(), 3);
        QCOMPARE(cell(members, 0, MemberLoadModel::Streams), QStringLiteral("1"));
        QCOMPARE(cell(members, 0, MemberLoadModel::Messages), QStringLiteral("1"));
        QCOMPARE(cell(members, 1, MemberLoadModel::Streams), QStringLiteral("2"));
        QCOMPARE(cell(members, 1, MemberLoadModel::Messages), QStringLiteral("7"));
        QCOMPARE(cell(members, 2, MemberLoadModel::Messages), QStringLiteral("7"));
        QCOMPARE(cell(members, 0, MemberLoadModel::Share), QStringLiteral("6.25 %"));
        QCOMPARE(session->streamsModel()->rowCount(), 6);
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
        const QAbstractItemModel* resizes = tableModel(panel, QStringLiteral("resizeTable"));
        QCOMPARE(cell(resizes, 3, 1), QStringLiteral("3"));
        QCOMPARE(cell(resizes, 2, 1), QStringLiteral("0"));
        panel.setGroupSizes(2, 3);
        QCOMPARE(members->rowCount(), 2);
        QCOMPARE(panel.partitionMap()->groupSize(), 2);
        QVERIFY2(whatIf->text().contains(QStringLiteral("Going from 2 to 3 members")),
                 qPrintable(whatIf->text()));
        panel.setGroupSizes(3, 4);

        // Lookup.
        panel.findChild<QLineEdit*>(QStringLiteral("lookupText"))->setText(QStringLiteral("cgdemo-123+456"));
        const QAbstractItemModel* lookup = tableModel(panel, QStringLiteral("lookupTable"));
        QCOMPARE(lookup->rowCount(), 16);
        QCOMPARE(cell(lookup, 2, 1), QStringLiteral("member 1"));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("lookupAnatomy"))
                    ->text()
                    .contains(QStringLiteral("2318431741638412123")));

        // Live: messages arriving light up their member, counts and rates follow.
        QVERIFY(session->tail().isRunning());
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
        QCOMPARE(session->streamsModel()->rowCount(), 7);
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
        QSignalSpy replayed(session, &ConsumerGroupSession::replayed);
        click(panel, QStringLiteral("replayFirst"));
        QTRY_COMPARE(replayed.size(), 1);
        QCOMPARE(session->replayBatch().size(), 2);
        QCOMPARE(session->replayBatch().at(0).streamName, c + QStringLiteral("-2"));
        QCOMPARE(session->replayNextPosition(), session->replayBatch().at(1).globalPosition + 1);
        const qint64 next = session->replayNextPosition();
        click(panel, QStringLiteral("replayNext"));
        QTRY_COMPARE(replayed.size(), 2);
        QVERIFY(session->replayBatch().at(0).globalPosition >= next);
        for (const Message& m : session->replayBatch())
            QCOMPARE(m.streamName, c + QStringLiteral("-123+456"));

        // Eventide positions: a consumer that handled the third message of member 1's batch.
        QVERIFY(
            t->writeMessage(t.ns, writeOf(c + QStringLiteral(":position-worker"), QStringLiteral("Recorded"),
                                          QStringLiteral("{\"position\": %1}").arg(next - 1))));
        positions.clear();
        panel.reload();
        QTRY_COMPARE(positions.size(), 1);
        QCOMPARE(session->consumerPositions().size(), 1);
        QCOMPARE(session->consumerPositions().constFirst().consumer, QStringLiteral("worker"));
        const QAbstractItemModel* positionTable = tableModel(panel, QStringLiteral("positionsTable"));
        QCOMPARE(positionTable->rowCount(), 1);
        QCOMPARE(cell(positionTable, 0, 2), QString::number(next - 1));

        // Hidden, the panel reads nothing.
        panel.hide();
        QVERIFY(!session->tail().isRunning());
        panel.show();
        QTRY_VERIFY(session->tail().isRunning());
    }

    void badCategoryIsExplained()
    {
        MDB_OPEN_TARGET(t, m_target);
        const auto finishReads = qScopeGuard([] { mdb::finishWorkers(); });
        std::shared_ptr<Store> store(t.store.get(), [](Store*) {});
        ConsumerGroupPanel panel(store, t.ns, QStringLiteral("not-a-category"));
        ConsumerGroupSession* session = panel.session();
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("status"))
                    ->text()
                    .contains(QStringLiteral("Must be a category: not-a-category")));
        QVERIFY(!session->tail().isRunning());
    }
};

QTEST_MAIN(ConsumerGroupsTest)
#include "tst_consumergroups.moc"
