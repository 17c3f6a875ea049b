#pragma once
#include "core/Result.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace sluice {

class Connection;

// One line of EXPLAIN QUERY PLAN, placed in its tree.
struct PlanNode
{
    int id = 0;
    int parent = 0;
    QString detail;
    QList<PlanNode> children;

    // "SCAN t" reads every row of t: no index narrows the search (often a missing index).
    // "SEARCH t USING INDEX …" is the good case. "SCAN CONSTANT ROW" is not a table scan.
    bool isFullScan() const;
    bool isSearch() const;
    // ORDER BY / GROUP BY / DISTINCT sorted in a temporary b-tree (no index delivers the order).
    bool usesTempBTree() const;
};

struct QueryPlan
{
    QString statement;
    QList<PlanNode> roots;

    bool isEmpty() const { return roots.isEmpty(); }
    // Every node whose detail is a full scan, in tree order.
    QList<const PlanNode*> fullScans() const;
};

// Builds the tree from EXPLAIN QUERY PLAN rows (id, parent, detail) in SQLite's order; a row whose
// parent id is unknown becomes a root.
struct PlanRow
{
    int id = 0;
    int parent = 0;
    QString detail;
};
QList<PlanNode> buildPlanTree(const QList<PlanRow>& rows);

// EXPLAIN QUERY PLAN of the first statement of `sql`, without running it.
Result<QueryPlan> explainQueryPlan(Connection& connection, const QString& sql);

} // namespace sluice

Q_DECLARE_METATYPE(sluice::QueryPlan)
