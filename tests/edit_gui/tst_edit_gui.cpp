// Editing in the Data tab offscreen, on real files: staged edits with undo/redo, the review's SQL,
// apply in one transaction, a constraint error marked on its cell and fixed, new and deleted rows,
// and a foreign-key link opening the parent row.
#include "DatabaseSession.h"
#include "DatabaseWorkspace.h"
#include "edit/GridEdits.h"
#include "edit/ReviewChangesDialog.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"

#include "TestSupport.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>
#include <QtTest>

using namespace sluice;
using namespace sluice::ui;
using sluice::test::TempDir;

namespace {

const char* kSchema = R"(
CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, active INTEGER DEFAULT 1);
INSERT INTO users VALUES (1, 'alice', 'a@x', 1), (2, 'bob', 'b@x', 0), (3, 'carol', 'c@x', 1);
CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, title TEXT);
INSERT INTO posts VALUES (10, 2, 'hello'), (11, 3, 'world');
CREATE TABLE notes(body TEXT);
INSERT INTO notes VALUES ('first'), ('second'), ('third');
)";

QString shown(const TableGridModel* m, int row, int col)
{
    return m->data(m->index(row, col)).toString();
}

} // namespace

class TestEditGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void editUndoRedoReviewApply();
    void constraintErrorIsMarkedAndFixable();
    void addAndDeleteRows();
    void foreignKeyLinkOpensParent();
    void openTableFilteredByRowid();
    void readOnlyView();
    void copyAndPasteTsv();
    void deleteWarnsWithCascadeCount();

private:
    std::unique_ptr<DatabaseSession> open(const QString& path)
    {
        auto s = DatabaseSession::open(path);
        if (!s)
            qFatal("%s", qPrintable(s.error().message()));
        return std::move(s.value());
    }
    TempDir m_tmp;
};

void TestEditGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SluiceTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_edit_gui"));
}

void TestEditGui::editUndoRedoReviewApply()
{
    const QString db = m_tmp.makeDb(QStringLiteral("edit.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("users"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isRowLoaded(0));
    QVERIFY(m->isEditable());
    QVERIFY(m->flags(m->index(0, 1)) & Qt::ItemIsEditable);

    QVERIFY(m->setData(m->index(0, 1), QStringLiteral("Zed")));
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Zed"));
    QVERIFY(m->isCellChanged(0, 1));
    QVERIFY(m->data(m->index(0, 1), Qt::BackgroundRole).isValid());
    QVERIFY(!m->data(m->index(0, 2), Qt::BackgroundRole).isValid());
    QCOMPARE(view.pendingText(), QStringLiteral("1 pending change"));
    QVERIFY(view.applyAction()->isEnabled());

    view.undoAction()->trigger();
    QCOMPARE(shown(m, 0, 1), QStringLiteral("alice"));
    QVERIFY(!m->isCellChanged(0, 1));
    QCOMPARE(view.pendingText(), QString());
    view.redoAction()->trigger();
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Zed"));

    ReviewChangesDialog* review = view.reviewChanges();
    QVERIFY(review);
    QVERIFY2(review->sqlText().contains(QStringLiteral("UPDATE \"users\" SET \"name\" = ?")),
             qPrintable(review->sqlText()));
    QVERIFY2(review->sqlText().contains(QStringLiteral("'Zed'")), qPrintable(review->sqlText()));
    QVERIFY(review->applyButton()->isEnabled());
    // Nothing is written before Apply.
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT name FROM users WHERE id = 1")),
             QStringLiteral("alice"));

    QSignalSpy done(&view, &TableGridView::applyFinished);
    review->applyButton()->click();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toBool(), true);
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT name FROM users WHERE id = 1")),
             QStringLiteral("Zed"));
    QCOMPARE(view.pendingText(), QString());
    QVERIFY(!view.edits()->undoStack()->canUndo());
    QTRY_VERIFY(m->isRowLoaded(0));
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Zed"));
    QVERIFY(!m->isCellChanged(0, 1));
}

