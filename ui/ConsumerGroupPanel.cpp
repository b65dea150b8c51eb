#include "ui/ConsumerGroupPanel.h"

#include "model/Background.h"
#include "model/WorkerPools.h"
#include "storage/MessageDbRules.h"
#include "ui/PartitionMap.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTime>
#include <QVBoxLayout>

namespace mdb {

namespace {

constexpr int LiveRefreshMs = 500;
constexpr int ReplayRowsShown = 1000;
constexpr int SharedIdsShown = 3;
// The category's newest messages read to date each member's last message: enough to meet every
// member of any practical group.
constexpr qint64 NewestRead = 20000;

QTableView* tableView(QAbstractItemModel* model, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QTableWidget* tableWidget(const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void setCell(QTableWidget* table, int row, int column, const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    table->setItem(row, column, item);
}

QString durationText(qint64 micros)
{
    const qint64 seconds = micros / 1000000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(double(micros) / 1e6, 0, 'f', 1);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

ConsumerGroupPanel::ConsumerGroupPanel(std::shared_ptr<Store> store, const QString& ns,
                                       const QString& category, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_store(std::move(store))
    , m_namespace(ns)
    , m_category(category)
{
    setWindowTitle(tr("Consumer groups"));
    m_clock.start();
    m_memberModel = new MemberLoadModel(this);
    m_streamsModel = new PartitionStreamsModel(this);
    m_streamsProxy = new QSortFilterProxyModel(this);
    m_streamsProxy->setSourceModel(m_streamsModel);
    m_streamsProxy->setSortRole(PartitionSortRole);
    m_streamsProxy->setFilterKeyColumn(PartitionStreamsModel::Stream);
    m_streamsProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_streamsProxy->setDynamicSortFilter(false); // live updates must not re-sort 100,000 rows
    m_movesModel = new StreamMovesModel(this);

    m_namespaceBox = new QComboBox(this);
    m_namespaceBox->setObjectName(QStringLiteral("namespaceBox"));
    m_namespaceBox->setMinimumContentsLength(16);
    m_namespaceBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_categoryBox = new QComboBox(this);
    m_categoryBox->setObjectName(QStringLiteral("categoryBox"));
    m_categoryBox->setEditable(true);
    m_categoryBox->setMinimumContentsLength(24);
    m_size = new QSpinBox(this);
    m_size->setObjectName(QStringLiteral("groupSize"));
    m_size->setRange(1, int(MessageDbRules::MaxConsumerGroupSize));
    m_size->setValue(3);
    m_resized = new QSpinBox(this);
    m_resized->setObjectName(QStringLiteral("resizedGroupSize"));
    m_resized->setRange(1, int(MessageDbRules::MaxConsumerGroupSize));
    m_resized->setValue(4);
    auto* reloadButton = new QPushButton(tr("Reload"), this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Namespace"), this));
    bar->addWidget(m_namespaceBox);
    bar->addWidget(new QLabel(tr("Category"), this));
    bar->addWidget(m_categoryBox, 1);
    bar->addWidget(new QLabel(tr("Group size"), this));
    bar->addWidget(m_size);
    bar->addWidget(new QLabel(tr("Resize to"), this));
    bar->addWidget(m_resized);
    bar->addWidget(reloadButton);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildAssignmentTab(), tr("Assignment"));
    m_tabs->addTab(buildWhatIfTab(), tr("What-if"));
    m_tabs->addTab(buildLookupTab(), tr("Lookup"));
    m_tabs->addTab(buildLiveTab(), tr("Live map"));
    m_tabs->addTab(buildReplayTab(), tr("Consumer replay"));
    m_tabs->addTab(buildPositionsTab(), tr("Consumer positions"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);

    connect(reloadButton, &QPushButton::clicked, this, &ConsumerGroupPanel::reload);
    connect(m_categoryBox, &QComboBox::activated, this,
            [this] { setCategory(m_namespace, m_categoryBox->currentText().trimmed()); });
    connect(m_categoryBox->lineEdit(), &QLineEdit::returnPressed, this,
            [this] { setCategory(m_namespace, m_categoryBox->currentText().trimmed()); });
    connect(m_namespaceBox, &QComboBox::activated, this,
            [this] { setCategory(m_namespaceBox->currentText(), QString()); });
    connect(m_size, &QSpinBox::valueChanged, this, &ConsumerGroupPanel::groupSizesChanged);
    connect(m_resized, &QSpinBox::valueChanged, this, &ConsumerGroupPanel::groupSizesChanged);

    connect(&m_tail, &CategoryTail::arrived, this, &ConsumerGroupPanel::messagesArrived);
    connect(&m_tail, &CategoryTail::failed, this, [this](const StoreError& e) {
        m_liveStatus->setText(tr("Live tail stopped: %1").arg(e.text()));
    });
    m_liveRefresh = new QTimer(this);
    m_liveRefresh->setInterval(LiveRefreshMs);
    connect(m_liveRefresh, &QTimer::timeout, this, &ConsumerGroupPanel::refreshLive);

    resize(1100, 720);
    loadNamespaces();
    if (!m_category.isEmpty())
        reload();
    else
        loadCategories();
}

ConsumerGroupPanel::~ConsumerGroupPanel()
{
    m_tail.stop();
}

QWidget* ConsumerGroupPanel::buildAssignmentTab()
{
    auto* tab = new QWidget(this);
    m_balance = new QLabel(tab);
    m_balance->setObjectName(QStringLiteral("balance"));
    m_callouts = new QLabel(tab);
    m_callouts->setObjectName(QStringLiteral("callouts"));
    m_callouts->setWordWrap(true);
    m_callouts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_memberTable = tableView(m_memberModel, tab);
    m_memberTable->setObjectName(QStringLiteral("memberTable"));
    auto* filter = new QLineEdit(tab);
    filter->setPlaceholderText(tr("Filter streams by name"));
    filter->setClearButtonEnabled(true);
    // Filtering 100,000 rows is done once the name is typed, not at each key.
    connect(filter, &QLineEdit::editingFinished, this,
            [this, filter] { m_streamsProxy->setFilterFixedString(filter->text()); });
    auto* streams = tableView(m_streamsProxy, tab);
    streams->setObjectName(QStringLiteral("streamTable"));
    streams->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    streams->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // unsorted until a click
    streams->horizontalHeader()->setSortIndicatorShown(true);
    streams->horizontalHeader()->setSectionsClickable(true);
    connect(streams->horizontalHeader(), &QHeaderView::sectionClicked, this, [this, streams](int column) {
        const Qt::SortOrder order = streams->horizontalHeader()->sortIndicatorOrder();
        m_streamsProxy->sort(column, order);
    });
    streams->setColumnWidth(PartitionStreamsModel::Stream, 260);
    streams->setColumnWidth(PartitionStreamsModel::Hash, 170);

    auto* top = new QWidget(tab);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_balance);
    topLayout->addWidget(m_memberTable, 1);
    topLayout->addWidget(m_callouts);
    auto* bottom = new QWidget(tab);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(filter);
    bottomLayout->addWidget(streams, 1);
    auto* split = new QSplitter(Qt::Vertical, tab);
    split->addWidget(top);
    split->addWidget(bottom);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(split);
    return tab;
}

QWidget* ConsumerGroupPanel::buildWhatIfTab()
{
    auto* tab = new QWidget(this);
    m_whatIfSummary = new QLabel(tab);
    m_whatIfSummary->setObjectName(QStringLiteral("whatIfSummary"));
    m_whatIfSummary->setWordWrap(true);
    auto* moves = tableView(m_movesModel, tab);
    moves->setObjectName(QStringLiteral("moveTable"));
    moves->setColumnWidth(StreamMovesModel::Stream, 260);
    m_resizeTable = tableWidget(
        {tr("Group size"), tr("Streams that move"), tr("Share of streams"), tr("Messages that move")}, tab);
    m_resizeTable->setObjectName(QStringLiteral("resizeTable"));
    m_resizeTable->setRowCount(16);
    auto* split = new QSplitter(Qt::Horizontal, tab);
    split->addWidget(moves);
    split->addWidget(m_resizeTable);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_whatIfSummary);
    layout->addWidget(split, 1);
    return tab;
}

QWidget* ConsumerGroupPanel::buildLookupTab()
{
    auto* tab = new QWidget(this);
    m_lookupText = new QLineEdit(tab);
    m_lookupText->setObjectName(QStringLiteral("lookupText"));
    m_lookupText->setPlaceholderText(tr("A stream name (account-123+abc) or an id (123)"));
    m_lookupText->setClearButtonEnabled(true);
    m_lookupAnatomy = new QLabel(tab);
    m_lookupAnatomy->setObjectName(QStringLiteral("lookupAnatomy"));
    m_lookupAnatomy->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lookupTable = tableWidget({tr("Group size"), tr("Member")}, tab);
    m_lookupTable->setObjectName(QStringLiteral("lookupTable"));
    connect(m_lookupText, &QLineEdit::textChanged, this, &ConsumerGroupPanel::lookUp);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_lookupText);
    layout->addWidget(m_lookupAnatomy);
    layout->addWidget(m_lookupTable, 1);
    return tab;
}

QWidget* ConsumerGroupPanel::buildLiveTab()
{
    auto* tab = new QWidget(this);
    m_map = new PartitionMap(tab);
    m_map->setObjectName(QStringLiteral("partitionMap"));
    m_liveStatus = new QLabel(tab);
    m_liveStatus->setObjectName(QStringLiteral("liveStatus"));
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_liveStatus);
    layout->addWidget(m_map, 1);
    return tab;
}

QWidget* ConsumerGroupPanel::buildReplayTab()
{
    auto* tab = new QWidget(this);
    m_replayMember = new QSpinBox(tab);
    m_replayMember->setObjectName(QStringLiteral("replayMember"));
    m_replayMember->setRange(0, int(MessageDbRules::MaxConsumerGroupSize) - 1);
    m_replayStart = new QLineEdit(QStringLiteral("1"), tab);
    m_replayStart->setObjectName(QStringLiteral("replayStart"));
    m_replayBatchSize = new QSpinBox(tab);
    m_replayBatchSize->setObjectName(QStringLiteral("replayBatchSize"));
    m_replayBatchSize->setRange(1, 10000);
    m_replayBatchSize->setValue(10);
    m_replayCorrelation = new QLineEdit(tab);
    m_replayCorrelation->setObjectName(QStringLiteral("replayCorrelation"));
    m_replayCorrelation->setPlaceholderText(tr("optional correlation category"));
    auto* first = new QPushButton(tr("First batch"), tab);
    auto* next = new QPushButton(tr("Next batch"), tab);
    next->setObjectName(QStringLiteral("replayNext"));
    connect(first, &QPushButton::clicked, this, &ConsumerGroupPanel::replayFirst);
    connect(next, &QPushButton::clicked, this, &ConsumerGroupPanel::replayNext);
    m_replayStatus = new QLabel(tab);
    m_replayStatus->setObjectName(QStringLiteral("replayStatus"));
    m_replayStatus->setWordWrap(true);
    m_replayStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_replayTable =
        tableWidget({tr("Global position"), tr("Position"), tr("Stream"), tr("Type"), tr("Time")}, tab);
    m_replayTable->setObjectName(QStringLiteral("replayTable"));
    m_replayTable->setColumnWidth(2, 260);

    auto* form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Member"), tab));
    form->addWidget(m_replayMember);
    form->addWidget(new QLabel(tr("From position"), tab));
    form->addWidget(m_replayStart);
    form->addWidget(new QLabel(tr("Batch size"), tab));
    form->addWidget(m_replayBatchSize);
    form->addWidget(new QLabel(tr("Correlation"), tab));
    form->addWidget(m_replayCorrelation, 1);
    form->addWidget(first);
    form->addWidget(next);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addWidget(m_replayStatus);
    layout->addWidget(m_replayTable, 1);
    return tab;
}

QWidget* ConsumerGroupPanel::buildPositionsTab()
{
    auto* tab = new QWidget(this);
    m_positionsStatus = new QLabel(tab);
    m_positionsStatus->setObjectName(QStringLiteral("positionsStatus"));
    m_positionsStatus->setWordWrap(true);
    m_positionsTable = tableWidget({tr("Consumer"), tr("Position stream"), tr("Recorded position"),
                                    tr("Messages behind"), tr("Time behind"), tr("Recorded at")},
                                   tab);
    m_positionsTable->setObjectName(QStringLiteral("positionsTable"));
    auto* refresh = new QPushButton(tr("Refresh positions"), tab);
    connect(refresh, &QPushButton::clicked, this, &ConsumerGroupPanel::loadPositions);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_positionsStatus);
    layout->addWidget(m_positionsTable, 1);
    layout->addWidget(refresh, 0, Qt::AlignRight);
    return tab;
}

int ConsumerGroupPanel::groupSize() const
{
    return m_size->value();
}

int ConsumerGroupPanel::resizedGroupSize() const
{
    return m_resized->value();
}

void ConsumerGroupPanel::showError(const QString& message)
{
    m_status->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped()));
    Q_EMIT failed(message);
}

