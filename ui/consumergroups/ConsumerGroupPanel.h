#pragma once

#include "storage/Store.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QSpinBox;
class QTabWidget;

namespace mdb {

class ConsumerGroupSession;
class PartitionMap;

// The consumer-group simulator's window: how Message DB's consumer groups split one category.
// A bar to choose the namespace, category and the two group sizes, a status line, and one tab per
// question (ui/consumergroups/*Tab): assignment, what-if of a resize, lookup of any name or id,
// the live partition map, a consumer's-eye replay, Eventide consumers' positions. What they show
// lives in a ConsumerGroupSession; the live tail runs only while the window is shown.
class ConsumerGroupPanel : public QWidget
{
    Q_OBJECT
public:
    ConsumerGroupPanel(std::shared_ptr<Store> store, const QString& ns, const QString& category,
                       QWidget* parent = nullptr);
    ~ConsumerGroupPanel() override;

    void setCategory(const QString& ns, const QString& category);
    void setGroupSizes(int groupSize, int resizedGroupSize);
    void reload();

    ConsumerGroupSession* session() const { return m_session; }
    PartitionMap* partitionMap() const { return m_map; }

Q_SIGNALS:
    void failed(const mdb::StoreError& error);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void loadNamespaces();
    void loadCategories();
    void showLoaded();
    void showError(const StoreError& error);

    ConsumerGroupSession* m_session = nullptr;
    PartitionMap* m_map = nullptr;
    QComboBox* m_namespaceBox = nullptr;
    QComboBox* m_categoryBox = nullptr;
    QSpinBox* m_size = nullptr;
    QSpinBox* m_resized = nullptr;
    QLabel* m_status = nullptr;
    QTabWidget* m_tabs = nullptr;
};

} // namespace mdb
