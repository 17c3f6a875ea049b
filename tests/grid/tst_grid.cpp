// The row grid offscreen on a real 1,000,000-row file: jump to the end, filter, sort, a bounded
// cache, and how cells read (NULL, BLOBs, numbers, timestamps, invalid UTF-8).
#include "DatabaseSession.h"
#include "grid/BlobPreview.h"
#include "grid/CellDetailPanel.h"
#include "grid/FilterBar.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"

#include "TestSupport.h"

#include <QAction>
#include <QBuffer>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace sluice;
using namespace sluice::ui;
using sluice::test::TempDir;

namespace {

constexpr int kRows = 1000000;

QString rawCell(const QString& db, const QString& sql)
{
    return test::queryRaw(db, sql);
}

QString shown(const TableGridModel* m, int row, int col)
{
    return m->data(m->index(row, col)).toString();
}

QAction* menuAction(QMenu* menu, ColumnFilter::Op op)
{
    for (QAction* a : menu->actions())
        if (a->data().toInt() == int(op))
            return a;
    return nullptr;
}

// Where a column's filter editor sits against its header section, in global coordinates.
void verifyAligned(const TableGridView& view, int column, const char* when)
{
    QHeaderView* h = view.tableView()->horizontalHeader();
    QWidget* box = view.filterBar()->editorWidget(column);
    QVERIFY2(box, when);
    const int sectionX = h->viewport()->mapToGlobal(QPoint(h->sectionViewportPosition(column), 0)).x();
    const QString what = QStringLiteral("%1, column %2: editor at %3+%4, section at %5+%6")
                             .arg(QLatin1String(when))
                             .arg(column)
                             .arg(box->mapToGlobal(QPoint(0, 0)).x())
                             .arg(box->width())
                             .arg(sectionX)
                             .arg(h->sectionSize(column));
    QVERIFY2(box->mapToGlobal(QPoint(0, 0)).x() == sectionX, qPrintable(what));
    QVERIFY2(box->width() == h->sectionSize(column), qPrintable(what));
    // Nothing of the editors shows over the row numbers: they are cut off at the header's edge.
    QCOMPARE(box->parentWidget()->mapToGlobal(QPoint(0, 0)).x(),
             h->viewport()->mapToGlobal(QPoint(0, 0)).x());
}

void verifyAllAligned(const TableGridView& view, const char* when)
{
    for (int c = 0; c < view.model()->columnCount(); ++c) {
        verifyAligned(view, c, when);
        if (QTest::currentTestFailed())
            return;
    }
}

} // namespace

class TestGrid : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensAndCounts();
    void ctrlEndShowsTheRealLastRow();
    void cacheStaysBounded();
    void filterThroughFilterRow();
    void sortDescendingByUnindexedColumn();
    void cellDisplay();
    void detailPanel();
    void followsSchemaChanges();
    void filterOperatorsFromTheMenu();
    void filterRowStaysAligned();
    void statusShowsSortAndFilters();
    void detailPanelToggleAndPlaceholder();
    void darkPalette();

private:
    TempDir m_tmp;
    QString m_big;
    QString m_small;
    std::unique_ptr<DatabaseSession> m_session;
    std::unique_ptr<TableGridView> m_view;
};

void TestGrid::initTestCase()
{
    // The detail panel's width and visibility are remembered: keep them out of the real settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SluiceTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_grid"));
    QSettings().clear();
    QElapsedTimer t;
    t.start();
    m_big = m_tmp.makeDb(QStringLiteral("big.db"), QStringLiteral(R"(
BEGIN;
CREATE TABLE big(id INTEGER PRIMARY KEY, name TEXT, score INTEGER, created INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1)
INSERT INTO big SELECT i, 'name ' || i, (i * 7919) % 100003, 1700000000 + i FROM n;
COMMIT;
)")
                                                       .arg(kRows));
    qInfo("generated %d rows in %lld ms", kRows, t.elapsed());
    auto s = DatabaseSession::open(m_big);
    QVERIFY2(s, s ? "" : qPrintable(s.error().message()));
    m_session = std::move(s.value());
    m_view = std::make_unique<TableGridView>(*m_session);
    m_view->resize(1100, 700);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestGrid::opensAndCounts()
{
    m_view->showTable(QStringLiteral("big"));
    TableGridModel* m = m_view->model();
    QCOMPARE(m->columnCount(), 4);
    QCOMPARE(m->headerData(0, Qt::Horizontal).toString(), QStringLiteral("id"));
    QVERIFY(m->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("INTEGER")));
    // The estimate (rowid span) is there at once; the first page was read before the first paint.
    QCOMPARE(m->rowCount(), kRows);
    QVERIFY(m->isRowLoaded(0));
    QCOMPARE(shown(m, 0, 1), QStringLiteral("name 1"));
    QTRY_VERIFY_WITH_TIMEOUT(m->isCountExact(), 20000);
    QCOMPARE(m->rowCount(), kRows);
    QVERIFY(m->usesDenseRowids());
    QTRY_VERIFY(m_view->statusText().contains(QStringLiteral("rows")));
    QVERIFY(!m_view->statusText().contains(QStringLiteral("counting")));
}

