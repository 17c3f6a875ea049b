#include "QueryPlanView.h"

#include <QHeaderView>
#include <QStyle>

#include <functional>

namespace sluice::ui {

QueryPlanView::QueryPlanView(QWidget* parent) : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({tr("Step"), tr("Note")});
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
}

QString QueryPlanView::fullScanNote()
{
    return tr("full scan — no index used");
}

void QueryPlanView::setPlan(const QueryPlan& plan)
{
    m_plan = plan;
    clear();
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    std::function<void(QTreeWidgetItem*, const PlanNode&)> add = [&](QTreeWidgetItem* item,
                                                                     const PlanNode& node) {
        item->setText(0, node.detail);
        item->setData(0, FullScanRole, node.isFullScan());
        if (node.isFullScan()) {
            item->setIcon(0, warning);
            item->setText(1, fullScanNote());
            item->setToolTip(0,
                             tr("SQLite reads every row of this table. An index on the columns of the WHERE "
                                "or JOIN condition would let it search instead."));
        } else if (node.usesTempBTree()) {
            item->setText(1, tr("sorted in a temporary b-tree (no index gives this order)"));
        } else if (node.isSearch()) {
            item->setText(1, tr("uses an index or key"));
        }
        for (const PlanNode& child : node.children)
            add(new QTreeWidgetItem(item), child);
    };
    for (const PlanNode& root : plan.roots)
        add(new QTreeWidgetItem(this), root);
    expandAll();
}

QList<QTreeWidgetItem*> QueryPlanView::fullScanItems() const
{
    QList<QTreeWidgetItem*> out;
    for (QTreeWidgetItemIterator it(const_cast<QueryPlanView*>(this)); *it; ++it)
        if ((*it)->data(0, FullScanRole).toBool())
            out << *it;
    return out;
}

} // namespace sluice::ui