void ConsumerGroupPanel::loadNamespaces()
{
    runInBackground(
        this, interactivePool(), [store = m_store] { return store->listNamespaces(); },
        [this](const Result<QStringList>& names) {
            if (!names)
                return showError(names.error().text());
            m_namespaceBox->clear();
            m_namespaceBox->addItems(*names);
            m_namespaceBox->setCurrentText(m_namespace);
            loadCategories();
        });
}

void ConsumerGroupPanel::loadCategories()
{
    runInBackground(
        this, interactivePool(), [store = m_store, ns = m_namespace] { return store->listCategories(ns); },
        [this](const Result<QStringList>& categories) {
            if (!categories)
                return showError(categories.error().text());
            const QString current = m_category;
            m_categoryBox->clear();
            m_categoryBox->addItems(*categories);
            m_categoryBox->setCurrentText(current);
        });
}

void ConsumerGroupPanel::setCategory(const QString& ns, const QString& category)
{
    const bool namespaceChanged = ns != m_namespace;
    m_namespace = ns;
    m_category = category;
    if (namespaceChanged)
        loadCategories();
    m_categoryBox->setCurrentText(category);
    reload();
}

void ConsumerGroupPanel::setGroupSizes(int groupSize, int resizedGroupSize)
{
    const QSignalBlocker blockSize(m_size);
    const QSignalBlocker blockResized(m_resized);
    m_size->setValue(groupSize);
    m_resized->setValue(resizedGroupSize);
    groupSizesChanged();
}

