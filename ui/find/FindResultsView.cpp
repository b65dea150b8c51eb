#include "ui/find/FindResultsView.h"

#include <QHeaderView>

namespace mdb {

FindResultsView::FindResultsView(QWidget* parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("findResults"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    // One line per match: word wrapping would lay out every cell's text again on each repaint.
    setWordWrap(false);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultSectionSize(120);
}

} // namespace mdb
