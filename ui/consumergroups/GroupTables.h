#pragma once

class QAbstractItemModel;
class QLabel;
class QTableView;
class QWidget;

namespace mdb {

// The consumer-group tabs' tables: whole rows selected, alternating rows, compact rows, no row
// numbers, the last column stretched.
QTableView* groupTableView(QAbstractItemModel* model, QWidget* parent);
// A wrapped, selectable label for the tabs' summaries.
QLabel* summaryLabel(const char* objectName, QWidget* parent);

} // namespace mdb