void ConsumerGroupPanel::reload()
{
    m_tail.stop();
    m_loaded = false; // until the new read lands, nothing to follow
    m_liveRefresh->stop();
    const quint64 generation = ++m_loadGeneration;
    if (m_category.isEmpty()) {
        m_status->setText(tr("Choose a category."));
        return;
    }
    if (Status valid = MessageDbRules::checkCategoryQuery({m_category, {}, {}, {}, {}, {}, {}}, false);
        !valid)
        return showError(valid.error().text());
    m_status->setText(tr("Reading the streams of %1…").arg(m_category));
    struct Loaded
    {
        std::shared_ptr<PartitionSimulation> simulation;
        qint64 readMs = 0;
        qint64 hashMs = 0;
    };
    runInBackground(
        this, interactivePool(),
        [store = m_store, ns = m_namespace, category = m_category]() -> Result<Loaded> {
            QElapsedTimer timer;
            timer.start();
            Result<CategoryStreams> read = store->categoryStreams(ns, category, NewestRead);
            if (!read)
                return read.error();
            Loaded loaded;
            loaded.readMs = timer.restart();
            // Hashing every cardinal id happens here, off the GUI thread.
            loaded.simulation = std::make_shared<PartitionSimulation>(category, *read);
            loaded.hashMs = timer.elapsed();
            return loaded;
        },
        [this, generation](const Result<Loaded>& loaded) {
            if (generation != m_loadGeneration)
                return;
            if (!loaded)
                return showError(loaded.error().text());
            applySimulation(loaded->simulation, loaded->readMs, loaded->hashMs);
        });
}

