// Relations, export and pending-edit safety in the Data tab, offscreen on real files: the
// "Referenced by" panel counts and opens child rows, composite foreign keys open the parent by all
// their columns, staged edits are never dropped without asking (another table, closing the
// database or the window), filters/sorts keep them, a row deleted by another process is reported
// at apply, and File ▸ Export writes exactly the rows the grid shows (cancel leaves no file).
#include "DatabaseSession.h"
#include "DatabaseWorkspace.h"
#include "MainWindow.h"
#include "edit/ChildrenPanel.h"
#include "edit/ExportRunner.h"
#include "edit/GridEdits.h"
#include "edit/ReviewChangesDialog.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"
#include "schema/SchemaTreeModel.h"

#include "TestSupport.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace sluice;
using namespace sluice::ui;
using sluice::test::parseCsv;
using sluice::test::TempDir;

namespace {

const char* kSchema = R"(
CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, manager_id INTEGER REFERENCES users(id));
INSERT INTO users VALUES (1, 'alice', NULL), (2, 'bob', 1), (3, 'carol', 1), (4, 'dave', 2);
CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, title TEXT);
INSERT INTO posts VALUES (10, 2, 'hello'), (11, 3, 'world'), (12, 2, 'again');
CREATE TABLE regions(country TEXT, code TEXT, label TEXT, PRIMARY KEY (country, code));
INSERT INTO regions VALUES ('fr', '75', 'Paris'), ('fr', '13', 'Marseille'), ('de', '75', 'not Paris');
CREATE TABLE shops(id INTEGER PRIMARY KEY, country TEXT, code TEXT, name TEXT,
                   FOREIGN KEY (country, code) REFERENCES regions(country, code));
INSERT INTO shops VALUES (1, 'fr', '75', 'Left Bank'), (2, 'de', '75', 'Elsewhere');
)";

QString shown(const TableGridModel* m, int row, int col)
{
    return m->data(m->index(row, col)).toString();
}

// Answers the next modal message box by clicking the button with this text.
void answerNextBox(const QString& button, QString* seenText = nullptr)
{
    QTimer::singleShot(0, [button, seenText] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) {
            answerNextBox(button, seenText); // not shown yet
            return;
        }
        if (seenText)
            *seenText = box->text();
        for (QAbstractButton* b : box->buttons())
            if (b->text().remove(QLatin1Char('&')).startsWith(button)) {
                b->click();
                return;
            }
        qWarning("no button %s", qPrintable(button));
        box->reject();
    });
}

} // namespace

class TestEditRelationsGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void childrenPanelCountsAndOpens();
    void compositeForeignKeyOpensParent();
    void pendingEditsAskBeforeSwitching();
    void pendingEditsSurviveFilterSortReload();
    void closingAsksAboutPendingEdits();
    void rowDeletedElsewhereIsReported();
    void exportEqualsTheGrid();
    void exportCancelLeavesNoFile();
    void viewEditedThroughTriggers();

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

void TestEditRelationsGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SluiceTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_edit_relations_gui"));
    QSettings().clear();
}

