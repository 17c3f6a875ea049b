#include "QueryPlan.h"

#include "core/Connection.h"
#include "sql/StatementSplitter.h"

#include <QHash>

#include <sqlite3.h>

#include <functional>

namespace sluice {

bool PlanNode::isFullScan() const
{
    return detail.startsWith(QLatin1String("SCAN ")) && detail != QLatin1String("SCAN CONSTANT ROW");
}

bool PlanNode::isSearch() const
{
    return detail.startsWith(QLatin1String("SEARCH "));
}

bool PlanNode::usesTempBTree() const
{
    return detail.startsWith(QLatin1String("USE TEMP B-TREE"));
}

QList<const PlanNode*> QueryPlan::fullScans() const
{
    QList<const PlanNode*> out;
    std::function<void(const PlanNode&)> walk = [&](const PlanNode& n) {
        if (n.isFullScan())
            out << &n;
        for (const PlanNode& c : n.children)
            walk(c);
    };
    for (const PlanNode& r : roots)
        walk(r);
    return out;
}

QList<PlanNode> buildPlanTree(const QList<PlanRow>& rows)
{
    // Children are collected per parent id first, then assembled bottom-up, so that the nodes are
    // copied into their parents only once their own subtree is complete.
    QHash<int, QList<int>> childrenOf;
    QHash<int, int> indexOfId;
    for (int i = 0; i < rows.size(); ++i)
        indexOfId.insert(rows.at(i).id, i);
    QList<int> roots;
    for (int i = 0; i < rows.size(); ++i) {
        const PlanRow& r = rows.at(i);
        if (r.parent != r.id && indexOfId.contains(r.parent) && indexOfId.value(r.parent) < i)
            childrenOf[r.parent] << i;
        else
            roots << i;
    }
    std::function<PlanNode(int)> make = [&](int i) {
        const PlanRow& r = rows.at(i);
        PlanNode n;
        n.id = r.id;
        n.parent = r.parent;
        n.detail = r.detail;
        for (int c : childrenOf.value(r.id))
            n.children << make(c);
        return n;
    };
    QList<PlanNode> out;
    for (int i : roots)
        out << make(i);
    return out;
}

Result<QueryPlan> explainQueryPlan(Connection& connection, const QString& sql)
{
    const QString operation = QStringLiteral("Explaining the query plan");
    const QList<StatementSpan> spans = splitStatements(sql);
    if (spans.isEmpty())
        return DbError::plain(operation, QStringLiteral("there is no statement to explain"));
    QueryPlan plan;
    plan.statement = spans.first().text;
    sqlite3* db = connection.handle();
    if (!db)
        return DbError::plain(operation, connection.rawHandleProblem());

    QString body = plan.statement;
    while (body.endsWith(QLatin1Char(';')))
        body.chop(1);
    const QByteArray text = QStringLiteral("EXPLAIN QUERY PLAN %1").arg(body).toUtf8();
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &st, nullptr) != SQLITE_OK) {
        DbError e = connection.lastRawError(operation);
        e.statement = plan.statement;
        sqlite3_finalize(st);
        return e;
    }
    QList<PlanRow> rows;
    int rc = SQLITE_OK;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW)
        rows << PlanRow{sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
                        QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 3)))};
    if (st && rc != SQLITE_DONE) {
        DbError e = connection.lastRawError(operation);
        e.statement = plan.statement;
        sqlite3_finalize(st);
        return e;
    }
    sqlite3_finalize(st);
    plan.roots = buildPlanTree(rows);
    return plan;
}

} // namespace sluice
