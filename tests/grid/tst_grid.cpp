// The row grid offscreen on a real 1,000,000-row file: jump to the end, filter, sort, a bounded
// cache, and how cells read (NULL, BLOBs, numbers, timestamps, invalid UTF-8).
#include "DatabaseSession.h"
#include "grid/BlobPreview.h"
#include "grid/CellDetailPanel.h"
#include "grid/FilterBar.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"

#include "TestSupport.h"

#include <QBuffer>
#include <QComboBox>
#include <QHeaderView>
#include <QImage>
#include <QLineEdit>
#include <QTableView>
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

private:
    TempDir m_tmp;
    QString m_big;
    QString m_small;
    std::unique_ptr<DatabaseSession> m_session;
    std::unique_ptr<TableGridView> m_view;
};

void TestGrid::initTestCase()
{
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
    const auto combos = m_view->filterBar()->findChildren<QComboBox*>();
    const auto edits = m_view->filterBar()->findChildren<QLineEdit*>();
    QCOMPARE(combos.size(), 4);
    QComboBox* op = combos.first();
    QLineEdit* edit = edits.first();
    op->blockSignals(true);
    op->setCurrentIndex(op->findText(QStringLiteral(">")));
    op->blockSignals(false);
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
    m_view->setFilters({});
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

QTEST_MAIN(TestGrid)
#include "tst_grid.moc"
