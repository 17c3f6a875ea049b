// The Health menu on real databases: integrity check, foreign key check with a jump to the row,
// statistics, schema advice with its fix SQL, VACUUM's estimate, copying a result, cancelling.
#include "DatabaseSession.h"
#include "DatabaseWorkspace.h"
#include "MainWindow.h"
#include "RecentFiles.h"
#include "TestSupport.h"
#include "UiApplication.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"
#include "health/HealthController.h"
#include "health/HealthPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace sluice;
using namespace sluice::test;
using namespace sluice::ui;

namespace {

QAction* healthAction(QMainWindow& w, const QString& actionText)
{
    for (QAction* m : w.menuBar()->actions())
        if (m->menu() && m->text().remove(QLatin1Char('&')) == QLatin1String("Health"))
            for (QAction* a : m->menu()->actions())
                if (a->text().remove(QLatin1Char('&')) == actionText)
                    return a;
    return nullptr;
}

bool runFromMenu(MainWindow& w, const QString& actionText)
{
    QAction* a = healthAction(w, actionText);
    if (!a || !a->isEnabled())
        return false;
    QSignalSpy done(w.health(), &HealthController::finished);
    a->trigger();
    return done.wait(30000) || done.size() == 1;
}

const char* const kShop =
    "PRAGMA foreign_keys = OFF;"
    "CREATE TABLE posts(id INTEGER PRIMARY KEY, title TEXT NOT NULL);"
    "CREATE TABLE comments(id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id), "
    "body TEXT);"
    "INSERT INTO posts(title) VALUES ('first'), ('second');"
    "INSERT INTO comments(id, post_id, body) VALUES (1, 1, 'fine'), (2, 2, 'fine too'), "
    "(7, 99, 'orphan');";

} // namespace