void ConsumerGroupPanel::applySimulation(std::shared_ptr<PartitionSimulation> simulation, qint64 readMs,
                                         qint64 hashMs)
{
    QElapsedTimer timer;
    timer.start();
    // Views let go of the old streams before they are replaced.
    m_streamsModel->setSimulation(nullptr);
    m_movesModel->setMoves(nullptr, {});
    m_map->setSimulation(nullptr, 0);
    m_simulation = std::move(*simulation);
    m_loaded = true;
    m_streamsModel->setGroupSizes(groupSize(), resizedGroupSize());
    m_streamsModel->setSimulation(&m_simulation);
    m_map->setSimulation(&m_simulation, groupSize());
    m_rates.reset(groupSize());
    m_map->simulationChanged(updateAssignment());
    updateWhatIf(true);
    m_lastReadMs = readMs;
    m_lastComputeMs = hashMs + timer.elapsed();
    m_status->setText(tr("%1: %2 streams, %3 messages, as of global position %4, read at %5 in %6 ms, "
                         "computed in %7 ms")
                          .arg(m_category, QLocale().toString(m_simulation.streams().size()),
                               QLocale().toString(m_simulation.totalMessages()))
                          .arg(m_simulation.lastGlobalPosition())
                          .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")))
                          .arg(m_lastReadMs)
                          .arg(m_lastComputeMs));
    m_replayNext = 1;
    m_replayBatchNumber = 0;
    m_liveArrivals = 0;
    startTail();
    loadSharedIds();
    loadPositions();
    Q_EMIT loaded();
}

