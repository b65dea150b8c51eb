#pragma once

#include <QTableView>

namespace mdb {

// The table of a search's matches, as the Find in messages dock shows it (and its benchmark
// measures it): whole rows, one line each, fixed row heights, so that the repaint after each
// chunk of matches lays out nothing but the visible cells' text.
class FindResultsView : public QTableView
{
    Q_OBJECT
public:
    explicit FindResultsView(QWidget* parent = nullptr);
};

} // namespace mdb