void TestEditRelationsGui::childrenPanelCountsAndOpens()
{
    const QString db = m_tmp.makeDb(QStringLiteral("children.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    DatabaseWorkspace ws(*session);
    ws.resize(1200, 700);
    ws.show();
    QVERIFY(ws.selectObject(QStringLiteral("users")));
    TableGridView* grid = ws.grid();
    TableGridModel* m = grid->model();
    QTRY_VERIFY(m->isRowLoaded(1));
    QVERIFY(!grid->isChildrenPanelVisible()); // off by default
    ChildrenPanel* panel = grid->childrenPanel();
    QSignalSpy shownSpy(panel, &ChildrenPanel::referencesShown);
    grid->childrenPanelAction()->trigger();
    QVERIFY(grid->isChildrenPanelVisible());
    QCOMPARE(QSettings().value(QStringLiteral("grid/childrenPanelVisible")).toBool(), true);

    // bob (id 2): two posts and one user (dave) whose manager he is.
    grid->tableView()->setCurrentIndex(m->index(1, 1));
    QTRY_VERIFY(shownSpy.size() >= 1 && !panel->isBusy());
    QVERIFY2(panel->message().contains(QStringLiteral("3 rows")), qPrintable(panel->message()));
    const QList<ChildReference>& refs = panel->references();
    QCOMPARE(refs.size(), 2);
    int postsRef = -1;
    for (int i = 0; i < refs.size(); ++i) {
        if (refs.at(i).childTable == QLatin1String("posts")) {
            postsRef = i;
            QCOMPARE(refs.at(i).count, 2);
            QCOMPARE(refs.at(i).onDelete, QStringLiteral("CASCADE"));
        } else {
            QCOMPARE(refs.at(i).childTable, QStringLiteral("users"));
            QCOMPARE(refs.at(i).count, 1);
        }
    }
    QVERIFY(postsRef >= 0);
    // Grouped by table, each table line with its total.
    QTreeWidget* tree = panel->tree();
    QCOMPARE(tree->topLevelItemCount(), 2);
    QStringList lines;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        lines << tree->topLevelItem(i)->text(0) + QLatin1Char('=') + tree->topLevelItem(i)->text(1);
    lines.sort();
    QCOMPARE(lines, QStringList({QStringLiteral("posts=2"), QStringLiteral("users=1")}));

    // Another row counts again; carol has one post and reports nobody under her.
    shownSpy.clear();
    grid->tableView()->setCurrentIndex(m->index(2, 0));
    QTRY_VERIFY(shownSpy.size() >= 1 && !panel->isBusy());
    QVERIFY2(panel->message().contains(QStringLiteral("1 row ")), qPrintable(panel->message()));

    // Opening an entry shows the child table filtered to the referencing rows.
    shownSpy.clear();
    grid->tableView()->setCurrentIndex(m->index(1, 0));
    QTRY_VERIFY(shownSpy.size() >= 1 && !panel->isBusy());
    for (int i = 0; i < panel->references().size(); ++i)
        if (panel->references().at(i).childTable == QLatin1String("posts"))
            panel->openReference(i);
    QCOMPARE(grid->currentTable(), QStringLiteral("posts"));
    QCOMPARE(ws.tabs()->currentWidget(), grid);
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(shown(m, 0, 2), QStringLiteral("hello"));
    QCOMPARE(shown(m, 1, 2), QStringLiteral("again"));
    QCOMPARE(m->filters().size(), 1);
    QCOMPARE(m->filters().first().column, QStringLiteral("user_id"));

    // A table nothing refers to says so without a worker.
    QVERIFY(ws.selectObject(QStringLiteral("shops")));
    QTRY_VERIFY(m->isRowLoaded(0));
    grid->tableView()->setCurrentIndex(m->index(0, 0));
    QVERIFY2(panel->message().contains(QStringLiteral("No foreign key refers to shops")),
             qPrintable(panel->message()));

    // The choice is remembered for the next grid.
    TableGridView another(*session);
    QVERIFY(another.childrenPanelAction()->isChecked());
    another.childrenPanelAction()->trigger();
    QCOMPARE(QSettings().value(QStringLiteral("grid/childrenPanelVisible")).toBool(), false);
}

void TestEditRelationsGui::compositeForeignKeyOpensParent()
{
    const QString db = m_tmp.makeDb(QStringLiteral("composite.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    DatabaseWorkspace ws(*session);
    ws.resize(1000, 600);
    QVERIFY(ws.selectObject(QStringLiteral("shops")));
    TableGridModel* m = ws.grid()->model();
    QTRY_VERIFY(m->isRowLoaded(1));
    // Both columns of the key are links.
    QVERIFY(m->isForeignKeyColumn(1));
    QVERIFY(m->isForeignKeyColumn(2));
    QVERIFY(!m->isForeignKeyColumn(3));
    QVERIFY(m->data(m->index(0, 2), Qt::FontRole).value<QFont>().underline());
    const std::optional<RelatedRows> rows = m->parentRowsAt(1, 2);
    QVERIFY(rows.has_value());
    QCOMPARE(rows->table, QStringLiteral("regions"));
    QCOMPARE(rows->columns, QStringList({QStringLiteral("country"), QStringLiteral("code")}));

    // ('de', '75'): filtering by code alone would also show Paris.
    QVERIFY(ws.grid()->openParentOf(m->index(1, 2)));
    QCOMPARE(ws.grid()->currentTable(), QStringLiteral("regions"));
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(shown(m, 0, 2), QStringLiteral("not Paris"));
    QCOMPARE(m->filters().size(), 2);

    // A NULL in the key references nothing: no link.
    test::execRaw(db, QStringLiteral("INSERT INTO shops VALUES (3, 'fr', NULL, 'Nowhere')"));
    session->notifyDataChanged();
    QVERIFY(ws.selectObject(QStringLiteral("shops")));
    m->reload();
    QTRY_VERIFY(m->isCountExact() && m->rowCount() == 3 && m->isRowLoaded(2));
    QVERIFY(!m->parentRowsAt(2, 1).has_value());
    QVERIFY(!ws.grid()->openParentOf(m->index(2, 1)));
}

void TestEditRelationsGui::pendingEditsAskBeforeSwitching()
{
    const QString db = m_tmp.makeDb(QStringLiteral("pending.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    DatabaseWorkspace ws(*session);
    ws.resize(1000, 600);
    ws.show();
    QVERIFY(ws.selectObject(QStringLiteral("users")));
    TableGridView* grid = ws.grid();
    TableGridModel* m = grid->model();
    QTRY_VERIFY(m->isRowLoaded(0));
    QVERIFY(m->setData(m->index(0, 1), QStringLiteral("Alicia")));
    QVERIFY(m->setData(m->index(1, 1), QStringLiteral("Robert")));

    // Cancel: the table, its edits and the tree's selection stay.
    QString asked;
    answerNextBox(QStringLiteral("Cancel"), &asked);
    QVERIFY(!ws.selectObject(QStringLiteral("posts")));
    QVERIFY2(asked.contains(QStringLiteral("2 pending changes")) && asked.contains(QStringLiteral("users")),
             qPrintable(asked));
    QCOMPARE(grid->currentTable(), QStringLiteral("users"));
    QCOMPARE(grid->edits()->pendingCount(), 2);
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Alicia"));

    // Clicking another table in the tree asks too, and the tree goes back when the answer is Cancel.
    answerNextBox(QStringLiteral("Cancel"));
    const QModelIndex postsItem =
        ws.tree()
            ->model()
            ->match(ws.tree()->model()->index(0, 0), SchemaTreeModel::ObjectNameRole, QStringLiteral("posts"),
                    1, Qt::MatchRecursive | Qt::MatchExactly)
            .value(0);
    QVERIFY(postsItem.isValid());
    ws.tree()->setCurrentIndex(postsItem);
    QCOMPARE(grid->currentTable(), QStringLiteral("users"));
    QTRY_COMPARE(ws.tree()->currentIndex().data(SchemaTreeModel::ObjectNameRole).toString(),
                 QStringLiteral("users"));
    QCOMPARE(grid->edits()->pendingCount(), 2);

    // Following a foreign key to another table asks as well.
    QVERIFY(ws.selectObject(QStringLiteral("users"))); // same table: no question
    answerNextBox(QStringLiteral("Cancel"));
    QVERIFY(!ws.openTableFiltered(QStringLiteral("posts"), QStringLiteral("user_id"), 2));
    QCOMPARE(grid->currentTable(), QStringLiteral("users"));

    // Review: the review opens, nothing is dropped.
    answerNextBox(QStringLiteral("Review"));
    QVERIFY(!ws.selectObject(QStringLiteral("posts")));
    QTRY_VERIFY(grid->findChild<ReviewChangesDialog*>() != nullptr);
    ReviewChangesDialog* review = grid->findChild<ReviewChangesDialog*>();
    QVERIFY2(review->sqlText().contains(QStringLiteral("Robert")), qPrintable(review->sqlText()));
    review->close();
    QCOMPARE(grid->edits()->pendingCount(), 2);

    // Discard: gone, nothing written, the other table shown.
    answerNextBox(QStringLiteral("Discard"));
    QVERIFY(ws.selectObject(QStringLiteral("posts")));
    QCOMPARE(grid->currentTable(), QStringLiteral("posts"));
    QCOMPARE(grid->edits()->pendingCount(), 0);
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT group_concat(name) FROM users")),
             QStringLiteral("alice,bob,carol,dave"));
    // Without pending edits nothing is asked.
    QVERIFY(ws.selectObject(QStringLiteral("users")));
    QVERIFY(QApplication::activeModalWidget() == nullptr);
}

void TestEditRelationsGui::pendingEditsSurviveFilterSortReload()
{
    const QString db = m_tmp.makeDb(QStringLiteral("survive.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("users"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isRowLoaded(1));
    QVERIFY(m->setData(m->index(1, 1), QStringLiteral("Robert"))); // bob, id 2
    view.addRowAction()->trigger();
    QCOMPARE(view.edits()->pendingCount(), 2);

    view.setSort({QStringLiteral("name"), false});
    QTRY_VERIFY(m->isCountExact() && m->isRowLoaded(0));
    view.setFilters({{QStringLiteral("id"), ColumnFilter::Op::Equals, QStringLiteral("2")}});
    QTRY_VERIFY(m->isCountExact() && m->databaseRowCount() == 1 && m->isRowLoaded(0));
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Robert")); // the staged value on the filtered row
    QCOMPARE(m->rowCount(), 2);                         // plus the staged new row
    m->reload();
    QTRY_VERIFY(m->isCountExact() && m->isRowLoaded(0));
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Robert"));
    QVERIFY(session->reloadSchema().ok()); // View ▸ Reload Schema
    QTRY_VERIFY(m->isCountExact() && m->isRowLoaded(0));
    QCOMPARE(view.edits()->pendingCount(), 2);
    QCOMPARE(shown(m, 0, 1), QStringLiteral("Robert"));
}

void TestEditRelationsGui::closingAsksAboutPendingEdits()
{
    const QString db = m_tmp.makeDb(QStringLiteral("close.db"), QString::fromLatin1(kSchema));
    MainWindow w;
    w.show();
    QVERIFY(w.openDatabase(db));
    QVERIFY(w.workspace()->selectObject(QStringLiteral("users")));
    TableGridModel* m = w.workspace()->grid()->model();
    QTRY_VERIFY(m->isRowLoaded(0));
    QVERIFY(m->setData(m->index(0, 1), QStringLiteral("Alicia")));

    // Closing the window: Cancel keeps it open with the edits.
    answerNextBox(QStringLiteral("Cancel"));
    QVERIFY(!w.close());
    QVERIFY(w.isVisible());
    QCOMPARE(w.workspace()->grid()->edits()->pendingCount(), 1);

    // File ▸ Close Database: Cancel keeps the database open.
    QAction* closeDb = nullptr;
    for (QAction* a : w.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("File"))
            for (QAction* f : a->menu()->actions())
                if (f->text().remove(QLatin1Char('&')) == QLatin1String("Close Database"))
                    closeDb = f;
    QVERIFY(closeDb);
    answerNextBox(QStringLiteral("Cancel"));
    closeDb->trigger();
    QVERIFY(w.workspace() != nullptr);
    QCOMPARE(w.workspace()->grid()->edits()->pendingCount(), 1);

    // Discard: closed, nothing written.
    answerNextBox(QStringLiteral("Discard"));
    closeDb->trigger();
    QVERIFY(w.workspace() == nullptr);
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT name FROM users WHERE id = 1")),
             QStringLiteral("alice"));
    QVERIFY(w.close()); // nothing pending: closes without asking
}

void TestEditRelationsGui::rowDeletedElsewhereIsReported()
{
    const QString db = m_tmp.makeDb(QStringLiteral("elsewhere.db"), QString::fromLatin1(kSchema));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("posts"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isRowLoaded(2));
    QVERIFY(m->setData(m->index(1, 2), QStringLiteral("changed"))); // post 11
    // Another process deletes that row before Apply.
    test::execRaw(db, QStringLiteral("DELETE FROM posts WHERE id = 11"));
    QSignalSpy conflicts(&view, &TableGridView::conflictsFound);
    QSignalSpy done(&view, &TableGridView::applyFinished);
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toBool(), false);
    QVERIFY(!view.lastConflicts().isEmpty());
    QVERIFY2(view.lastConflicts().first().contains(QStringLiteral("deleted by someone else")),
             qPrintable(view.lastConflicts().join(QLatin1Char('\n'))));
    QCOMPARE(view.edits()->pendingCount(), 1); // kept, nothing written
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT count(*) FROM posts WHERE title = 'changed'")),
             QStringLiteral("0"));
    QCOMPARE(conflicts.size(), 1);
    // The person is told in a box naming the row.
    auto* box = view.findChild<QMessageBox*>(QStringLiteral("conflictBox"));
    QVERIFY(box);
    QVERIFY2(box->detailedText().contains(QStringLiteral("deleted by someone else")),
             qPrintable(box->detailedText()));
    // Overwriting cannot bring a deleted row back: the box does not offer it.
    for (QAbstractButton* b : box->buttons())
        QVERIFY2(!b->text().contains(QStringLiteral("Overwrite")), qPrintable(b->text()));
    QVERIFY(box->text().contains(QStringLiteral("deleted by someone else")));
    box->reject();
}

void TestEditRelationsGui::exportEqualsTheGrid()
{
    const QString db =
        m_tmp.makeDb(QStringLiteral("export.db"), QString::fromLatin1(kSchema) + QStringLiteral(R"(
        WITH RECURSIVE s(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM s WHERE i < 400)
        INSERT INTO posts SELECT i, 1 + i % 4, 'title ' || (i * 37 % 101) FROM s;)"));
    auto session = open(db);
    TableGridView view(*session);
    view.resize(900, 500);
    view.show();
    view.showTable(QStringLiteral("posts"));
    TableGridModel* m = view.model();
    view.setSort({QStringLiteral("title"), false});
    view.setFilters({{QStringLiteral("user_id"), ColumnFilter::Op::Equals, QStringLiteral("2")}});
    QTRY_VERIFY(m->isCountExact());
    const int rows = m->rowCount();
    QVERIFY(rows > 50);
    QCOMPARE(QString::number(rows),
             test::queryRaw(db, QStringLiteral("SELECT count(*) FROM posts WHERE user_id = 2")));
    // What the grid shows, row by row.
    QList<QStringList> grid;
    for (int r = 0; r < rows; ++r) {
        view.tableView()->scrollTo(m->index(r, 0));
        QTRY_VERIFY(m->isRowLoaded(r));
        QStringList line;
        for (int c = 0; c < m->columnCount(); ++c)
            line << shown(m, r, c);
        grid << line;
    }

    const QString csv = m_tmp.path(QStringLiteral("posts.csv"));
    QSignalSpy finished(&view, &TableGridView::exportFinished);
    QVERIFY(view.exportView(ExportOptions::Format::Csv, csv));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<QStringList> exported = parseCsv(f.readAll());
    QCOMPARE(exported.takeFirst(),
             QStringList({QStringLiteral("id"), QStringLiteral("user_id"), QStringLiteral("title")}));
    QCOMPARE(exported, grid);

    // JSON: the same rows in the same order.
    const QString json = m_tmp.path(QStringLiteral("posts.json"));
    finished.clear();
    QVERIFY(view.exportView(ExportOptions::Format::Json, json));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(finished.first().first().toBool());
    QFile jf(json);
    QVERIFY(jf.open(QIODevice::ReadOnly));
    const QJsonArray arr = QJsonDocument::fromJson(jf.readAll()).array();
    QCOMPARE(arr.size(), rows);
    for (int r = 0; r < rows; ++r) {
        QCOMPARE(QString::number(arr.at(r).toObject().value(QStringLiteral("id")).toInteger()),
                 grid.at(r).at(0));
        QCOMPARE(arr.at(r).toObject().value(QStringLiteral("title")).toString(), grid.at(r).at(2));
    }

    // The File ▸ Export menu reaches the same grid.
    MainWindow w;
    QVERIFY(w.openDatabase(db));
    QStringList exportItems;
    for (QAction* a : w.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("File"))
            for (QAction* f2 : a->menu()->actions())
                if (f2->menu() && f2->text().remove(QLatin1Char('&')) == QLatin1String("Export"))
                    for (QAction* e : f2->menu()->actions()) {
                        exportItems << e->text().remove(QLatin1Char('&'));
                        QVERIFY(e->isEnabled());
                    }
    QCOMPARE(exportItems, QStringList({QStringLiteral("CSV\u2026"), QStringLiteral("JSON\u2026"),
                                       QStringLiteral("SQL INSERT Statements\u2026")}));
}

void TestEditRelationsGui::exportCancelLeavesNoFile()
{
    const QString db = m_tmp.makeDb(QStringLiteral("big.db"), QStringLiteral(R"(
        CREATE TABLE big(id INTEGER PRIMARY KEY, body TEXT);
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300000)
        INSERT INTO big SELECT i, printf('%0100d', i) FROM s;)"));
    auto session = open(db);
    TableGridView view(*session);
    view.showTable(QStringLiteral("big"));
    const QString out = m_tmp.path(QStringLiteral("big.csv"));
    QSignalSpy finished(&view, &TableGridView::exportFinished);
    ExportRunner* runner = view.exportView(ExportOptions::Format::Csv, out);
    QVERIFY(runner);
    QVERIFY(runner->progressDialog());
    auto* cancelButton = runner->progressDialog()->findChild<QPushButton*>();
    QVERIFY(cancelButton);
    cancelButton->click(); // the dialog's Cancel button
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("cancelled")),
             qPrintable(finished.first().at(1).toString()));
    QVERIFY(!QFileInfo::exists(out));
    // No stray temporary file beside it either.
    QStringList left = QDir(m_tmp.path(QString())).entryList({QStringLiteral("big.csv*")});
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));

    // An export into a folder that does not exist fails with a message and writes nothing.
    finished.clear();
    const QString bad = m_tmp.path(QStringLiteral("no/such/folder/big.csv"));
    QVERIFY(view.exportView(ExportOptions::Format::Csv, bad));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("failed")),
             qPrintable(finished.first().at(1).toString()));
    QVERIFY(!QFileInfo::exists(bad));
}

