#pragma once

#include "model/CategoryTail.h"
#include "model/ConsumerPositions.h"
#include "model/PartitionModels.h"
#include "model/PartitionSimulation.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTimer;

namespace mdb {

// What the consumer-group panel knows and does, with no widget in sight: one category's
// simulation under two group sizes, the table models every tab shows, the live tail with member
// rates, a consumer's-eye replay of get_category_messages, cardinal ids shared with other
// categories and Eventide consumers' recorded positions. Every read runs on a worker thread;
// answers to a superseded load or replay are dropped. Lives on the GUI thread.
//
// A load replaces the simulation in place: simulationAboutToBeReplaced() and simulationReplaced()
// bracket it (views holding a pointer to simulation() let go and take it again), then
// membersChanged() and resizeChanged() follow, then loaded().
class ConsumerGroupSession : public QObject
{
    Q_OBJECT
public:
    // The category's newest messages read to date each member's last message: enough to meet
    // every member of any practical group.
    static constexpr qint64 NewestRead = 20000;
    // Tables, balance and map follow the live tail twice a second, not once per message.
    static constexpr int LiveRefreshMs = 500;

    struct ReplayRequest
    {
        qint64 position = 1;
        int member = 0;
        qint64 batchSize = 10;
        QString correlation; // empty: none
    };

    explicit ConsumerGroupSession(std::shared_ptr<Store> store, QObject* parent = nullptr);
    ~ConsumerGroupSession() override;

    // The category's streams and newest messages, hashed: one synchronous read (what a load runs
    // on its worker, and what `mdbctl partition` prints from).
    static Result<PartitionSimulation> readSimulation(Store& store, const QString& ns,
                                                      const QString& category, qint64 newestRead);

    const std::shared_ptr<Store>& store() const { return m_store; }
    const QString& ns() const { return m_namespace; }
    const QString& category() const { return m_category; }

    // Chooses the category and reads it.
    void setCategory(const QString& ns, const QString& category);
    // Reads the category again: totals, then shared ids and consumer positions.
    void reload();
    bool isLoaded() const { return m_loaded; }
    const PartitionSimulation& simulation() const { return m_simulation; }
    // The last load: the store's read, then hashing and filling the models and views.
    qint64 lastReadMs() const { return m_lastReadMs; }
    qint64 lastComputeMs() const { return m_lastComputeMs; }

    void setGroupSizes(int groupSize, int resizedGroupSize);
    int groupSize() const { return m_groupSize; }
    int resizedGroupSize() const { return m_resizedGroupSize; }
    const ResizeImpact& resizeImpact() const { return m_resizeImpact; }

    // Follows the category while on (the panel is shown); catches up from the loaded position.
    void setLive(bool live);
    const CategoryTail& tail() const { return m_tail; }
    qint64 liveArrivals() const { return m_liveArrivals; } // since the category was read
    const QList<double>& memberRates() const { return m_memberRates; }

    // A consumer's first batch from request.position; replayNext reads the next batch from where
    // the last one ended (the first, when none was read), with the request's other fields.
    void replay(const ReplayRequest& request);
    void replayNext(ReplayRequest request);
    const ReplayRequest& replayRequest() const { return m_replayRequest; } // of the batch shown
    int replayBatchNumber() const { return m_replayBatchNumber; }
    const MessageList& replayBatch() const { return m_replayModel->batch(); }
    qint64 replayNextPosition() const { return m_replayNext; }

    void loadPositions();
    const QList<ConsumerPosition>& consumerPositions() const { return m_positionsModel->positions(); }

    MemberLoadModel* memberModel() const { return m_memberModel; }
    PartitionStreamsModel* streamsModel() const { return m_streamsModel; }
    StreamMovesModel* movesModel() const { return m_movesModel; }
    GroupResizeModel* resizeModel() const { return m_resizeModel; }
    ReplayBatchModel* replayModel() const { return m_replayModel; }
    ConsumerPositionsModel* positionsModel() const { return m_positionsModel; }

Q_SIGNALS:
    void loading();
    void simulationAboutToBeReplaced();
    void simulationReplaced();
    void loaded();
    void loadFailed(const mdb::StoreError& error);
    void groupSizesChanged();
    // The members' loads changed (a load, a new group size, live arrivals).
    void membersChanged(const QList<mdb::MemberLoad>& loads);
    // The resize's moves changed (a load or either group size).
    void resizeChanged();
    void sharedIdsLoaded(const QHash<QString, QStringList>& shared);
    void sharedIdsFailed(const mdb::StoreError& error);

    void tailStarted();
    void tailFailed(const mdb::StoreError& error); // the tail has stopped
    // Messages just seen live, by stream index into simulation().
    void streamsSeen(const QList<qsizetype>& streamIndexes);
    void liveUpdated();

    void replayStarted();
    void replayed();
    void replayFailed(const mdb::StoreError& error);

    void positionsLoading();
    void positionsLoaded();
    void positionsFailed(const mdb::StoreError& error);

private:
    void applySimulation(PartitionSimulation simulation, qint64 readMs, qint64 hashMs);
    void updateMembers();
    void updateResize(bool tableToo);
    void loadSharedIds();
    void runReplay(const ReplayRequest& request, int batchNumber);
    void startTail();
    void stopTail();
    void messagesArrived(const QList<StreamSighting>& sightings);
    void refreshLive();

    std::shared_ptr<Store> m_store;
    QString m_namespace;
    QString m_category;
    PartitionSimulation m_simulation;
    bool m_loaded = false;
    quint64 m_loadGeneration = 0;
    qint64 m_lastReadMs = 0;
    qint64 m_lastComputeMs = 0;
    int m_groupSize = 3;
    int m_resizedGroupSize = 4;
    ResizeImpact m_resizeImpact;

    MemberLoadModel* m_memberModel = nullptr;
    PartitionStreamsModel* m_streamsModel = nullptr;
    StreamMovesModel* m_movesModel = nullptr;
    GroupResizeModel* m_resizeModel = nullptr;
    ReplayBatchModel* m_replayModel = nullptr;
    ConsumerPositionsModel* m_positionsModel = nullptr;

    bool m_live = false;
    CategoryTail m_tail;
    MemberRates m_rates;
    QList<double> m_memberRates;
    QElapsedTimer m_clock;
    QTimer* m_liveRefresh = nullptr;
    qsizetype m_changedFirst = -1;
    qsizetype m_changedLast = -1;
    qint64 m_liveArrivals = 0;
    qint64 m_pendingArrivals = 0; // since the last refresh of models and map

    ReplayRequest m_replayRequest;
    qint64 m_replayNext = 1;
    int m_replayBatchNumber = 0;
    quint64 m_replayGeneration = 0;
};

} // namespace mdb