void TestGrid::ctrlEndShowsTheRealLastRow()
{
    TableGridModel* m = m_view->model();
    QTableView* table = m_view->tableView();
    table->setFocus();
    table->setCurrentIndex(m->index(0, 1));
    QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
    QTRY_COMPARE(table->currentIndex().row(), kRows - 1);
    QTRY_VERIFY_WITH_TIMEOUT(m->isRowLoaded(kRows - 1), 10000);
    const QString lastId = rawCell(m_big, QStringLiteral("SELECT id FROM big ORDER BY rowid DESC LIMIT 1"));
    const QString lastName =
        rawCell(m_big, QStringLiteral("SELECT name FROM big ORDER BY rowid DESC LIMIT 1"));
    QCOMPARE(shown(m, kRows - 1, 0), lastId);
    QCOMPARE(shown(m, kRows - 1, 1), lastName);
    // The row really is on screen.
    QVERIFY(table->viewport()->rect().intersects(table->visualRect(m->index(kRows - 1, 0))));
    QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
    QTRY_COMPARE(table->currentIndex().row(), 0);
    QCOMPARE(shown(m, 0, 0), QStringLiteral("1"));
    // scrollToBottom alone (the scrollbar dragged to the end) loads the real last rows too.
    table->scrollToBottom();
    QTRY_VERIFY(m->isRowLoaded(kRows - 2));
    QCOMPARE(shown(m, kRows - 2, 0), QString::number(kRows - 1));
}

void TestGrid::cacheStaysBounded()
{
    TableGridModel* m = m_view->model();
    QTableView* table = m_view->tableView();
    for (int i = 0; i < 300; ++i) {
        const int row = int((qint64(i) * 7919 * 131) % kRows);
        table->scrollTo(m->index(row, 0), QAbstractItemView::PositionAtTop);
        m->data(m->index(row, 0)); // as the view's paint would
        QCoreApplication::processEvents();
        QVERIFY(m->cachedPageCount() <= TableGridModel::kMaxCachedPages);
    }
    const int probe = 654321;
    table->scrollTo(m->index(probe, 0), QAbstractItemView::PositionAtTop);
    m->data(m->index(probe, 0));
    QTRY_VERIFY(m->isRowLoaded(probe));
    QCOMPARE(shown(m, probe, 0), QString::number(probe + 1));
    QCOMPARE(shown(m, probe, 1), QStringLiteral("name %1").arg(probe + 1));
    QVERIFY(m->cachedRowCount() <= TableGridModel::kMaxCachedPages * TableGridModel::kPageSize);
    qInfo("cached rows after scrolling: %d", m->cachedRowCount());
}