void ConsumerGroupPanel::groupSizesChanged()
{
    m_replayMember->setMaximum(groupSize() - 1);
    if (!m_loaded)
        return;
    m_streamsModel->setGroupSizes(groupSize(), resizedGroupSize());
    // Members and the 1..16 table depend on the group size only; the moves on both sizes.
    const bool groupSizeChanged = m_map->groupSize() != groupSize();
    if (groupSizeChanged) {
        m_map->setSimulation(&m_simulation, groupSize());
        m_rates.reset(groupSize());
        m_map->simulationChanged(updateAssignment());
    }
    updateWhatIf(groupSizeChanged);
}

QList<MemberLoad> ConsumerGroupPanel::updateAssignment()
{
    const QList<MemberLoad> loads = m_simulation.members(groupSize());
    const bool membersChanged = loads.size() != m_memberModel->rowCount();
    m_memberModel->setLoads(loads);
    if (membersChanged && loads.size() <= 64)
        m_memberTable->resizeColumnsToContents();
    const QLocale locale;
    const double imbalance = PartitionSimulation::imbalance(loads);
    qsizetype largest = 0;
    for (qsizetype m = 1; m < loads.size(); ++m) {
        if (loads.at(m).messages > loads.at(largest).messages)
            largest = m;
    }
    m_balance->setText(
        loads.isEmpty() || m_simulation.totalMessages() == 0
            ? tr("No messages in this category.")
            : tr("Balance: the largest member (%1) has %2× the mean of %3 messages per member.")
                  .arg(largest)
                  .arg(imbalance, 0, 'f', 2)
                  .arg(locale.toString(qint64(double(m_simulation.totalMessages()) / double(loads.size())))));
    return loads;
}

