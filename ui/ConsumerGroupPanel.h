#pragma once

#include "model/CategoryTail.h"
#include "model/ConsumerPositions.h"
#include "model/PartitionModels.h"
#include "model/PartitionSimulation.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;
class QPushButton;

namespace mdb {

class PartitionMap;

// The consumer-group simulator: how Message DB's consumer groups split one category.
// Assignment (every stream's cardinal id, hash and member; streams, messages, share and last
// position per member; balance; streams no member receives; cardinal ids shared with other
// categories), what-if of a resize, lookup of any name or id, a live partition map fed by a tail
// on the category, a consumer's-eye replay of get_category_messages batches, and Eventide
// consumers' recorded positions with their lag. Every read runs on a worker thread; the live tail
// runs only while the panel is shown.
class ConsumerGroupPanel : public QWidget
{
    Q_OBJECT
public:
    ConsumerGroupPanel(std::shared_ptr<Store> store, const QString& ns, const QString& category,
                       QWidget* parent = nullptr);
    ~ConsumerGroupPanel() override;

    // Reads the category again (totals, then shared ids and consumer positions).
    void reload();
    void setCategory(const QString& ns, const QString& category);
    void setGroupSizes(int groupSize, int resizedGroupSize);
    void lookUp(const QString& streamNameOrId);
    // The first batch of the replay from the start position, then each next batch.
    void replayFirst();
    void replayNext();

    int groupSize() const;
    int resizedGroupSize() const;
    const PartitionSimulation& simulation() const { return m_simulation; }
    MemberLoadModel* memberModel() const { return m_memberModel; }
    PartitionStreamsModel* streamsModel() const { return m_streamsModel; }
    PartitionMap* partitionMap() const { return m_map; }
    const CategoryTail& tail() const { return m_tail; }
    const MessageList& replayBatch() const { return m_replayBatch; }
    qint64 replayNextPosition() const { return m_replayNext; }
    const QList<ConsumerPosition>& consumerPositions() const { return m_positions; }
    // The last load: the store's read, then hashing and filling the tables and the map.
    qint64 lastReadMs() const { return m_lastReadMs; }
    qint64 lastComputeMs() const { return m_lastComputeMs; }

Q_SIGNALS:
    void loaded();
    void liveUpdated();
    void replayed();
    void positionsLoaded();
    void failed(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildAssignmentTab();
    QWidget* buildWhatIfTab();
    QWidget* buildLookupTab();
    QWidget* buildLiveTab();
    QWidget* buildReplayTab();
    QWidget* buildPositionsTab();
    void loadNamespaces();
    void loadCategories();
    void applySimulation(std::shared_ptr<PartitionSimulation> simulation, qint64 readMs, qint64 hashMs);
    void groupSizesChanged();
    QList<MemberLoad> updateAssignment(); // returns the loads it shows
    void updateWhatIf(bool resizeTableToo);
    void loadSharedIds();
    void loadPositions();
    void replay(qint64 position);
    void messagesArrived(const QList<StreamSighting>& sightings);
    void refreshLive();
    void startTail();
    void showError(const QString& message);

    std::shared_ptr<Store> m_store;
    QString m_namespace;
    QString m_category;
    PartitionSimulation m_simulation;
    quint64 m_loadGeneration = 0;
    qint64 m_lastReadMs = 0;
    qint64 m_lastComputeMs = 0;
    bool m_loaded = false;

    MemberLoadModel* m_memberModel = nullptr;
    PartitionStreamsModel* m_streamsModel = nullptr;
    QSortFilterProxyModel* m_streamsProxy = nullptr;
    StreamMovesModel* m_movesModel = nullptr;

    QComboBox* m_namespaceBox = nullptr;
    QComboBox* m_categoryBox = nullptr;
    QSpinBox* m_size = nullptr;
    QSpinBox* m_resized = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_memberTable = nullptr;
    QLabel* m_balance = nullptr;
    QLabel* m_callouts = nullptr;
    QLabel* m_whatIfSummary = nullptr;
    QTableWidget* m_resizeTable = nullptr;
    QLineEdit* m_lookupText = nullptr;
    QLabel* m_lookupAnatomy = nullptr;
    QTableWidget* m_lookupTable = nullptr;
    PartitionMap* m_map = nullptr;
    QLabel* m_liveStatus = nullptr;
    QSpinBox* m_replayMember = nullptr;
    QLineEdit* m_replayStart = nullptr;
    QSpinBox* m_replayBatchSize = nullptr;
    QLineEdit* m_replayCorrelation = nullptr;
    QLabel* m_replayStatus = nullptr;
    QTableWidget* m_replayTable = nullptr;
    QTableWidget* m_positionsTable = nullptr;
    QLabel* m_positionsStatus = nullptr;

    CategoryTail m_tail;
    MemberRates m_rates;
    QElapsedTimer m_clock;
    QTimer* m_liveRefresh = nullptr;
    qsizetype m_changedFirst = -1;
    qsizetype m_changedLast = -1;
    qint64 m_liveArrivals = 0;    // since the category was read
    qint64 m_pendingArrivals = 0; // since the last refresh of tables and map

    MessageList m_replayBatch;
    qint64 m_replayNext = 1;
    int m_replayBatchNumber = 0;
    quint64 m_replayGeneration = 0;
    QList<ConsumerPosition> m_positions;
};

} // namespace mdb
