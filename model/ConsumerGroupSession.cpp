#include "model/ConsumerGroupSession.h"

#include "model/Background.h"
#include "model/WorkerPools.h"
#include "storage/MessageDbRules.h"

#include <QTimer>

namespace mdb {

ConsumerGroupSession::ConsumerGroupSession(std::shared_ptr<Store> store, QObject* parent)
    : QObject(parent)
    , m_store(std::move(store))
{
    m_clock.start();
    m_memberModel = new MemberLoadModel(this);
    m_streamsModel = new PartitionStreamsModel(this);
    m_movesModel = new StreamMovesModel(this);
    m_resizeModel = new GroupResizeModel(this);
    m_replayModel = new ReplayBatchModel(this);
    m_positionsModel = new ConsumerPositionsModel(this);
    m_streamsModel->setGroupSizes(m_groupSize, m_resizedGroupSize);

    connect(&m_tail, &CategoryTail::arrived, this, &ConsumerGroupSession::messagesArrived);
    connect(&m_tail, &CategoryTail::failed, this, [this](const StoreError& error) {
        m_liveRefresh->stop();
        Q_EMIT tailFailed(error);
    });
    m_liveRefresh = new QTimer(this);
    m_liveRefresh->setInterval(LiveRefreshMs);
    connect(m_liveRefresh, &QTimer::timeout, this, &ConsumerGroupSession::refreshLive);
}

ConsumerGroupSession::~ConsumerGroupSession()
{
    m_tail.stop();
}

Result<PartitionSimulation> ConsumerGroupSession::readSimulation(Store& store, const QString& ns,
                                                                 const QString& category, qint64 newestRead)
{
    return store.categoryStreams(ns, category, newestRead)
        .transform([&category](const CategoryStreams& read) { return PartitionSimulation(category, read); });
}

void ConsumerGroupSession::setCategory(const QString& ns, const QString& category)
{
    m_namespace = ns;
    m_category = category;
    reload();
}

void ConsumerGroupSession::reload()
{
    stopTail();
    m_loaded = false; // until the new read lands, nothing to follow
    const quint64 generation = ++m_loadGeneration;
    if (m_category.isEmpty())
        return;
    if (Status valid = MessageDbRules::checkCategoryQuery({m_category, {}, {}, {}, {}, {}, {}}, false);
        !valid) {
        Q_EMIT loadFailed(valid.error());
        return;
    }
    Q_EMIT loading();
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
            if (!loaded) {
                Q_EMIT loadFailed(loaded.error());
                return;
            }
            applySimulation(std::move(*loaded->simulation), loaded->readMs, loaded->hashMs);
        });
}

void ConsumerGroupSession::applySimulation(PartitionSimulation simulation, qint64 readMs, qint64 hashMs)
{
    QElapsedTimer timer;
    timer.start();
    // Models and views let go of the old streams before they are replaced.
    Q_EMIT simulationAboutToBeReplaced();
    m_streamsModel->setSimulation(nullptr);
    m_movesModel->setMoves(nullptr, {});
    m_resizeModel->setSimulation(nullptr, m_groupSize);
    m_simulation = std::move(simulation);
    m_loaded = true;
    m_streamsModel->setGroupSizes(m_groupSize, m_resizedGroupSize);
    m_streamsModel->setSimulation(&m_simulation);
    m_rates.reset(m_groupSize);
    m_memberRates = QList<double>(m_groupSize, 0.0);
    Q_EMIT simulationReplaced();
    updateMembers();
    updateResize(true);
    m_lastReadMs = readMs;
    m_lastComputeMs = hashMs + timer.elapsed();
    m_replayNext = 1;
    m_replayBatchNumber = 0;
    m_liveArrivals = 0;
    m_pendingArrivals = 0;
    m_changedFirst = m_changedLast = -1;
    startTail();
    loadSharedIds();
    loadPositions();
    Q_EMIT loaded();
}

void ConsumerGroupSession::setGroupSizes(int groupSize, int resizedGroupSize)
{
    const bool groupSizeChanged = groupSize != m_groupSize;
    m_groupSize = groupSize;
    m_resizedGroupSize = resizedGroupSize;
    m_streamsModel->setGroupSizes(groupSize, resizedGroupSize);
    Q_EMIT groupSizesChanged();
    if (!m_loaded)
        return;
    // Members and the 1..16 table depend on the group size only; the moves on both sizes.
    if (groupSizeChanged) {
        m_rates.reset(groupSize);
        m_memberRates = QList<double>(groupSize, 0.0);
        updateMembers();
    }
    updateResize(groupSizeChanged);
}

void ConsumerGroupSession::updateMembers()
{
    const QList<MemberLoad> loads = m_simulation.members(m_groupSize);
    m_memberModel->setLoads(loads);
    m_memberModel->setRates(m_memberRates);
    Q_EMIT membersChanged(loads);
}

void ConsumerGroupSession::updateResize(bool tableToo)
{
    m_resizeImpact = m_simulation.resize(m_groupSize, m_resizedGroupSize);
    m_movesModel->setMoves(&m_simulation, m_resizeImpact.moves);
    if (tableToo)
        m_resizeModel->setSimulation(&m_simulation, m_groupSize);
    Q_EMIT resizeChanged();
}