void ConsumerGroupPanel::updateWhatIf(bool resizeTableToo)
{
    const int from = groupSize();
    const int to = resizedGroupSize();
    const ResizeImpact impact = m_simulation.resize(from, to);
    m_movesModel->setMoves(&m_simulation, impact.moves);
    const QLocale locale;
    const qsizetype streams = m_simulation.streams().size();
    m_whatIfSummary->setText(
        tr("Going from %1 to %2 members moves %3 of %4 streams (%5 %) and %6 of %7 messages. Each consumer "
           "that changes member must start from a position it has not recorded for its new streams.")
            .arg(from)
            .arg(to)
            .arg(locale.toString(impact.streamsMoved), locale.toString(streams))
            .arg(streams > 0 ? 100.0 * double(impact.streamsMoved) / double(streams) : 0.0, 0, 'f', 1)
            .arg(locale.toString(impact.messagesMoved), locale.toString(m_simulation.totalMessages())));
    if (!resizeTableToo)
        return;
    const QList<std::pair<qint64, qint64>> moved = m_simulation.movedBySize(from, 16);
    for (int n = 1; n <= 16; ++n) {
        const auto [streamsMoved, messagesMoved] = moved.at(n - 1);
        setCell(m_resizeTable, n - 1, 0, QStringLiteral("%1 → %2").arg(from).arg(n));
        setCell(m_resizeTable, n - 1, 1, locale.toString(streamsMoved));
        setCell(m_resizeTable, n - 1, 2,
                QStringLiteral("%1 %").arg(streams > 0 ? 100.0 * double(streamsMoved) / double(streams) : 0.0,
                                           0, 'f', 1));
        setCell(m_resizeTable, n - 1, 3, locale.toString(messagesMoved));
    }
}

void ConsumerGroupPanel::loadSharedIds()
{
    const quint64 generation = m_loadGeneration;
    const QList<qsizetype> noId = m_simulation.noIdStreams();
    QStringList noIdNames;
    for (qsizetype i : noId)
        noIdNames.append(m_simulation.streams().at(i).streamName);
    const QString noIdText =
        noId.isEmpty()
            ? tr("Every stream has an id, so every message reaches a member.")
            : tr("%n stream(s) without an id, read by no member of any group: %1", nullptr, int(noId.size()))
                  .arg(noIdNames.mid(0, SharedIdsShown).join(QStringLiteral(", ")));
    m_callouts->setText(noIdText + QLatin1Char('\n') +
                        tr("Looking for cardinal ids shared with other categories…"));
    runInBackground(
        this, backgroundPool(),
        [store = m_store, ns = m_namespace, category = m_category]() -> Result<QHash<QString, QStringList>> {
            Result<QStringList> names = store->streamNames(ns);
            if (!names)
                return names.error();
            return PartitionSimulation::sharedCardinalIds(category, *names);
        },
        [this, generation, noIdText](const Result<QHash<QString, QStringList>>& shared) {
            if (generation != m_loadGeneration)
                return;
            QString sharedText;
            if (!shared) {
                sharedText = tr("Shared cardinal ids unknown: %1").arg(shared.error().text());
            } else if (shared->isEmpty()) {
                sharedText = tr("No other category uses these cardinal ids.");
            } else {
                QStringList examples;
                for (auto it = shared->cbegin(); it != shared->cend() && examples.size() < SharedIdsShown;
                     ++it) {
                    const QStringList& streams = it.value();
                    examples.append(streams.size() <= 2 ? QStringLiteral("%1 (%2)").arg(
                                                              it.key(), streams.join(QStringLiteral(", ")))
                                                        : tr("%1 (%2, %3 and %4 more)")
                                                              .arg(it.key(), streams.at(0), streams.at(1))
                                                              .arg(streams.size() - 2));
                }
                sharedText =
                    tr("%n cardinal id(s) shared with streams of other categories, which land on the same "
                       "member there too, e.g. %1",
                       nullptr, int(shared->size()))
                        .arg(examples.join(QStringLiteral("; ")));
            }
            m_callouts->setText(noIdText + QLatin1Char('\n') + sharedText);
        });
}