void TestEditGui::constraintErrorIsMarkedAndFixable()
{
    const QString db = m_tmp.makeDb(QStringLiteral("constraint.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("users"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isRowLoaded(0));

    // Two edits; the second breaks UNIQUE: nothing at all may be written.
    QVERIFY(m->setData(m->index(0, 1), QStringLiteral("Ann")));
    QVERIFY(m->setData(m->index(1, 2), QStringLiteral("c@x")));
    QSignalSpy done(&view, &TableGridView::applyFinished);
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toBool(), false);
    QVERIFY2(view.lastApplyError().contains(QStringLiteral("UNIQUE")), qPrintable(view.lastApplyError()));
    QVERIFY2(!m->problemAt(1, 2).isEmpty(), "the UNIQUE violation is shown on bob's email");
    QVERIFY(m->data(m->index(1, 2), Qt::ToolTipRole).toString().contains(QStringLiteral("UNIQUE")));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT name FROM users WHERE id = 1")),
             QStringLiteral("alice"));
    QCOMPARE(view.edits()->pendingCount(), 2); // the staged edits stay

    // Fix it and apply again.
    QVERIFY(m->setData(m->index(1, 2), QStringLiteral("bob@x")));
    QVERIFY(m->problemAt(1, 2).isEmpty());
    done.clear();
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toBool(), true);
    QCOMPARE(
        test::queryRaw(
            db, QStringLiteral(
                    "SELECT name || ',' || (SELECT email FROM users WHERE id = 2) FROM users WHERE id = 1")),
        QStringLiteral("Ann,bob@x"));

    // NOT NULL: NULL is staged with its own action, distinct from empty text.
    QTRY_VERIFY(m->isRowLoaded(2));
    QVERIFY(m->stageValue(2, 1, SqlValue::null()));
    QCOMPARE(shown(m, 2, 1), QStringLiteral("NULL"));
    done.clear();
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toBool(), false);
    QVERIFY2(!m->problemAt(2, 1).isEmpty(), qPrintable(view.lastApplyError()));
    QVERIFY(m->setData(m->index(2, 1), QString()));
    done.clear();
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(test::queryRaw(
                 db, QStringLiteral("SELECT typeof(name) || ':' || length(name) FROM users WHERE id = 3")),
             QStringLiteral("text:0"));
}

void TestEditGui::addAndDeleteRows()
{
    const QString db = m_tmp.makeDb(QStringLiteral("rows.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("users"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 3);

    view.addRowAction()->trigger();
    QCOMPARE(m->rowCount(), 4);
    QVERIFY(m->isInsertedRow(3));
    QCOMPARE(m->headerData(3, Qt::Vertical).toString(), QStringLiteral("+"));
    QCOMPARE(shown(m, 3, 0), QStringLiteral("(auto)"));
    QCOMPARE(shown(m, 3, 3), QStringLiteral("1")); // DEFAULT 1 filled in
    QVERIFY(m->setData(m->index(3, 1), QStringLiteral("dave")));
    QVERIFY(m->setData(m->index(3, 2), QStringLiteral("d@x")));

    // (Delete Rows with its cascade count is covered by deleteWarnsWithCascadeCount.)
    m->stageDeleteRows({1});
    QVERIFY(m->isRowDeleted(1));
    QVERIFY(m->data(m->index(1, 1), Qt::FontRole).value<QFont>().strikeOut());
    QCOMPARE(view.pendingText(), QStringLiteral("2 pending changes"));

    // Undo the deletion, redo it.
    view.undoAction()->trigger();
    QVERIFY(!m->isRowDeleted(1));
    view.redoAction()->trigger();
    QVERIFY(m->isRowDeleted(1));

    ReviewChangesDialog* review = view.reviewChanges();
    QVERIFY(review);
    QVERIFY2(review->sqlText().contains(QStringLiteral("DELETE FROM \"users\"")),
             qPrintable(review->sqlText()));
    QVERIFY2(review->sqlText().contains(QStringLiteral("INSERT INTO \"users\"")),
             qPrintable(review->sqlText()));
    review->close();

    QSignalSpy done(&view, &TableGridView::applyFinished);
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toBool(), true);
    QCOMPARE(
        test::queryRaw(
            db, QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM users ORDER BY id)")),
        QStringLiteral("alice,carol,dave"));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT active FROM users WHERE name = 'dave'")),
             QStringLiteral("1"));
    QTRY_COMPARE(m->rowCount(), 3);

    // Discard drops staged edits without writing.
    view.addRowAction()->trigger();
    QCOMPARE(m->rowCount(), 4);
    view.discardAction()->trigger();
    QCOMPARE(m->rowCount(), 3);
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT count(*) FROM users")), QStringLiteral("3"));
}

