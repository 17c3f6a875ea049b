#include "DatabaseSession.h"
#include "TestSupport.h"
#include "common/SqlTextEdit.h"
#include "sql/QueryPlanView.h"
#include "sql/QueryResultModel.h"
#include "sql/SqlEditorTab.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace sluice::ui;

namespace {

const QString kLongQuery = QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                                          "WHERE i < 1000000000) SELECT count(*) FROM n;");

std::unique_ptr<DatabaseSession> openSession(const QString& path)
{
    auto s = DatabaseSession::open(path);
    if (!s)
        qFatal("open failed: %s", qPrintable(s.error().message()));
    return std::move(s.value());
}

} // namespace

class TestSqlEditorTab : public QObject
{
    Q_OBJECT
private:
    TempDir m_dir;
    QString m_db;

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_db = m_dir.makeDb(
            QStringLiteral("t%1.db").arg(++n),
            QStringLiteral("CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT, note TEXT);"
                           "INSERT INTO people VALUES (1, 'ann', ''), (2, 'bob', NULL), (3, 'cy', 'x');"
                           "CREATE TABLE t(a, b);"));
    }

    void runAllShowsTheLastResultSetAndALog()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.setText(QStringLiteral("CREATE TABLE extra(x);\n"
                                   "INSERT INTO extra VALUES (1), (2);\n"
                                   "SELECT id, name, note FROM people ORDER BY id;"));
        tab.runAll();
        QVERIFY(tab.isRunning());
        QTRY_VERIFY(!tab.isRunning());
        QueryResultModel* m = tab.resultModel();
        QCOMPARE(m->rowCount(), 3);
        QCOMPARE(m->columnCount(), 3);
        QCOMPARE(m->headerData(1, Qt::Horizontal).toString(), QStringLiteral("name"));
        QCOMPARE(m->index(1, 1).data().toString(), QStringLiteral("bob"));
        // NULL is drawn as an italic "NULL" and is not the same as empty text.
        QVERIFY(m->index(1, 2).data(QueryResultModel::IsNullRole).toBool());
        QCOMPARE(m->index(1, 2).data().toString(), QStringLiteral("NULL"));
        QVERIFY(m->index(1, 2).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!m->index(0, 2).data(QueryResultModel::IsNullRole).toBool());
        QCOMPARE(m->index(0, 2).data().toString(), QString());

        QCOMPARE(tab.lastResult().statements.size(), 3);
        QVERIFY(tab.logText().contains(
            QStringLiteral("Line 2: INSERT INTO extra VALUES (1), (2); — 2 rows affected")));
        QVERIFY2(tab.messageText().contains(QStringLiteral("3 statements")), qPrintable(tab.messageText()));
        // The CREATE TABLE reached the session's schema and the editor's completion.
        QVERIFY(session->schema().table(QStringLiteral("extra")));
        tab.setText(QStringLiteral("SELECT * FROM ext"));
        tab.editor()->setCursorPosition(0, 17);
        QVERIFY(tab.editor()->completionsAtCaret().contains(QStringLiteral("extra")));
    }

    void errorIsShownAndMarkedOnItsLine()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.setText(QStringLiteral("SELECT 1;\nSELECT 2;\nSELEC 3;\nSELECT 4;\n"));
        tab.runAll();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(tab.lastResult().error.has_value());
        QVERIFY(tab.editor()->hasMarker(3, SqlTextEdit::MarkKind::Error));
        QVERIFY(!tab.editor()->hasMarker(1, SqlTextEdit::MarkKind::Error));
        QCOMPARE(tab.editor()->marks().size(), 1);
        QCOMPARE(tab.editor()->marks().first().line, 3);
        QVERIFY(tab.editor()->markTooltip(3).contains(QStringLiteral("syntax error")));
        QVERIFY2(tab.messageText().contains(QStringLiteral("syntax error")), qPrintable(tab.messageText()));
        QVERIFY(tab.messageText().contains(QStringLiteral("line 3")));
        // The second statement's result is what is shown.
        QCOMPARE(tab.resultModel()->index(0, 0).data().toString(), QStringLiteral("2"));
        // A new run clears the mark.
        tab.setText(QStringLiteral("SELECT 5;"));
        tab.runAll();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(tab.editor()->marks().isEmpty());
    }

    void ctrlEnterRunsOnlyTheStatementUnderTheCursor()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.resize(800, 600);
        tab.setText(QStringLiteral("SELECT 1 AS a;\nSELECT 2 AS b;\nSELECT 3 AS c;"));
        tab.show();
        QApplication::setActiveWindow(&tab);
        QVERIFY(QTest::qWaitForWindowActive(&tab));
        tab.editor()->setFocus();
        tab.editor()->setCursorPosition(1, 4);
        QTest::keyClick(tab.editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!tab.isRunning());
        QCOMPARE(tab.lastResult().statements.size(), 1);
        QCOMPARE(tab.lastResult().statements.first().span.firstLine, 2);
        QCOMPARE(tab.resultModel()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("b"));
        QCOMPARE(tab.text(),
                 QStringLiteral("SELECT 1 AS a;\nSELECT 2 AS b;\nSELECT 3 AS c;")); // no newline typed

        // F5 runs everything.
        QTest::keyClick(tab.editor(), Qt::Key_F5);
        QTRY_VERIFY(!tab.isRunning());
        QCOMPARE(tab.lastResult().statements.size(), 3);
    }

    void runningASelectionMarksErrorsAtTheirEditorLine()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.setText(QStringLiteral("SELECT 1;\n\nSELECT 2;\nSELEC x;\nSELECT 3;"));
        tab.editor()->setSelection(2, 0, 3, 8); // lines 3 and 4
        tab.runCurrent();
        QTRY_VERIFY(!tab.isRunning());
        QCOMPARE(tab.lastResult().statements.size(), 1);
        QCOMPARE(tab.lastResult().error->line, 4);
        QVERIFY(tab.editor()->hasMarker(4, SqlTextEdit::MarkKind::Error));

        // The statement under the cursor, too.
        tab.editor()->setCursorPosition(3, 2);
        tab.runCurrent();
        QTRY_VERIFY(!tab.isRunning());
        QCOMPARE(tab.lastResult().statements.size(), 0);
        QVERIFY(tab.editor()->hasMarker(4, SqlTextEdit::MarkKind::Error));
        QCOMPARE(tab.editor()->marks().size(), 1);
    }

    void cancelStopsALongQueryAndTheTabStaysUsable()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.resize(800, 600);
        tab.show();
        QApplication::setActiveWindow(&tab);
        QVERIFY(QTest::qWaitForWindowActive(&tab));
        tab.setText(kLongQuery);
        QVERIFY(!tab.cancelAction()->isEnabled());
        tab.runAll();
        QVERIFY(tab.isRunning());
        QVERIFY(tab.cancelAction()->isEnabled());
        QVERIFY(!tab.runAllAction()->isEnabled());
        QTest::qWait(300);
        QVERIFY(tab.isRunning());
        QVERIFY(tab.busyIndicator()->isVisible());
        // The editor still takes input while the query runs.
        tab.editor()->setFocus();
        tab.editor()->setCursorPosition(0, 0);
        QTest::keyClicks(tab.editor(), QStringLiteral("-- "));
        QVERIFY(tab.text().startsWith(QStringLiteral("-- WITH")));

        QElapsedTimer t;
        t.start();
        QTest::keyClick(tab.editor(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!tab.isRunning(), 3000);
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(tab.lastResult().wasCancelled());
        QVERIFY2(tab.messageText().contains(QStringLiteral("Cancelled")), qPrintable(tab.messageText()));
        QVERIFY(!tab.busyIndicator()->isVisible());
        QVERIFY(!tab.cancelAction()->isEnabled());
        QVERIFY(tab.editor()->marks().isEmpty());

        tab.setText(QStringLiteral("SELECT 42"));
        tab.runAll();
        QTRY_VERIFY(!tab.isRunning());
        QCOMPARE(tab.resultModel()->index(0, 0).data().toString(), QStringLiteral("42"));
    }

    void closingTheTabWhileRunningStopsTheQuery()
    {
        auto session = openSession(m_db);
        auto tab = std::make_unique<SqlEditorTab>(*session, nullptr);
        tab->setText(kLongQuery);
        tab->runAll();
        QTest::qWait(200);
        QVERIFY(tab->isRunning());
        QElapsedTimer t;
        t.start();
        tab.reset(); // the worker is cancelled and joined; its late result goes nowhere
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QTest::qWait(50);
    }

    void explainMarksFullScans()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.setText(QStringLiteral("SELECT 1;\nSELECT * FROM t WHERE b = 1;"));
        tab.editor()->setCursorPosition(1, 3);
        tab.explainCurrent();
        QTRY_VERIFY(!tab.isRunning());
        QueryPlanView* plan = tab.planView();
        QCOMPARE(plan->fullScanItems().size(), 1);
        QTreeWidgetItem* scan = plan->fullScanItems().first();
        QCOMPARE(scan->text(0), QStringLiteral("SCAN t"));
        QCOMPARE(scan->text(1), QueryPlanView::fullScanNote());
        QVERIFY(!scan->icon(0).isNull());
        QVERIFY(tab.editor()->hasMarker(2, SqlTextEdit::MarkKind::Warning));

        // With an index the plan searches and nothing is marked.
        tab.setText(QStringLiteral("CREATE INDEX t_b ON t(b);"));
        tab.runAll();
        QTRY_VERIFY(!tab.isRunning());
        tab.setText(QStringLiteral("SELECT * FROM t WHERE b = 1;"));
        tab.explainCurrent();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(plan->fullScanItems().isEmpty());
        QVERIFY(plan->topLevelItem(0)->text(0).startsWith(QStringLiteral("SEARCH t")));
    }

    void openTransactionOffersCommitAndRollBack()
    {
        auto session = openSession(m_db);
        SqlEditorTab tab(*session, nullptr);
        tab.setText(QStringLiteral("BEGIN;\nINSERT INTO t VALUES (1, 2);"));
        tab.runAll();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(tab.isTransactionOpen());
        QPushButton* rollback = tab.findChild<QPushButton*>(QStringLiteral("rollbackButton"));
        QVERIFY(rollback && rollback->isVisibleTo(&tab));
        rollback->click();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(!tab.isTransactionOpen());
        QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("0"));

        tab.runAll();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(tab.isTransactionOpen());
        tab.commitTransaction();
        QTRY_VERIFY(!tab.isRunning());
        QVERIFY(!tab.isTransactionOpen());
        QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("1"));
    }
};

QTEST_MAIN(TestSqlEditorTab)
#include "tst_sqleditortab.moc"