class TestHealthMenu : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        setUpApplication(*qApp);
        RecentFiles::clear();
    }

    void integrityCheckOnCleanDatabase()
    {
        TempDir tmp;
        const QString db =
            tmp.makeDb(QStringLiteral("clean.db"), QStringLiteral("CREATE TABLE t(x PRIMARY KEY, y);"
                                                                  "INSERT INTO t VALUES (1, 2);"));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QVERIFY(runFromMenu(w, QStringLiteral("Integrity Check")));
        QVERIFY(w.healthDock()->isVisible());
        HealthPanel* panel = w.healthPanel();
        QCOMPARE(panel->titleText(), QStringLiteral("Integrity Check"));
        QVERIFY2(panel->summaryText().startsWith(QLatin1String("ok")), qPrintable(panel->summaryText()));
        QCOMPARE(panel->table()->rowCount(), 1);
        QCOMPARE(panel->table()->item(0, 0)->text(), QStringLiteral("ok"));
        QVERIFY(!panel->report().problems);

        QVERIFY(runFromMenu(w, QStringLiteral("Quick Check")));
        QCOMPARE(panel->titleText(), QStringLiteral("Quick Check"));
        QCOMPARE(panel->table()->item(0, 0)->text(), QStringLiteral("ok"));

        // Not in a Drizzle project: the migrations table check says there is nothing to validate.
        QVERIFY(runFromMenu(w, QStringLiteral("Validate Migrations Table")));
        QVERIFY2(panel->summaryText().contains(QLatin1String("No Drizzle project")),
                 qPrintable(panel->summaryText()));
        QVERIFY(runFromMenu(w, QStringLiteral("Quick Check")));

        // Copy puts the result on the clipboard as text.
        QApplication::clipboard()->clear();
        panel->copyToClipboard();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY2(copied.startsWith(QLatin1String("Quick Check\nok")), qPrintable(copied));
    }

    void foreignKeyCheckJumpsToTheRow()
    {
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("shop.db"), QString::fromLatin1(kShop));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        w.workspace()->selectObject(QStringLiteral("posts"));
        w.workspace()->showSqlTab();
        QVERIFY(runFromMenu(w, QStringLiteral("Foreign Key Check")));
        HealthPanel* panel = w.healthPanel();
        QTableWidget* table = panel->table();
        QVERIFY(panel->report().problems);
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Rowid"));
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("comments"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("7"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("posts"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("comments.post_id → posts.id"));

        // Double-click: the Data tab on the table of the row.
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_VERIFY(table->isVisible() && table->viewport()->height() > 0);
        const QRect cell = table->visualItemRect(table->item(0, 0));
        QSignalSpy activated(panel, &HealthPanel::rowActivated);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().at(0).toString(), QStringLiteral("comments"));
        QCOMPARE(activated.first().at(1).toLongLong(), 7);
        QTRY_COMPARE(w.workspace()->currentObject(), QStringLiteral("comments"));
        QCOMPARE(w.workspace()->tabs()->currentIndex(), 0);
        // ...filtered to the offending row (comments.id aliases the rowid).
        TableGridModel* model = w.workspace()->grid()->model();
        QTRY_COMPARE(model->rowCount(), 1);
        QTRY_COMPARE(model->index(0, 0).data().toString(), QStringLiteral("7"));
    }

    void statisticsShowThePageSize()
    {
        TempDir tmp;
        const QString db =
            tmp.makeDb(QStringLiteral("stats.db"),
                       QStringLiteral("PRAGMA page_size = 8192; CREATE TABLE t(x);"
                                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                                      "i < 10) INSERT INTO t SELECT i FROM n;"));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QVERIFY(runFromMenu(w, QStringLiteral("Database Statistics")));
        const HealthReport& r = w.healthPanel()->report();
        QString pageSize;
        for (const HealthRow& row : r.rows)
            if (row.cells.value(0) == QLatin1String("Page size"))
                pageSize = row.cells.value(1);
        QCOMPARE(pageSize, QStringLiteral("8192"));
        QCOMPARE(pageSize, queryRaw(db, QStringLiteral("PRAGMA page_size")));
        QVERIFY2(w.healthPanel()->summaryText().contains(QLatin1String("8192")),
                 qPrintable(w.healthPanel()->summaryText()));
    }

    void schemaAdviceOffersTheFix()
    {
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("advice.db"), QString::fromLatin1(kShop));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QVERIFY(runFromMenu(w, QStringLiteral("Schema Advice")));
        HealthPanel* panel = w.healthPanel();
        int fixRow = -1;
        for (int i = 0; i < panel->report().rows.size(); ++i)
            if (!panel->report().rows.at(i).fixSql.isEmpty() &&
                panel->report().rows.at(i).cells.value(0) == "comments")
                fixRow = i;
        QVERIFY2(fixRow >= 0, qPrintable(panel->report().toText()));
        const QString fix = panel->report().rows.at(fixRow).fixSql;
        QVERIFY2(fix.contains(QLatin1String("CREATE INDEX")) && fix.contains(QLatin1String("\"post_id\"")),
                 qPrintable(fix));
        QSignalSpy review(panel, &HealthPanel::reviewSqlRequested);
        panel->table()->selectRow(fixRow);
        QVERIFY(panel->reviewButton()->isVisible());
        QVERIFY(panel->reviewButton()->isEnabled());
        QTest::mouseClick(panel->reviewButton(), Qt::LeftButton);
        QCOMPARE(review.size(), 1);
        QCOMPARE(review.first().at(0).toString(), fix);
        // Nothing ran: the index does not exist.
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'index'")),
                 QStringLiteral("0"));
    }

    void vacuumSaysWhatItReclaims()
    {
        TempDir tmp;
        const QString db =
            tmp.makeDb(QStringLiteral("vac.db"),
                       QStringLiteral("CREATE TABLE t(x);"
                                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                                      "i < 500) INSERT INTO t SELECT randomblob(1000) FROM n;"
                                      "DELETE FROM t WHERE rowid > 50;"));
        const qint64 freeBytes = queryRaw(db, QStringLiteral("PRAGMA freelist_count")).toLongLong() *
                                 queryRaw(db, QStringLiteral("PRAGMA page_size")).toLongLong();
        QVERIFY(freeBytes > 100000);
        const qint64 before = QFileInfo(db).size();
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QString question;
        w.health()->confirm = [&question](const QString&, const QString& q) {
            question = q;
            return true;
        };
        QVERIFY(runFromMenu(w, QStringLiteral("VACUUM…")));
        QVERIFY2(question.contains(QLocale().formattedDataSize(freeBytes)), qPrintable(question));
        QVERIFY2(w.healthPanel()->summaryText().startsWith(QLatin1String("Done")),
                 qPrintable(w.healthPanel()->summaryText()));
        QCOMPARE(QFileInfo(db).size(), before - freeBytes);
    }

    void cancelALongCheck()
    {
        TempDir tmp;
        // Big enough that integrity_check runs for a while: ~40 MB with an index on random text.
        const QString db = tmp.makeDb(
            QStringLiteral("big.db"),
            QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB);"
                           "CREATE INDEX t_a ON t(a); CREATE INDEX t_b ON t(b);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250000) "
                           "INSERT INTO t(a, b) SELECT hex(randomblob(24)), randomblob(60) FROM n;"));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        // How long the whole check takes, for comparison.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(runFromMenu(w, QStringLiteral("Integrity Check")));
        const qint64 full = clock.elapsed();
        QVERIFY2(w.healthPanel()->summaryText().startsWith(QLatin1String("ok")),
                 qPrintable(w.healthPanel()->summaryText()));

        QSignalSpy done(w.health(), &HealthController::finished);
        clock.restart();
        w.health()->integrityCheck();
        QVERIFY(w.healthPanel()->isRunning());
        QTest::qWait(int(qMin<qint64>(full / 4, 100)));
        QTest::mouseClick(w.healthPanel()->cancelButton(), Qt::LeftButton);
        QVERIFY(done.wait(30000));
        QCOMPARE(done.first().at(0).toBool(), false);
        QVERIFY2(w.healthPanel()->summaryText().contains(QLatin1String("cancelled")),
                 qPrintable(w.healthPanel()->summaryText()));
        QVERIFY2(
            clock.elapsed() < full,
            qPrintable(
                QStringLiteral("cancelled after %1 ms, full check %2 ms").arg(clock.elapsed()).arg(full)));
        QVERIFY(!w.healthPanel()->isRunning());
    }
};

QTEST_MAIN(TestHealthMenu)
#include "tst_health_menu.moc"