void TestEditRelationsGui::viewEditedThroughTriggers()
{
    const QString db =
        m_tmp.makeDb(QStringLiteral("views.db"), QString::fromLatin1(kSchema) + QStringLiteral(R"(
        CREATE VIEW post_titles AS SELECT id, title FROM posts;
        CREATE TRIGGER post_titles_upd INSTEAD OF UPDATE ON post_titles
        BEGIN UPDATE posts SET title = NEW.title WHERE id = OLD.id; END;
        CREATE TRIGGER post_titles_ins INSTEAD OF INSERT ON post_titles
        BEGIN INSERT INTO posts(id, user_id, title) VALUES (NEW.id, 1, NEW.title); END;
        CREATE VIEW user_names AS SELECT name FROM users;
        CREATE TRIGGER user_names_del INSTEAD OF DELETE ON user_names
        BEGIN DELETE FROM users WHERE name = OLD.name; END;
        CREATE VIEW frozen AS SELECT name FROM users;)"));
    auto session = open(db);
    TableGridView view(*session);
    view.show();

    // UPDATE and INSERT triggers: cells editable, rows can be added, not deleted.
    view.showTable(QStringLiteral("post_titles"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->rowCount() == 3 && m->isRowLoaded(2));
    QVERIFY2(m->isEditable(), qPrintable(m->editProblem()));
    QVERIFY(m->flags(m->index(1, 1)) & Qt::ItemIsEditable);
    QVERIFY(view.addRowAction()->isEnabled());
    view.tableView()->selectRow(0);
    QVERIFY(!view.deleteRowsAction()->isEnabled());
    QVERIFY2(view.editToolBar()->toolTip().contains(QStringLiteral("DELETE")),
             qPrintable(view.editToolBar()->toolTip()));
    QVERIFY(m->setData(m->index(1, 1), QStringLiteral("renamed"))); // post 11
    const int added = m->stageNewRow();
    QVERIFY(added >= 0);
    QVERIFY(m->setData(m->index(added, 0), QStringLiteral("99")));
    QVERIFY(m->setData(m->index(added, 1), QStringLiteral("via view")));
    ReviewChangesDialog* review = view.reviewChanges();
    QVERIFY(review);
    QVERIFY2(review->sqlText().contains(QStringLiteral("WHERE \"id\" IS ? AND \"title\" IS ?")),
             qPrintable(review->sqlText()));
    review->close();
    QSignalSpy done(&view, &TableGridView::applyFinished);
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QVERIFY2(done.first().first().toBool(), qPrintable(view.lastApplyError()));
    // The base table changed through the triggers.
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT title FROM posts WHERE id = 11")),
             QStringLiteral("renamed"));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT title FROM posts WHERE id = 99")),
             QStringLiteral("via view"));
    QTRY_VERIFY(m->isCountExact() && m->rowCount() == 4);

    // Only a DELETE trigger: deleting works, editing and adding do not.
    view.showTable(QStringLiteral("user_names"));
    QTRY_VERIFY(m->isCountExact() && m->isRowLoaded(3));
    QVERIFY(m->isEditable());
    QVERIFY(!(m->flags(m->index(0, 0)) & Qt::ItemIsEditable));
    QVERIFY(!m->setData(m->index(0, 0), QStringLiteral("x")));
    QVERIFY(!view.addRowAction()->isEnabled());
    view.tableView()->selectRow(3); // dave
    QVERIFY(view.deleteRowsAction()->isEnabled());
    view.deleteRowsAction()->trigger();
    QVERIFY(m->isRowDeleted(3));
    done.clear();
    view.applyEdits();
    QTRY_COMPARE(done.size(), 1);
    QVERIFY2(done.first().first().toBool(), qPrintable(view.lastApplyError()));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT count(*) FROM users WHERE name = 'dave'")),
             QStringLiteral("0"));

    // No INSTEAD OF trigger: read-only, and the tooltip says why.
    view.showTable(QStringLiteral("frozen"));
    QTRY_VERIFY(m->rowCount() > 0 && m->isRowLoaded(0));
    QVERIFY(!m->isEditable());
    QVERIFY(!(m->flags(m->index(0, 0)) & Qt::ItemIsEditable));
    QVERIFY(!view.addRowAction()->isEnabled());
    QVERIFY2(view.editToolBar()->toolTip().contains(QStringLiteral("without INSTEAD OF triggers")),
             qPrintable(view.editToolBar()->toolTip()));
}

QTEST_MAIN(TestEditRelationsGui)
#include "tst_edit_relations_gui.moc"