void TestGrid::filterThroughFilterRow()
{
    TableGridModel* m = m_view->model();
    // The first column's editors: operator ">" and the value, applied with Enter.
    FilterBar* bar = m_view->filterBar();
    QCOMPARE(bar->editorCount(), 4);
    QCOMPARE(bar->findChildren<QLineEdit*>().size(), 4);
    QLineEdit* edit = bar->valueEdit(0);
    QSignalSpy changes(bar, &FilterBar::filtersChanged);
    bar->setOperator(0, ColumnFilter::Op::Greater);
    QCOMPARE(changes.size(), 0); // no value yet: nothing to apply
    QCOMPARE(bar->operatorButton(0)->text(), QStringLiteral(">"));
    edit->setText(QStringLiteral("999990"));
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 10);
    QTRY_VERIFY(m->isRowLoaded(9));
    QCOMPARE(shown(m, 0, 0), QStringLiteral("999991"));
    QCOMPARE(shown(m, 9, 0), QStringLiteral("1000000"));
    QVERIFY(m_view->statusText().contains(QStringLiteral("10 rows")));

    // Contains with a LIKE wildcard character is literal.
    m_view->setFilters({{QStringLiteral("name"), ColumnFilter::Op::Contains, QStringLiteral("e_1")}});
    QTRY_VERIFY_WITH_TIMEOUT(m->isCountExact(), 20000);
    QCOMPARE(m->rowCount(), 0);
    m_view->setFilters(
        {{QStringLiteral("name"), ColumnFilter::Op::StartsWith, QStringLiteral("NAME 99999")}});
    QTRY_VERIFY_WITH_TIMEOUT(m->isCountExact(), 20000);
    QCOMPARE(m->rowCount(), 11); // 99999 and 999990..999999
    QCOMPARE(bar->operatorAt(1), ColumnFilter::Op::StartsWith);
    QCOMPARE(bar->valueEdit(1)->text(), QStringLiteral("NAME 99999"));
    QCOMPARE(bar->valueEdit(0)->text(), QString()); // the others are back to their defaults
    QCOMPARE(bar->operatorAt(0), ColumnFilter::Op::Equals);
    QCOMPARE(bar->filters().size(), 1);
    m_view->setFilters({});
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), kRows);
    // Escape in a value box clears it and applies at once.
    bar->valueEdit(2)->setText(QStringLiteral("5"));
    QTest::keyClick(bar->valueEdit(2), Qt::Key_Return);
    QCOMPARE(m->filters().size(), 1);
    QTest::keyClick(bar->valueEdit(2), Qt::Key_Escape);
    QCOMPARE(bar->valueEdit(2)->text(), QString());
    QVERIFY(m->filters().isEmpty());
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), kRows);
}

