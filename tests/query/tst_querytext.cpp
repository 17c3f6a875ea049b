#include "query/SqlCompletions.h"
#include "query/StatementAtCursor.h"
#include "schema/Schema.h"

#include <QTest>

using namespace sluice;

class TestQueryText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statementUnderCursor()
    {
        //                      0         1          2
        //                      0123456789 0123456789 0123456789
        const QString script = QStringLiteral("SELECT 1;\n\nSELECT 2;  \nSELECT\n 3;");
        const QList<StatementSpan> spans = splitStatements(script);
        QCOMPARE(spans.size(), 3);
        auto at = [&](int pos, int line) { return statementAt(spans, pos, line)->text; };
        QCOMPARE(at(0, 1), QStringLiteral("SELECT 1;"));
        QCOMPARE(at(9, 1), QStringLiteral("SELECT 1;"));  // just after the ';'
        QCOMPARE(at(10, 2), QStringLiteral("SELECT 2;")); // blank line: the next one
        QCOMPARE(at(22, 3), QStringLiteral("SELECT 2;")); // trailing spaces on its line
        QCOMPARE(at(29, 4), QStringLiteral("SELECT\n 3;"));
        QCOMPARE(at(int(script.size()), 5), QStringLiteral("SELECT\n 3;"));
        QVERIFY(!statementAt({}, 0, 1).has_value());
    }

    void keywordsComeFromSqlite()
    {
        const QStringList& k = sqliteKeywords();
        QVERIFY(k.contains(QStringLiteral("SELECT")));
        QVERIFY(k.contains(QStringLiteral("WITHOUT")));
        QVERIFY(k.contains(QStringLiteral("RETURNING")));
    }

    void completionsFromSchema()
    {
        Schema s;
        Table t;
        t.name = QStringLiteral("orders");
        Column id;
        id.name = QStringLiteral("id");
        Column total;
        total.name = QStringLiteral("order total");
        t.columns = {id, total};
        s.tables << t;
        View v;
        v.name = QStringLiteral("order_view");
        v.columns = {QStringLiteral("ordered_at")};
        s.views << v;

        QStringList c = completionsFor(s, QStringLiteral("ord"));
        QVERIFY(c.contains(QStringLiteral("orders")));
        QVERIFY(c.contains(QStringLiteral("order_view")));
        QVERIFY(c.contains(QStringLiteral("ordered_at")));
        QVERIFY(c.contains(QStringLiteral("ORDER")));
        QVERIFY(c.contains(QStringLiteral("\"order total\"")));
        QVERIFY(!c.contains(QStringLiteral("id")));

        c = completionsFor(s, QString(), QStringLiteral("Orders"));
        QCOMPARE(c, (QStringList{QStringLiteral("id"), QStringLiteral("\"order total\"")}));
        c = completionsFor(s, QStringLiteral("o"), QStringLiteral("\"orders\""));
        QCOMPARE(c, (QStringList{QStringLiteral("\"order total\"")}));
    }
};

QTEST_GUILESS_MAIN(TestQueryText)
#include "tst_querytext.moc"
