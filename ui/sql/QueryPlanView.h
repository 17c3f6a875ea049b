#pragma once
#include "query/QueryPlan.h"

#include <QTreeWidget>

namespace sluice::ui {

// EXPLAIN QUERY PLAN as a tree. Full scans ("SCAN t": every row read, no index narrows it) carry a
// warning icon and the note "full scan — no index used"; sorts in a temporary b-tree are noted too.
class QueryPlanView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Role { FullScanRole = Qt::UserRole + 1 };

    explicit QueryPlanView(QWidget* parent = nullptr);

    void setPlan(const QueryPlan& plan);
    const QueryPlan& plan() const { return m_plan; }
    // Items marked as full scans, in tree order.
    QList<QTreeWidgetItem*> fullScanItems() const;

    static QString fullScanNote();

private:
    QueryPlan m_plan;
};

} // namespace sluice::ui