void TestGrid::sortDescendingByUnindexedColumn()
{
    TableGridModel* m = m_view->model();
    QHeaderView* header = m_view->tableView()->horizontalHeader();
    const int section = 2; // score: no index, so pages are sorted on a worker
    const QPoint at(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                    header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(m->sort().column, QStringLiteral("score"));
    QVERIFY(m->sort().ascending);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    QVERIFY(!m->sort().ascending);
    QVERIFY(!m->orderIsIndexed());
    QVERIFY(m_view->statusText().contains(QStringLiteral("sorting")));
    QTRY_VERIFY_WITH_TIMEOUT(m->isRowLoaded(0), 30000);
    QCOMPARE(shown(m, 0, 0),
             rawCell(m_big, QStringLiteral("SELECT id FROM big ORDER BY score DESC, rowid DESC LIMIT 1")));
    QCOMPARE(shown(m, 1, 0),
             rawCell(m_big,
                     QStringLiteral("SELECT id FROM big ORDER BY score DESC, rowid DESC LIMIT 1 OFFSET 1")));
    QCOMPARE(header->sortIndicatorSection(), section);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    // The last row by key from the end, in this order too.
    m_view->jumpToLastRow();
    QTRY_VERIFY_WITH_TIMEOUT(m->isRowLoaded(kRows - 1), 30000);
    QCOMPARE(shown(m, kRows - 1, 0),
             rawCell(m_big, QStringLiteral("SELECT id FROM big ORDER BY score ASC, rowid ASC LIMIT 1")));
    // Once the position index is built, any row in the middle is one seek away.
    QTRY_VERIFY_WITH_TIMEOUT(m->hasPositionIndex(), 30000);
    for (const int row : {500000, 123457, 999000}) {
        m_view->tableView()->scrollTo(m->index(row, 0), QAbstractItemView::PositionAtCenter);
        m->data(m->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(m->isRowLoaded(row), 10000);
        QCOMPARE(shown(m, row, 0),
                 rawCell(m_big, QStringLiteral(
                                    "SELECT id FROM big ORDER BY score DESC, rowid DESC LIMIT 1 OFFSET %1")
                                    .arg(row)));
    }
    QVERIFY(m->cachedRowCount() <= TableGridModel::kMaxCachedPages * TableGridModel::kPageSize);
    // A third click returns to the table's own order.
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    QVERIFY(m->sort().isNatural());
    QVERIFY(m->orderIsIndexed());
}

void TestGrid::cellDisplay()
{
    QImage img(16, 16, QImage::Format_ARGB32);
    img.fill(Qt::red);
    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    m_small = m_tmp.makeDb(QStringLiteral("cells.db"), QStringLiteral(R"(
CREATE TABLE c(id INTEGER PRIMARY KEY, v, note TEXT);
INSERT INTO c VALUES (1, NULL, 'null');
INSERT INTO c VALUES (2, '', 'empty text');
INSERT INTO c VALUES (3, 42, 'integer');
INSERT INTO c VALUES (4, 1700000000, 'unix seconds');
INSERT INTO c VALUES (5, 1700000000123, 'unix milliseconds');
INSERT INTO c VALUES (6, x'%1', 'png');
INSERT INTO c VALUES (7, zeroblob(12600), 'blob');
INSERT INTO c VALUES (8, CAST(x'41ff42' AS TEXT), 'invalid utf-8');
INSERT INTO c VALUES (9, printf('%.*c', 3000, 'z') || char(10) || 'second line', 'long text');
INSERT INTO c VALUES (10, 2.5, 'real');
)")
                                                           .arg(QString::fromLatin1(png.toHex())));
    auto s = DatabaseSession::open(m_small);
    QVERIFY(s);
    TableGridView view(**s);
    view.resize(900, 500);
    view.show();
    view.showTable(QStringLiteral("c"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 10);
    auto at = [&](int row, int role = Qt::DisplayRole) { return m->data(m->index(row, 1), role); };
    QCOMPARE(at(0).toString(), QStringLiteral("NULL"));
    QVERIFY(at(0, Qt::FontRole).value<QFont>().italic());
    QCOMPARE(at(0, Qt::ForegroundRole).value<QColor>(),
             QApplication::palette().color(QPalette::PlaceholderText));
    QCOMPARE(at(1).toString(), QString());
    QVERIFY(!at(1, Qt::FontRole).isValid());
    QCOMPARE(at(2).toString(), QStringLiteral("42"));
    QVERIFY(at(2, Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight);
    QVERIFY(at(1, Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignLeft);
    QVERIFY(at(3, Qt::ToolTipRole).toString().contains(QStringLiteral("2023-11-14 22:13:20")));
    QVERIFY(at(3, Qt::ToolTipRole).toString().contains(QStringLiteral("UTC")));
    QVERIFY(at(4, Qt::ToolTipRole).toString().contains(QStringLiteral("milliseconds")));
    QVERIFY(at(2, Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(at(5).toString(), QStringLiteral("PNG image 16\u00d716, %1 B").arg(png.size()));
    QCOMPARE(at(6).toString(), QStringLiteral("BLOB 12.3 KB"));
    QCOMPARE(at(7).toString(), QStringLiteral("A\ufffdB"));
    QVERIFY(at(8).toString().endsWith(QStringLiteral("\u2026")));
    QVERIFY(at(8).toString().size() <= 201);
    QCOMPARE(at(9).toString(), QStringLiteral("2.5"));
}

void TestGrid::detailPanel()
{
    auto s = DatabaseSession::open(m_small);
    QVERIFY(s);
    TableGridView view(**s);
    view.resize(900, 500);
    view.show();
    view.showTable(QStringLiteral("c"));
    QTRY_VERIFY(view.model()->isRowLoaded(9));
    QTableView* t = view.tableView();
    t->setCurrentIndex(view.model()->index(5, 1));
    QVERIFY(view.detailPanel()->isShowingBlob());
    QVERIFY(view.detailPanel()->blobPreview()->hasImage());
    QVERIFY(view.detailPanel()->blobPreview()->hexText().startsWith(QStringLiteral("00000000  89 50 4e 47")));
    t->setCurrentIndex(view.model()->index(8, 1));
    QVERIFY(!view.detailPanel()->isShowingBlob());
    QCOMPARE(view.detailPanel()->text(), QString(3000, QLatin1Char('z')) + QStringLiteral("\nsecond line"));
    t->setCurrentIndex(view.model()->index(0, 1));
    QCOMPARE(view.detailPanel()->text(), QStringLiteral("NULL"));
    QCOMPARE(view.detailPanel()->titleText(), QStringLiteral("v \u00b7 row 1"));
}

void TestGrid::followsSchemaChanges()
{
    const QString db = m_tmp.makeDb(
        QStringLiteral("schema.db"),
        QStringLiteral("CREATE TABLE a(x INTEGER, y TEXT); INSERT INTO a VALUES (1, 'one'), (2, 'two');"));
    auto s = DatabaseSession::open(db);
    QVERIFY(s);
    TableGridView view(**s);
    view.showTable(QStringLiteral("a"));
    QTRY_VERIFY(view.model()->isCountExact());
    view.setSort({QStringLiteral("x"), false});
    QTRY_VERIFY(view.model()->isRowLoaded(0));
    QCOMPARE(shown(view.model(), 0, 0), QStringLiteral("2"));
    QVERIFY((*s)->connection().exec(QStringLiteral("ALTER TABLE a ADD COLUMN z REAL")));
    QVERIFY((*s)->reloadSchema());
    QCOMPARE(view.model()->columnCount(), 3);
    QCOMPARE(view.model()->sort().column, QStringLiteral("x")); // the order survives
    QTRY_VERIFY(view.model()->isRowLoaded(0));
    QCOMPARE(shown(view.model(), 0, 0), QStringLiteral("2"));
    QVERIFY((*s)->connection().exec(QStringLiteral("DROP TABLE a")));
    QVERIFY((*s)->reloadSchema());
    QCOMPARE(view.currentTable(), QString());
    QCOMPARE(view.model()->rowCount(), 0);
    view.showTable(QStringLiteral("nope"));
    QCOMPARE(view.model()->columnCount(), 0);
}

void TestGrid::filterOperatorsFromTheMenu()
{
    auto s = DatabaseSession::open(m_small);
    QVERIFY(s);
    TableGridView view(**s);
    view.resize(900, 500);
    view.show();
    view.showTable(QStringLiteral("c"));
    TableGridModel* m = view.model();
    QTRY_VERIFY(m->isCountExact());
    FilterBar* bar = view.filterBar();
    // Defaults follow the column's affinity: "=" for numbers, "contains" for text and untyped.
    QCOMPARE(bar->operatorAt(0), ColumnFilter::Op::Equals);   // id INTEGER
    QCOMPARE(bar->operatorAt(1), ColumnFilter::Op::Contains); // v (no type)
    QCOMPARE(bar->operatorAt(2), ColumnFilter::Op::Contains); // note TEXT
    QCOMPARE(bar->operatorButton(0)->text(), QStringLiteral("="));
    QCOMPARE(bar->operatorButton(2)->text(), QStringLiteral("\u220b"));
    BrowseColumn date;
    date.name = QStringLiteral("created_at");
    date.declaredType = QStringLiteral("DATETIME");
    date.affinity = Affinity::Numeric;
    QCOMPARE(FilterBar::defaultOperator(date), ColumnFilter::Op::Contains);
    date.declaredType = QStringLiteral("DECIMAL(10,2)");
    QCOMPARE(FilterBar::defaultOperator(date), ColumnFilter::Op::Equals);

    // The button opens a menu naming every operator in words, the current one checked.
    QMenu* menu = bar->operatorMenu(0);
    QVERIFY(menu);
    QCOMPARE(bar->operatorButton(0)->menu(), menu);
    QCOMPARE(menu->actions().size(), FilterBar::operators().size());
    QVERIFY(menuAction(menu, ColumnFilter::Op::Equals)->isChecked());
    QVERIFY(menuAction(menu, ColumnFilter::Op::Greater)->text().startsWith(QStringLiteral("greater than")));
    QVERIFY(bar->operatorButton(0)->toolTip().contains(QStringLiteral("equals")));

    // Choosing "greater than" from the menu sets the operator; the value then applies.
    menuAction(menu, ColumnFilter::Op::Greater)->trigger();
    QCOMPARE(bar->operatorAt(0), ColumnFilter::Op::Greater);
    QCOMPARE(bar->operatorButton(0)->text(), QStringLiteral(">"));
    QVERIFY(menuAction(menu, ColumnFilter::Op::Greater)->isChecked());
    QVERIFY(!menuAction(menu, ColumnFilter::Op::Equals)->isChecked());
    QVERIFY(bar->operatorButton(0)->toolTip().contains(QStringLiteral("greater than")));
    QLineEdit* idEdit = bar->valueEdit(0);
    idEdit->setText(QStringLiteral("7"));
    QTest::keyClick(idEdit, Qt::Key_Return);
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 3);

    // "is NULL" needs no value: the box is disabled, says what it does, and applies at once.
    QMenu* vMenu = bar->operatorMenu(1);
    QLineEdit* vEdit = bar->valueEdit(1);
    vEdit->setText(QStringLiteral("ignored"));
    menuAction(vMenu, ColumnFilter::Op::IsNull)->trigger();
    QVERIFY(!vEdit->isEnabled());
    QCOMPARE(vEdit->placeholderText(), QStringLiteral("is NULL"));
    QCOMPARE(bar->operatorButton(1)->text(), QStringLiteral("\u2205"));
    QCOMPARE(m->filters().size(), 2);
    QCOMPARE(m->filters().at(1).op, ColumnFilter::Op::IsNull);
    QCOMPARE(m->filters().at(1).value, QString());
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 0); // id > 7 and v IS NULL
    menuAction(vMenu, ColumnFilter::Op::IsNotNull)->trigger();
    QVERIFY(!vEdit->isEnabled());
    QCOMPARE(bar->operatorButton(1)->text(), QStringLiteral("\u2260\u2205"));
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 3);
    // Back to a comparison: the box is usable again and keeps what was typed.
    menuAction(vMenu, ColumnFilter::Op::Contains)->trigger();
    QVERIFY(vEdit->isEnabled());
    QCOMPARE(vEdit->text(), QStringLiteral("ignored"));

    // setFilters shows an is-NULL filter the same way, and clearing restores the defaults.
    view.setFilters({{QStringLiteral("v"), ColumnFilter::Op::IsNull, {}}});
    QCOMPARE(bar->operatorAt(1), ColumnFilter::Op::IsNull);
    QVERIFY(!vEdit->isEnabled());
    QCOMPARE(bar->operatorAt(0), ColumnFilter::Op::Equals);
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 1);
    view.setFilters({});
    QCOMPARE(bar->operatorAt(1), ColumnFilter::Op::Contains);
    QVERIFY(vEdit->isEnabled());
    QTRY_VERIFY(m->isCountExact());
    QCOMPARE(m->rowCount(), 10);
}

void TestGrid::filterRowStaysAligned()
{
    QStringList cols;
    for (int i = 0; i < 14; ++i)
        cols << QStringLiteral("c%1 %2").arg(i).arg(i % 2 ? QStringLiteral("TEXT")
                                                          : QStringLiteral("INTEGER"));
    const QString db =
        m_tmp.makeDb(QStringLiteral("wide.db"),
                     QStringLiteral("CREATE TABLE w(%1);"
                                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                    "WHERE i < 2000) INSERT INTO w(c0, c1) SELECT i, 'text ' || i FROM n;")
                         .arg(cols.join(QStringLiteral(", "))));
    auto s = DatabaseSession::open(db);
    QVERIFY(s);
    TableGridView view(**s);
    view.resize(800, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showTable(QStringLiteral("w"));
    QTRY_VERIFY(view.model()->isRowLoaded(0));
    QCoreApplication::processEvents();
    QTableView* table = view.tableView();
    QHeaderView* h = table->horizontalHeader();
    QVERIFY(table->verticalHeader()->width() > 0);
    // Columns are at least wide enough for their filter (tiny values, short names).
    for (int c = 0; c < h->count(); ++c)
        QVERIFY2(h->sectionSize(c) >= 90, qPrintable(QString::number(h->sectionSize(c))));
    verifyAllAligned(view, "shown");
    if (QTest::currentTestFailed())
        return;

    QScrollBar* hs = table->horizontalScrollBar();
    QVERIFY(hs->maximum() > 0);
    hs->setValue(hs->maximum() / 2 + 37);
    verifyAllAligned(view, "scrolled to the middle");
    hs->setValue(hs->maximum());
    verifyAllAligned(view, "scrolled to the end");
    // The last column's editor ends where its section ends, at the header's right edge.
    QWidget* last = view.filterBar()->editorWidget(h->count() - 1);
    QVERIFY(last->isVisible());
    QCOMPARE(last->mapToGlobal(QPoint(last->width(), 0)).x(),
             h->viewport()
                 ->mapToGlobal(
                     QPoint(h->sectionViewportPosition(h->count() - 1) + h->sectionSize(h->count() - 1), 0))
                 .x());
    if (QTest::currentTestFailed())
        return;

    hs->setValue(0);
    h->resizeSection(1, 250);
    verifyAllAligned(view, "after resizing a section");
    h->resizeSection(0, 40);
    verifyAllAligned(view, "after narrowing a section");
    QVERIFY(view.filterBar()->valueEdit(0)->isVisible()); // still there, just narrow

    h->moveSection(0, 3);
    verifyAllAligned(view, "after moving a section");
    h->moveSection(3, 0);

    // Hidden sections hide their editor.
    table->setColumnHidden(2, true);
    QVERIFY(!view.filterBar()->editorWidget(2)->isVisible());
    verifyAligned(view, 3, "after hiding a section");
    table->setColumnHidden(2, false);
    verifyAllAligned(view, "after showing it again");

    // The window resized: the row numbers and the header keep the same relation.
    view.resize(1000, 400);
    QCoreApplication::processEvents();
    verifyAllAligned(view, "after resizing the window");

    // The clear-all button appears over the row numbers once a filter applies.
    QToolButton* clearAll = nullptr;
    for (QToolButton* b : view.filterBar()->findChildren<QToolButton*>())
        if (b->toolTip() == QStringLiteral("Clear all filters"))
            clearAll = b;
    QVERIFY(clearAll);
    QVERIFY(!clearAll->isVisible());
    view.setFilters({{QStringLiteral("c1"), ColumnFilter::Op::Contains, QStringLiteral("text 19")}});
    QVERIFY(clearAll->isVisible());
    QVERIFY(clearAll->mapToGlobal(QPoint(clearAll->width(), 0)).x() <=
            h->viewport()->mapToGlobal(QPoint(0, 0)).x());
    QTRY_VERIFY(view.model()->isCountExact());
    QCOMPARE(view.model()->rowCount(), 111);
    clearAll->click();
    QVERIFY(view.model()->filters().isEmpty());
    QCOMPARE(view.filterBar()->valueEdit(1)->text(), QString());
    QVERIFY(!clearAll->isVisible());
    QTRY_VERIFY(view.model()->isCountExact());
    QCOMPARE(view.model()->rowCount(), 2000);

    const QString out = qEnvironmentVariable("SLUICE_GRID_SHOT");
    if (!out.isEmpty())
        view.grab().save(out + QStringLiteral("-wide.png"));
}

void TestGrid::statusShowsSortAndFilters()
{
    auto s = DatabaseSession::open(m_small);
    QVERIFY(s);
    TableGridView view(**s);
    view.resize(900, 500);
    view.show();
    view.showTable(QStringLiteral("c"));
    QTRY_COMPARE(view.statusText(), QStringLiteral("10 rows"));
    QSignalSpy changed(&view, &TableGridView::statusTextChanged);
    view.setSort({QStringLiteral("note"), false});
    QTRY_COMPARE(view.statusText(), QStringLiteral("10 rows \u00b7 sorted by note \u2193"));
    QVERIFY(!changed.isEmpty());
    view.setFilters({{QStringLiteral("id"), ColumnFilter::Op::Greater, QStringLiteral("2")},
                     {QStringLiteral("note"), ColumnFilter::Op::Contains, QStringLiteral("e")}});
    QTRY_VERIFY(view.model()->isCountExact());
    QTRY_COMPARE(view.statusText(), QStringLiteral("5 rows \u00b7 sorted by note \u2193 \u00b7 2 filters"));
    QLabel* label = nullptr;
    for (QLabel* l : view.findChildren<QLabel*>())
        if (l->text() == view.statusText())
            label = l;
    QVERIFY(label);
    QVERIFY(label->toolTip().contains(QStringLiteral("id greater than \u201c2\u201d")));
    view.setSort({QStringLiteral("note"), true});
    view.setFilters({{QStringLiteral("id"), ColumnFilter::Op::Greater, QStringLiteral("2")}});
    QTRY_VERIFY(view.model()->isCountExact());
    QTRY_COMPARE(view.statusText(), QStringLiteral("8 rows \u00b7 sorted by note \u2191 \u00b7 1 filter"));
    view.setSort({});
    view.setFilters({});
    QTRY_COMPARE(view.statusText(), QStringLiteral("10 rows"));
}

void TestGrid::detailPanelToggleAndPlaceholder()
{
    QSettings().clear();
    auto s = DatabaseSession::open(m_small);
    QVERIFY(s);
    {
        TableGridView view(**s);
        view.resize(1000, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showTable(QStringLiteral("c"));
        QTRY_VERIFY(view.model()->isRowLoaded(0));
        CellDetailPanel* panel = view.detailPanel();
        // Nothing selected yet: a hint, not an empty box.
        QVERIFY(panel->isVisible());
        QVERIFY(panel->isShowingPlaceholder());
        QCOMPARE(panel->placeholderText(), QStringLiteral("Select a cell to see its full value"));
        // The default width, whatever the window's.
        QVERIFY2(qAbs(panel->width() - 280) <= 8, qPrintable(QString::number(panel->width())));
        view.tableView()->setCurrentIndex(view.model()->index(2, 1));
        QVERIFY(!panel->isShowingPlaceholder());
        QCOMPARE(panel->text(), QStringLiteral("42"));

        QAction* toggle = view.detailPanelAction();
        QVERIFY(toggle);
        QVERIFY(toggle->isCheckable());
        QVERIFY(toggle->isChecked());
        QCOMPARE(toggle->text(), QStringLiteral("Cell details"));
        toggle->trigger();
        QVERIFY(!panel->isVisible());
        QVERIFY(!view.isDetailPanelVisible());
        // While hidden it is not kept up to date; shown again, it catches up with the current cell.
        view.tableView()->setCurrentIndex(view.model()->index(9, 1));
        view.setDetailPanelVisible(true);
        QVERIFY(toggle->isChecked());
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->text(), QStringLiteral("2.5"));

        // A dragged splitter is remembered.
        QSplitter* split = view.splitter();
        const int total = split->sizes().at(0) + split->sizes().at(1);
        split->setSizes({total - 350, 350});
        Q_EMIT split->splitterMoved(total - 350, 1);
        toggle->trigger(); // hidden when this view goes away
    }
    TableGridView again(**s);
    again.resize(1000, 500);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(!again.detailPanelAction()->isChecked());
    QVERIFY(!again.detailPanel()->isVisible());
    again.detailPanelAction()->trigger();
    QVERIFY(again.detailPanel()->isVisible());
    QVERIFY2(qAbs(again.detailPanel()->width() - 350) <= 8,
             qPrintable(QString::number(again.detailPanel()->width())));
    QVERIFY(again.detailPanel()->isShowingPlaceholder());
    QSettings().clear();
}

void TestGrid::darkPalette()
{
    // Everything takes its colours from the palette: under a dark one nothing stays white.
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x8a));
    dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x70, 0x70));
    dark.setColor(QPalette::Disabled, QPalette::Base, QColor(0x25, 0x25, 0x25));
    QApplication::setPalette(dark);
    auto s = DatabaseSession::open(m_small);
    QVERIFY(s);
    TableGridView view(**s);
    view.resize(1000, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showTable(QStringLiteral("c"));
    QTRY_VERIFY(view.model()->isRowLoaded(9));
    view.setFilters({{QStringLiteral("id"), ColumnFilter::Op::Less, QStringLiteral("100")},
                     {QStringLiteral("v"), ColumnFilter::Op::IsNotNull, {}}});
    QTRY_VERIFY(view.model()->isCountExact());
    QCoreApplication::processEvents();
    QImage shot = view.grab().toImage();
    const QString out = qEnvironmentVariable("SLUICE_GRID_SHOT");
    if (!out.isEmpty())
        shot.save(out + QStringLiteral("-dark-empty.png"));
    // The placeholder's hint is drawn in the muted role.
    QLabel* hint = nullptr;
    for (QLabel* l : view.detailPanel()->findChildren<QLabel*>())
        if (l->text() == view.detailPanel()->placeholderText())
            hint = l;
    QVERIFY(hint);
    QCOMPARE(hint->palette().color(hint->foregroundRole()), dark.color(QPalette::PlaceholderText));
    view.tableView()->setCurrentIndex(view.model()->index(7, 1));
    QCoreApplication::processEvents();
    shot = view.grab().toImage();
    if (!out.isEmpty())
        shot.save(out + QStringLiteral("-dark.png"));
    // No bright pixels where the filter row, the grid's cells and the panel are.
    auto brightShare = [&](QWidget* w) {
        const QRect r(w->mapTo(&view, QPoint(0, 0)), w->size());
        int bright = 0;
        int all = 0;
        for (int y = r.top(); y <= r.bottom(); y += 2)
            for (int x = r.left(); x <= r.right(); x += 2, ++all)
                if (qGray(shot.pixel(x, y)) > 200)
                    ++bright;
        return all ? double(bright) / all : 0.0;
    };
    QVERIFY2(brightShare(view.filterBar()) < 0.05,
             qPrintable(QString::number(brightShare(view.filterBar()))));
    QVERIFY2(brightShare(view.tableView()->viewport()) < 0.15,
             qPrintable(QString::number(brightShare(view.tableView()->viewport()))));
    QVERIFY2(brightShare(view.detailPanel()) < 0.05,
             qPrintable(QString::number(brightShare(view.detailPanel()))));
    QApplication::setPalette(light);
}

QTEST_MAIN(TestGrid)
#include "tst_grid.moc"