void ConsumerGroupSession::loadSharedIds()
{
    const quint64 generation = m_loadGeneration;
    runInBackground(
        this, backgroundPool(),
        [store = m_store, ns = m_namespace, category = m_category]() -> Result<QHash<QString, QStringList>> {
            return store->streamNames(ns).transform([&category](const QStringList& names) {
                return PartitionSimulation::sharedCardinalIds(category, names);
            });
        },
        [this, generation](const Result<QHash<QString, QStringList>>& shared) {
            if (generation != m_loadGeneration)
                return;
            if (shared)
                Q_EMIT sharedIdsLoaded(*shared);
            else
                Q_EMIT sharedIdsFailed(shared.error());
        });
}

void ConsumerGroupSession::loadPositions()
{
    if (!m_loaded)
        return;
    const quint64 generation = m_loadGeneration;
    Q_EMIT positionsLoading();
    runInBackground(
        this, backgroundPool(),
        [store = m_store, ns = m_namespace, category = m_category] {
            return readConsumerPositions(*store, ns, category);
        },
        [this, generation](const Result<QList<ConsumerPosition>>& positions) {
            if (generation != m_loadGeneration)
                return;
            if (!positions) {
                Q_EMIT positionsFailed(positions.error());
                return;
            }
            m_positionsModel->setPositions(*positions);
            Q_EMIT positionsLoaded();
        });
}

void ConsumerGroupSession::replay(const ReplayRequest& request)
{
    runReplay(request, 1);
}

void ConsumerGroupSession::replayNext(ReplayRequest request)
{
    if (m_replayBatchNumber == 0)
        return replay(request);
    request.position = m_replayNext;
    runReplay(request, m_replayBatchNumber + 1);
}

void ConsumerGroupSession::runReplay(const ReplayRequest& request, int batchNumber)
{
    CategoryQuery query;
    query.category = m_category;
    query.position = request.position;
    query.batchSize = request.batchSize;
    if (!request.correlation.isEmpty())
        query.correlation = request.correlation;
    query.consumerGroupMember = request.member;
    query.consumerGroupSize = m_groupSize;
    const quint64 generation = ++m_replayGeneration;
    Q_EMIT replayStarted();
    runInBackground(
        this, interactivePool(),
        [store = m_store, ns = m_namespace, query] { return store->categoryMessages(ns, query); },
        [this, generation, request, batchNumber](const Result<MessageList>& batch) {
            if (generation != m_replayGeneration)
                return;
            if (!batch) {
                Q_EMIT replayFailed(batch.error());
                return;
            }
            m_replayRequest = request;
            m_replayBatchNumber = batchNumber;
            // A consumer goes on from the position after the last message it read.
            m_replayNext = batch->isEmpty() ? request.position : batch->constLast().globalPosition + 1;
            m_replayModel->setBatch(*batch);
            Q_EMIT replayed();
        });
}

void ConsumerGroupSession::setLive(bool live)
{
    m_live = live;
    if (live && !m_tail.isRunning())
        startTail(); // catches up from where the session's numbers stand
    else if (!live)
        stopTail();
}

void ConsumerGroupSession::startTail()
{
    if (!m_loaded || !m_live)
        return;
    m_tail.start(m_store, m_namespace, m_category, m_simulation.lastGlobalPosition() + 1);
    m_liveRefresh->start();
    Q_EMIT tailStarted();
}

void ConsumerGroupSession::stopTail()
{
    m_tail.stop();
    m_liveRefresh->stop();
}

void ConsumerGroupSession::messagesArrived(const QList<StreamSighting>& sightings)
{
    const qint64 now = m_clock.elapsed();
    const qsizetype streamsBefore = m_simulation.streams().size();
    QList<qsizetype> seen;
    seen.reserve(sightings.size());
    for (const StreamSighting& sighting : sightings) {
        const qsizetype index = m_simulation.record(sighting);
        m_rates.record(PartitionSimulation::memberOf(m_simulation.streams().at(index), m_groupSize), now);
        seen.append(index);
        if (index < streamsBefore) {
            m_changedFirst = m_changedFirst < 0 ? index : std::min(m_changedFirst, index);
            m_changedLast = std::max(m_changedLast, index);
        }
    }
    m_liveArrivals += sightings.size();
    m_pendingArrivals += sightings.size();
    if (m_simulation.streams().size() > streamsBefore)
        m_streamsModel->streamsAdded(m_simulation.streams().size());
    Q_EMIT streamsSeen(seen);
}

void ConsumerGroupSession::refreshLive()
{
    m_memberRates = m_rates.rates(m_clock.elapsed());
    if (m_changedFirst >= 0) {
        m_streamsModel->streamsChanged(m_changedFirst, m_changedLast);
        m_changedFirst = m_changedLast = -1;
    }
    if (m_pendingArrivals > 0) {
        m_pendingArrivals = 0;
        updateMembers();
    } else {
        m_memberModel->setRates(m_memberRates);
    }
    Q_EMIT liveUpdated();
}

} // namespace mdb
