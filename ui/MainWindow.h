#pragma once

#include "Store.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QStandardItemModel;
class QTreeView;

namespace mdb {

struct StoreOverview;

// The main window: the store's namespaces and their categories.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(std::shared_ptr<Store> store, QWidget* parent = nullptr);

    void refresh();

private:
    void showOverview(const StoreOverview& overview);

    std::shared_ptr<Store> m_store;
    QStandardItemModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_status = nullptr;
    quint64 m_generation = 0; // answers to older refreshes are dropped
};

} // namespace mdb
