#include "TestSupport.h"
#include "core/Connection.h"
#include "query/QueryPlan.h"

#include <QTest>

using namespace sluice;
using namespace sluice::test;

class TestQueryPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void treeFromRows()
    {
        const QList<PlanNode> roots =
            buildPlanTree({{2, 0, QStringLiteral("CO-ROUTINE v")},
                           {5, 2, QStringLiteral("SCAN a")},
                           {9, 0, QStringLiteral("SCAN v")},
                           {11, 0, QStringLiteral("SEARCH b USING INDEX b_x (x=?)")},
                           {14, 11, QStringLiteral("USE TEMP B-TREE FOR ORDER BY")}});
        QCOMPARE(roots.size(), 3);
        QCOMPARE(roots[0].children.size(), 1);
        QCOMPARE(roots[0].children[0].detail, QStringLiteral("SCAN a"));
        QVERIFY(roots[0].children[0].isFullScan());
        QVERIFY(roots[2].isSearch());
        QVERIFY(!roots[2].isFullScan());
        QVERIFY(roots[2].children[0].usesTempBTree());
        PlanNode constant;
        constant.detail = QStringLiteral("SCAN CONSTANT ROW");
        QVERIFY(!constant.isFullScan());
    }

    void scanWithoutIndexSearchWithIt()
    {
        TempDir dir;
        const QString path = dir.makeDb(QStringLiteral("p.db"),
                                        QStringLiteral("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);"
                                                       "CREATE TABLE u(id INTEGER PRIMARY KEY, t_id INT);"));
        auto c = Connection::open(path);
        QVERIFY(c.ok());
        const QString query = QStringLiteral("SELECT * FROM t WHERE b = 'x';");
        Result<QueryPlan> plan = explainQueryPlan(**c, query);
        QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message()));
        QCOMPARE(plan->statement, query);
        QCOMPARE(plan->roots.size(), 1);
        QCOMPARE(plan->roots[0].detail, QStringLiteral("SCAN t"));
        QCOMPARE(plan->fullScans().size(), 1);

        QVERIFY((*c)->exec(QStringLiteral("CREATE INDEX t_b ON t(b)")).ok());
        plan = explainQueryPlan(**c, query);
        QVERIFY(plan.ok());
        QVERIFY(plan->fullScans().isEmpty());
        QVERIFY2(plan->roots[0].isSearch(), qPrintable(plan->roots[0].detail));
        QVERIFY(plan->roots[0].detail.contains(QStringLiteral("INDEX t_b")));

        // A join nests nothing but lists both loops; a subquery nests.
        plan = explainQueryPlan(
            **c, QStringLiteral("SELECT * FROM u WHERE t_id IN (SELECT a FROM t WHERE b > 'm')"));
        QVERIFY(plan.ok());
        QCOMPARE(plan->fullScans().size(), 1);
        QCOMPARE(plan->fullScans()[0]->detail, QStringLiteral("SCAN u"));
        bool nested = false;
        for (const PlanNode& r : plan->roots)
            nested = nested || !r.children.isEmpty();
        QVERIFY(nested);
    }

    void explainDoesNotRunTheStatement()
    {
        TempDir dir;
        const QString path =
            dir.makeDb(QStringLiteral("p.db"), QStringLiteral("CREATE TABLE t(a);INSERT INTO t VALUES (1);"));
        auto c = Connection::open(path);
        QVERIFY(c.ok());
        Result<QueryPlan> plan = explainQueryPlan(**c, QStringLiteral("DELETE FROM t; SELECT 1;"));
        QVERIFY(plan.ok());
        QCOMPARE(plan->statement, QStringLiteral("DELETE FROM t;"));
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("1"));
    }

    void explainReportsErrors()
    {
        TempDir dir;
        auto c = Connection::open(dir.makeDb(QStringLiteral("p.db"), {}));
        QVERIFY(c.ok());
        Result<QueryPlan> plan = explainQueryPlan(**c, QStringLiteral("SELECT * FROM missing"));
        QVERIFY(!plan.ok());
        QVERIFY(plan.error().message().contains(QStringLiteral("no such table")));
        QCOMPARE(plan.error().statement, QStringLiteral("SELECT * FROM missing"));
        QVERIFY(!explainQueryPlan(**c, QStringLiteral("  -- nothing")).ok());
    }
};

QTEST_GUILESS_MAIN(TestQueryPlan)
#include "tst_queryplan.moc"
