#include "ui/consumergroups/AssignmentTab.h"

#include "model/ConsumerGroupSession.h"
#include "ui/consumergroups/GroupTables.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

namespace {

constexpr int SharedIdsShown = 3;
// Column widths fit the members' numbers while the table is small enough to measure.
constexpr int MembersMeasured = 64;

} // namespace

AssignmentTab::AssignmentTab(ConsumerGroupSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_streamsProxy = new QSortFilterProxyModel(this);
    m_streamsProxy->setSourceModel(session->streamsModel());
    m_streamsProxy->setSortRole(PartitionSortRole);
    m_streamsProxy->setFilterKeyColumn(PartitionStreamsModel::Stream);
    m_streamsProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_streamsProxy->setDynamicSortFilter(false); // live updates must not re-sort 100,000 rows

    m_balance = new QLabel(this);
    m_balance->setObjectName(QStringLiteral("balance"));
    m_callouts = summaryLabel("callouts", this);
    m_memberTable = groupTableView(session->memberModel(), this);
    m_memberTable->setObjectName(QStringLiteral("memberTable"));
    auto* filter = new QLineEdit(this);
    filter->setPlaceholderText(tr("Filter streams by name"));
    filter->setClearButtonEnabled(true);
    // Filtering 100,000 rows is done once the name is typed, not at each key.
    connect(filter, &QLineEdit::editingFinished, this,
            [this, filter] { m_streamsProxy->setFilterFixedString(filter->text()); });
    auto* streams = groupTableView(m_streamsProxy, this);
    streams->setObjectName(QStringLiteral("streamTable"));
    streams->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    streams->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // unsorted until a click
    streams->horizontalHeader()->setSortIndicatorShown(true);
    streams->horizontalHeader()->setSectionsClickable(true);
    connect(streams->horizontalHeader(), &QHeaderView::sectionClicked, this, [this, streams](int column) {
        m_streamsProxy->sort(column, streams->horizontalHeader()->sortIndicatorOrder());
    });
    streams->setColumnWidth(PartitionStreamsModel::Stream, 260);
    streams->setColumnWidth(PartitionStreamsModel::Hash, 170);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_balance);
    topLayout->addWidget(m_memberTable, 1);
    topLayout->addWidget(m_callouts);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(filter);
    bottomLayout->addWidget(streams, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(session, &ConsumerGroupSession::membersChanged, this, &AssignmentTab::showMembers);
    connect(session, &ConsumerGroupSession::loaded, this, &AssignmentTab::showNoIdStreams);
    connect(session, &ConsumerGroupSession::sharedIdsLoaded, this, &AssignmentTab::showSharedIds);
    connect(session, &ConsumerGroupSession::sharedIdsFailed, this, [this](const StoreError& error) {
        m_callouts->setText(m_noIdText + u'\n' + tr("Shared cardinal ids unknown: %1").arg(error.text()));
    });
}

void AssignmentTab::showMembers(const QList<MemberLoad>& loads)
{
    if (loads.size() != m_membersShown && loads.size() <= MembersMeasured)
        m_memberTable->resizeColumnsToContents();
    m_membersShown = int(loads.size());
    const qint64 total = m_session->simulation().totalMessages();
    if (loads.isEmpty() || total == 0) {
        m_balance->setText(tr("No messages in this category."));
        return;
    }
    qsizetype largest = 0;
    for (qsizetype m = 1; m < loads.size(); ++m) {
        if (loads.at(m).messages > loads.at(largest).messages)
            largest = m;
    }
    m_balance->setText(tr("Balance: the largest member (%1) has %2× the mean of %3 messages per member.")
                           .arg(largest)
                           .arg(PartitionSimulation::imbalance(loads), 0, 'f', 2)
                           .arg(QLocale().toString(qint64(double(total) / double(loads.size())))));
}

void AssignmentTab::showNoIdStreams()
{
    const PartitionSimulation& simulation = m_session->simulation();
    const QList<qsizetype> noId = simulation.noIdStreams();
    QStringList names;
    for (qsizetype i : noId.mid(0, SharedIdsShown))
        names.append(simulation.streams().at(i).streamName);
    m_noIdText = noId.isEmpty() ? tr("Every stream has an id, so every message reaches a member.")
                                : tr("%n stream(s) without an id, read by no member of any group: %1",
                                     nullptr, int(noId.size()))
                                      .arg(names.join(QStringLiteral(", ")));
    m_callouts->setText(m_noIdText + u'\n' + tr("Looking for cardinal ids shared with other categories…"));
}

void AssignmentTab::showSharedIds(const QHash<QString, QStringList>& shared)
{
    if (shared.isEmpty()) {
        m_callouts->setText(m_noIdText + u'\n' + tr("No other category uses these cardinal ids."));
        return;
    }
    QStringList examples;
    for (auto it = shared.cbegin(); it != shared.cend() && examples.size() < SharedIdsShown; ++it) {
        const QStringList& streams = it.value();
        examples.append(streams.size() <= 2
                            ? QStringLiteral("%1 (%2)").arg(it.key(), streams.join(QStringLiteral(", ")))
                            : tr("%1 (%2, %3 and %4 more)")
                                  .arg(it.key(), streams.at(0), streams.at(1))
                                  .arg(streams.size() - 2));
    }
    m_callouts->setText(m_noIdText + u'\n' +
                        tr("%n cardinal id(s) shared with streams of other categories, which land on the "
                           "same member there too, e.g. %1",
                           nullptr, int(shared.size()))
                            .arg(examples.join(QStringLiteral("; "))));
}

} // namespace mdb