void ConsumerGroupPanel::loadPositions()
{
    const quint64 generation = m_loadGeneration;
    m_positionsStatus->setText(tr("Reading the positions recorded in %1…").arg(positionCategory(m_category)));
    runInBackground(
        this, backgroundPool(),
        [store = m_store, ns = m_namespace, category = m_category] {
            return readConsumerPositions(*store, ns, category);
        },
        [this, generation](const Result<QList<ConsumerPosition>>& positions) {
            if (generation != m_loadGeneration)
                return;
            if (!positions) {
                m_positionsStatus->setText(positions.error().text());
                return;
            }
            m_positions = *positions;
            const QLocale locale;
            m_positionsTable->setRowCount(int(m_positions.size()));
            for (int row = 0; row < m_positions.size(); ++row) {
                const ConsumerPosition& p = m_positions.at(row);
                setCell(m_positionsTable, row, 0, p.consumer);
                setCell(m_positionsTable, row, 1, p.positionStream);
                setCell(m_positionsTable, row, 2, QString::number(p.recordedPosition));
                setCell(m_positionsTable, row, 3, locale.toString(p.lagMessages));
                setCell(m_positionsTable, row, 4, durationText(p.lagMicros));
                setCell(m_positionsTable, row, 5, timeText(p.recordedAtMicros));
            }
            m_positionsStatus->setText(
                m_positions.isEmpty()
                    ? tr("No consumer has recorded a position in %1 (Eventide's Recorded messages).")
                          .arg(positionCategory(m_category))
                    : tr("%n consumer(s) recorded positions in %1; the category's head is global position "
                         "%2.",
                         nullptr, int(m_positions.size()))
                          .arg(positionCategory(m_category))
                          .arg(m_simulation.lastGlobalPosition()));
            Q_EMIT positionsLoaded();
        });
}

void ConsumerGroupPanel::lookUp(const QString& streamNameOrId)
{
    const QString text = streamNameOrId.trimmed();
    if (text.isEmpty()) {
        m_lookupAnatomy->clear();
        m_lookupTable->setRowCount(0);
        return;
    }
    const StreamLookup found = PartitionSimulation::lookup(text);
    m_lookupAnatomy->setText(tr("Category: %1   Cardinal id: %2   hash_64: %3")
                                 .arg(found.category ? *found.category : tr("(taken as an id)"),
                                      found.cardinalId.value_or(QString()))
                                 .arg(found.hash ? QString::number(*found.hash) : QStringLiteral("NULL")));
    m_lookupTable->setRowCount(int(found.members.size()));
    for (int row = 0; row < found.members.size(); ++row) {
        setCell(m_lookupTable, row, 0, QString::number(row + 1));
        setCell(m_lookupTable, row, 1, memberText(found.members.at(row)));
    }
}

void ConsumerGroupPanel::replayFirst()
{
    bool ok = false;
    const qint64 start = m_replayStart->text().toLongLong(&ok);
    if (!ok) {
        m_replayStatus->setText(tr("The start position must be a number."));
        return;
    }
    m_replayBatchNumber = 0;
    replay(start);
}

void ConsumerGroupPanel::replayNext()
{
    if (m_replayBatchNumber == 0)
        return replayFirst();
    replay(m_replayNext);
}