void TestEditGui::foreignKeyLinkOpensParent()
{
    const QString db = m_tmp.makeDb(QStringLiteral("fk.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    DatabaseWorkspace ws(*session);
    ws.resize(1000, 600);
    QVERIFY(ws.selectObject(QStringLiteral("posts")));
    TableGridModel* m = ws.grid()->model();
    QTRY_VERIFY(m->isRowLoaded(0));
    QVERIFY(m->isForeignKeyColumn(1));
    QVERIFY(!m->isForeignKeyColumn(2));
    QVERIFY(m->data(m->index(0, 1), Qt::FontRole).value<QFont>().underline());
    QCOMPARE(m->data(m->index(0, 1), Qt::ForegroundRole).value<QColor>(),
             QApplication::palette().color(QPalette::Link));

    QVERIFY(ws.grid()->openParentOf(m->index(0, 1)));
    QCOMPARE(ws.grid()->currentTable(), QStringLiteral("users"));
    QCOMPARE(ws.tabs()->currentWidget(), ws.grid());
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(shown(m, 0, 1), QStringLiteral("bob"));
    QCOMPARE(m->filters().size(), 1);
    QCOMPARE(m->filters().first().column, QStringLiteral("id"));

    // Ctrl+click on the link does the same.
    QVERIFY(ws.selectObject(QStringLiteral("posts")));
    ws.show();
    QTRY_VERIFY(m->isRowLoaded(1));
    QTableView* table = ws.grid()->tableView();
    const QRect cell = table->visualRect(m->index(1, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, cell.center());
    QCOMPARE(ws.grid()->currentTable(), QStringLiteral("users"));
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(shown(m, 0, 1), QStringLiteral("carol"));
}

void TestEditGui::openTableFilteredByRowid()
{
    const QString db = m_tmp.makeDb(QStringLiteral("rowid.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    DatabaseWorkspace ws(*session);
    ws.showSqlTab();
    // A rowid alias becomes a filter on that column.
    QVERIFY(ws.openTableFiltered(QStringLiteral("users"), QStringLiteral("rowid"), 3));
    QCOMPARE(ws.tabs()->currentWidget(), ws.grid());
    TableGridModel* m = ws.grid()->model();
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(shown(m, 0, 1), QStringLiteral("carol"));
    // No alias: the row is found and selected.
    QVERIFY(ws.openTableFiltered(QStringLiteral("notes"), QStringLiteral("rowid"), 2));
    QCOMPARE(ws.grid()->currentTable(), QStringLiteral("notes"));
    QTRY_COMPARE(ws.grid()->tableView()->currentIndex().row(), 1);
    QCOMPARE(shown(m, 1, 0), QStringLiteral("second"));
    // A column by name, and unknown names refused.
    QVERIFY(ws.openTableFiltered(QStringLiteral("posts"), QStringLiteral("title"), QStringLiteral("world")));
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 1);
    QVERIFY(!ws.openTableFiltered(QStringLiteral("posts"), QStringLiteral("nope"), 1));
    QVERIFY(!ws.openTableFiltered(QStringLiteral("nowhere"), QStringLiteral("id"), 1));
}

void TestEditGui::readOnlyView()
{
    const QString db = m_tmp.makeDb(QStringLiteral("view.db"),
                                    QString::fromLatin1(kSchema) +
                                        QStringLiteral("CREATE VIEW v AS SELECT name FROM users;"));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("v"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->rowCount() > 0 && m->isRowLoaded(0));
    QVERIFY(!m->isEditable());
    QVERIFY(m->editProblem().contains(QStringLiteral("view")));
    QVERIFY(!(m->flags(m->index(0, 0)) & Qt::ItemIsEditable));
    QVERIFY(!view.addRowAction()->isEnabled());
    QVERIFY(!m->setData(m->index(0, 0), QStringLiteral("x")));
}

void TestEditGui::copyAndPasteTsv()
{
    const QString db = m_tmp.makeDb(QStringLiteral("tsv.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("users"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isRowLoaded(2));
    QTableView* t = view.tableView();
    t->selectionModel()->select(QItemSelection(m->index(0, 1), m->index(1, 2)),
                                QItemSelectionModel::ClearAndSelect);
    QCOMPARE(view.copySelection(), QStringLiteral("alice\ta@x\nbob\tb@x\n"));

    t->setCurrentIndex(m->index(1, 1));
    QVERIFY(view.pasteTsv(QStringLiteral("Bo\tbo@x\nCee\tcee@x\n")));
    QCOMPARE(shown(m, 1, 1), QStringLiteral("Bo"));
    QCOMPARE(shown(m, 2, 2), QStringLiteral("cee@x"));
    QCOMPARE(view.edits()->pendingCount(), 4);
    view.undoAction()->trigger(); // one step
    QCOMPARE(view.edits()->pendingCount(), 0);

    // More columns than there are from the current one: refused with a message, nothing staged.
    t->setCurrentIndex(m->index(0, 3));
    QString error;
    QVERIFY(!view.pasteTsv(QStringLiteral("a\tb\tc\n"), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(view.edits()->pendingCount(), 0);
}

void TestEditGui::deleteWarnsWithCascadeCount()
{
    const QString db = m_tmp.makeDb(QStringLiteral("cascade.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.show();
    view.showTable(QStringLiteral("users"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isRowLoaded(2));
    // bob (id 2) has one post: ON DELETE CASCADE would remove it.
    view.tableView()->selectRow(1);
    QSignalSpy counted(&view, &TableGridView::deleteImpactCounted);
    view.deleteRowsAction()->trigger();
    QTRY_COMPARE(counted.size(), 1);
    const QString summary = counted.first().first().toString();
    QVERIFY2(summary.contains(QStringLiteral("posts")) && summary.contains(QLatin1Char('1')),
             qPrintable(summary));
    QVERIFY(!m->isRowDeleted(1)); // not staged until confirmed
    QMessageBox* box = view.findChild<QMessageBox*>(QStringLiteral("deleteImpactBox"));
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(QStringLiteral("posts")));
    for (QAbstractButton* b : box->buttons())
        if (box->buttonRole(b) == QMessageBox::DestructiveRole)
            b->click();
    QVERIFY(m->isRowDeleted(1));

    // alice has no posts: staged at once.
    counted.clear();
    view.tableView()->selectionModel()->select(m->index(0, 0), QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
    view.deleteRowsAction()->trigger();
    QTRY_COMPARE(counted.size(), 1);
    QVERIFY2(counted.first().first().toString().isEmpty(), qPrintable(counted.first().first().toString()));
    QVERIFY(m->isRowDeleted(0));
}

QTEST_MAIN(TestEditGui)
#include "tst_edit_gui.moc"