void ConsumerGroupPanel::replay(qint64 position)
{
    CategoryQuery query;
    query.category = m_category;
    query.position = position;
    query.batchSize = m_replayBatchSize->value();
    if (!m_replayCorrelation->text().isEmpty())
        query.correlation = m_replayCorrelation->text();
    query.consumerGroupMember = m_replayMember->value();
    query.consumerGroupSize = groupSize();
    const quint64 generation = ++m_replayGeneration;
    m_replayStatus->setText(tr("Reading…"));
    runInBackground(
        this, interactivePool(),
        [store = m_store, ns = m_namespace, query] { return store->categoryMessages(ns, query); },
        [this, generation, position](const Result<MessageList>& batch) {
            if (generation != m_replayGeneration)
                return;
            if (!batch) {
                m_replayStatus->setText(batch.error().text());
                return;
            }
            m_replayBatch = *batch;
            ++m_replayBatchNumber;
            // A consumer goes on from the position after the last message it read.
            m_replayNext = m_replayBatch.isEmpty() ? position : m_replayBatch.constLast().globalPosition + 1;
            m_replayTable->setRowCount(int(std::min<qsizetype>(m_replayBatch.size(), ReplayRowsShown)));
            for (int row = 0; row < m_replayTable->rowCount(); ++row) {
                const Message& m = m_replayBatch.at(row);
                setCell(m_replayTable, row, 0, QString::number(m.globalPosition));
                setCell(m_replayTable, row, 1, QString::number(m.position));
                setCell(m_replayTable, row, 2, m.streamName);
                setCell(m_replayTable, row, 3, m.type);
                setCell(m_replayTable, row, 4, m.timeText());
            }
            m_replayStatus->setText(
                tr("Batch %1: get_category_messages('%2', %3, %4, %5, %6, %7) returned %n message(s); the "
                   "next "
                   "batch starts at position %8.",
                   nullptr, int(m_replayBatch.size()))
                    .arg(m_replayBatchNumber)
                    .arg(m_category)
                    .arg(position)
                    .arg(m_replayBatchSize->value())
                    .arg(m_replayCorrelation->text().isEmpty()
                             ? QStringLiteral("NULL")
                             : QLatin1Char('\'') + m_replayCorrelation->text() + QLatin1Char('\''))
                    .arg(m_replayMember->value())
                    .arg(groupSize())
                    .arg(m_replayNext));
            Q_EMIT replayed();
        });
}

void ConsumerGroupPanel::startTail()
{
    if (!m_loaded || !isVisible())
        return;
    m_tail.start(m_store, m_namespace, m_category, m_simulation.lastGlobalPosition() + 1);
    m_liveRefresh->start();
    m_liveStatus->setText(
        tr("Following %1 from global position %2…").arg(m_category).arg(m_tail.nextGlobalPosition()));
}

void ConsumerGroupPanel::messagesArrived(const QList<StreamSighting>& sightings)
{
    const qint64 now = m_clock.elapsed();
    const qsizetype streamsBefore = m_simulation.streams().size();
    for (const StreamSighting& sighting : sightings) {
        const qsizetype index = m_simulation.record(sighting);
        m_rates.record(PartitionSimulation::memberOf(m_simulation.streams().at(index), groupSize()), now);
        m_map->light(index);
        if (index < streamsBefore) {
            m_changedFirst = m_changedFirst < 0 ? index : std::min(m_changedFirst, index);
            m_changedLast = std::max(m_changedLast, index);
        }
    }
    m_liveArrivals += sightings.size();
    m_pendingArrivals += sightings.size();
    if (m_simulation.streams().size() > streamsBefore)
        m_streamsModel->streamsAdded(m_simulation.streams().size());
}

void ConsumerGroupPanel::refreshLive()
{
    // Tables, balance and strips follow the live tail twice a second, not once per message.
    const QList<double> rates = m_rates.rates(m_clock.elapsed());
    if (m_changedFirst >= 0) {
        m_streamsModel->streamsChanged(m_changedFirst, m_changedLast);
        m_changedFirst = m_changedLast = -1;
    }
    if (m_pendingArrivals > 0) {
        m_pendingArrivals = 0;
        m_map->simulationChanged(updateAssignment());
    }
    m_memberModel->setRates(rates);
    m_map->setRates(rates);
    double total = 0;
    for (double r : rates)
        total += r;
    m_liveStatus->setText(
        tr("Live: %1 messages/s, %2 new messages since the panel read the category, last global "
           "position %3.")
            .arg(total, 0, 'f', 1)
            .arg(QLocale().toString(m_liveArrivals))
            .arg(m_simulation.lastGlobalPosition()));
    Q_EMIT liveUpdated();
}

void ConsumerGroupPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_tail.isRunning())
        startTail(); // catches up from where the panel's numbers stand
}

void ConsumerGroupPanel::hideEvent(QHideEvent* event)
{
    m_tail.stop();
    m_liveRefresh->stop();
    QWidget::hideEvent(event);
}

} // namespace mdb
