// The main window, offscreen: opening files (good and bad), the schema tree, the DDL view,
// recent files, drag and drop, and settings.
#include "DatabaseSession.h"
#include "DatabaseWorkspace.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RecentFiles.h"
#include "TestSupport.h"
#include "UiApplication.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"
#include "schema/DdlView.h"
#include "schema/SchemaTreeModel.h"
#include "sql/SqlEditorTab.h"

#include <QApplication>
#include <QMenuBar>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrl>

#include <unistd.h>

using namespace sluice;
using namespace sluice::test;
using namespace sluice::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QString sampleDb(const TempDir& dir, const QString& name = QStringLiteral("sample.db"))
    {
        return dir.makeDb(
            name,
            QStringLiteral(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, created_at INTEGER);"
                "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE "
                "CASCADE, title TEXT);"
                "CREATE INDEX posts_user ON posts(user_id);"
                "CREATE VIEW post_titles AS SELECT title FROM posts;"
                "CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN SELECT 1; END;"
                "CREATE TABLE \"we\"\"ird table\" (\"select\" TEXT, \"Ünïcødé 表\" INT);"
                "INSERT INTO users VALUES (1, 'a@example.com', 1700000000), (2, 'b@example.com', NULL);"
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 250)"
                " INSERT INTO posts SELECT i, 1 + i % 2, 'post ' || i FROM n;"));
    }

    QString groupText(SchemaTreeModel* m, int row) { return m->index(row, 0).data().toString(); }

private Q_SLOTS:
    void initTestCase()
    {
        setUpApplication(*qApp);
        RecentFiles::clear();
    }

    void opensAndWalksTheTree()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QVERIFY(w.session());
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("sample.db")));
        DatabaseWorkspace* ws = w.workspace();
        QVERIFY(ws);
        SchemaTreeModel* m = ws->treeModel();
        QCOMPARE(m->rowCount(), 4);
        QCOMPARE(groupText(m, 0), QStringLiteral("Tables (3)"));
        QCOMPARE(groupText(m, 1), QStringLiteral("Views (1)"));
        QCOMPARE(groupText(m, 2), QStringLiteral("Indexes (1)"));
        QCOMPARE(groupText(m, 3), QStringLiteral("Triggers (1)"));
        // Row counts arrive from the worker.
        QTRY_COMPARE(m->tableRowCount(QStringLiteral("posts")), 250);
        QTRY_COMPARE(m->tableRowCount(QStringLiteral("users")), 2);
        const QModelIndex postsCount = m->indexOfObject(QStringLiteral("posts")).siblingAtColumn(1);
        QTRY_COMPARE(postsCount.data().toString(), QStringLiteral("250 rows"));
        // Columns are children of their table.
        const QModelIndex users = m->indexOfObject(QStringLiteral("users"));
        QCOMPARE(m->rowCount(users), 3);
        QCOMPARE(m->index(0, 1, users).data().toString(), QStringLiteral("INTEGER PK"));

        // The first table is selected on open; walk every object and check the DDL follows.
        QCOMPARE(ws->currentObject(), QStringLiteral("posts"));
        for (const QString& name :
             {QStringLiteral("users"), QStringLiteral("we\"ird table"), QStringLiteral("post_titles"),
              QStringLiteral("posts_user"), QStringLiteral("posts_ai"), QStringLiteral("posts")}) {
            QVERIFY2(ws->selectObject(name), qPrintable(name));
            QCOMPARE(ws->currentObject(), name);
            QVERIFY2(ws->ddl()->text().contains(w.session()->schema().sqlOf(name)),
                     qPrintable(ws->ddl()->text()));
        }
        // A table's DDL also lists its indexes and triggers.
        QVERIFY(ws->ddl()->text().contains(QStringLiteral("CREATE INDEX posts_user")));
        QVERIFY(ws->ddl()->text().contains(QStringLiteral("CREATE TRIGGER posts_ai")));
        // Keyboard walk through the tree moves the selection too.
        ws->tree()->setFocus();
        ws->tree()->setCurrentIndex(ws->tree()->model()->index(0, 0));
        QTest::keyClick(ws->tree(), Qt::Key_Down);
        QCOMPARE(ws->currentObject(), QStringLiteral("posts"));
        QTest::keyClick(ws->tree(), Qt::Key_Down);
        QCOMPARE(ws->currentObject(), QStringLiteral("users"));
    }

    void remembersTheLastObjectPerDatabase()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        {
            MainWindow w;
            QVERIFY(w.openDatabase(db));
            QVERIFY(w.workspace()->selectObject(QStringLiteral("users")));
        }
        MainWindow w;
        QVERIFY(w.openDatabase(db));
        QCOMPARE(w.workspace()->currentObject(), QStringLiteral("users"));
    }

    void keepsTheSqlEditorTextPerDatabase()
    {
        TempDir dir;
        const QString a = sampleDb(dir, QStringLiteral("a.db"));
        const QString b = sampleDb(dir, QStringLiteral("b.db"));
        {
            MainWindow w;
            QVERIFY(w.openDatabase(a));
            w.workspace()->sqlEditor()->setText(QStringLiteral("SELECT * FROM posts WHERE id < 10;"));
            QVERIFY(w.openDatabase(b)); // switching databases keeps a's text for later
            QVERIFY(w.workspace()->sqlEditor()->text().isEmpty());
        }
        MainWindow w;
        QVERIFY(w.openDatabase(a));
        QCOMPARE(w.workspace()->sqlEditor()->text(), QStringLiteral("SELECT * FROM posts WHERE id < 10;"));
    }

    void badFilesKeepTheCurrentDatabase()
    {
        TempDir dir;
        const QString good = sampleDb(dir);
        const QString text = dir.writeFile(QStringLiteral("notes.txt"), QByteArray(8192, 'n'));
        MainWindow w;
        QVERIFY(w.openDatabase(good));

        QVERIFY(!w.openDatabase(text));
        QVERIFY(w.messageBar()->isVisibleTo(&w));
        QCOMPARE(w.messageBar()->level(), MessageBar::Level::Error);
        QVERIFY(w.messageBar()->text().contains(QStringLiteral("not an SQLite database")));
        QVERIFY(w.messageBar()->text().contains(QStringLiteral("notes.txt")));
        QCOMPARE(w.session()->path(), good); // still open

        QVERIFY(!w.openDatabase(dir.path(QStringLiteral("missing.db"))));
        QVERIFY(w.messageBar()->text().contains(QStringLiteral("does not exist")));
        QVERIFY(!QFile::exists(dir.path(QStringLiteral("missing.db"))));

        QVERIFY(!w.openDatabase(dir.path(QString())));
        QVERIFY(w.messageBar()->text().contains(QStringLiteral("folder")));
    }

    void readOnlyFileSaysSo()
    {
        // Root may write any file, so as root re-run just this test as `nobody` (setpriv), on a file
        // that user can only read.
        if (::geteuid() == 0) {
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                QSKIP("needs setpriv to run as an unprivileged user");
            QTemporaryDir dir(QStringLiteral("/tmp/sluice-gui-ro-XXXXXX"));
            QVERIFY(dir.isValid());
            const auto all = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                             QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
            QFile::setPermissions(dir.path(), all);
            const QString db = dir.filePath(QStringLiteral("ro.db"));
            execRaw(db, QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1);"));
            QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
            const QByteArray before = fileSha256(db);
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SLUICE_RO_DB"), db);
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            p.setProcessEnvironment(env);
            p.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                              QStringLiteral("--clear-groups"), QCoreApplication::applicationFilePath(),
                              QStringLiteral("readOnlyFileSaysSo")});
            QVERIFY(p.waitForFinished(60000));
            const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
            QVERIFY2(p.exitCode() == 0, out.constData());
            QVERIFY2(out.contains("PASS   : TestMainWindow::readOnlyFileSaysSo()"), out.constData());
            QCOMPARE(fileSha256(db), before);
            return;
        }
        QString db = qEnvironmentVariable("SLUICE_RO_DB");
        TempDir dir;
        if (db.isEmpty()) {
            db = dir.makeDb(QStringLiteral("ro.db"), QStringLiteral("CREATE TABLE t(x);"));
            QFile::setPermissions(db, QFile::ReadOwner);
        }
        MainWindow w;
        QVERIFY(w.openDatabase(db));
        QVERIFY(w.session()->isReadOnly());
        QVERIFY(w.windowTitle().contains(QStringLiteral("[read-only]")));
        QVERIFY2(
            w.messageBar()->text().contains(QStringLiteral("Opened read-only: the file is not writable")),
            qPrintable(w.messageBar()->text()));
    }

    void emptyFile()
    {
        TempDir dir;
        const QString empty = dir.writeFile(QStringLiteral("empty.sqlite"), {});
        MainWindow w;
        QVERIFY(w.openDatabase(empty));
        QVERIFY(w.messageBar()->text().contains(QStringLiteral("empty")));
        QCOMPARE(w.workspace()->treeModel()->index(0, 0).data().toString(), QStringLiteral("Tables (0)"));
        w.closeDatabase();
        QCOMPARE(QFileInfo(empty).size(), 0);
    }

    void lockedDatabase()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN EXCLUSIVE; DELETE FROM posts; SELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        MainWindow w;
        QElapsedTimer t;
        t.start();
        QVERIFY(!w.openDatabase(db));
        QVERIFY(t.elapsed() < 1000); // the GUI connection's busy timeout is short: no freeze
        QVERIFY(w.messageBar()->text().contains(QStringLiteral("locked by another")));
        holder.write("ROLLBACK;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QVERIFY(w.openDatabase(db));
    }

    void corruptTableStillBrowsable()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("c.db"),
            QStringLiteral("PRAGMA page_size=4096; CREATE TABLE small(x); INSERT INTO small VALUES ('ok');"
                           "CREATE TABLE big(id INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000)"
                           " INSERT INTO big SELECT i, printf('%0100d', i) FROM n;"));
        const int root =
            queryRaw(db, QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name='big'")).toInt();
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(qint64(root - 1) * 4096));
        f.write(QByteArray(4096, '\x33'));
        f.close();
        MainWindow w;
        QVERIFY(w.openDatabase(db));
        SchemaTreeModel* m = w.workspace()->treeModel();
        QCOMPARE(groupText(m, 0), QStringLiteral("Tables (2)"));
        QTRY_COMPARE(m->tableRowCount(QStringLiteral("small")), 1);
        QTRY_COMPARE(m->tableRowCount(QStringLiteral("big")), -2);
        const QModelIndex bigCount = m->indexOfObject(QStringLiteral("big")).siblingAtColumn(1);
        QCOMPARE(bigCount.data().toString(), QStringLiteral("unreadable"));
        QVERIFY(bigCount.data(Qt::ToolTipRole).toString().contains(QStringLiteral("damaged")));
        QVERIFY(w.workspace()->selectObject(QStringLiteral("small")));
    }

    void recentFilesAndSettings()
    {
        RecentFiles::clear();
        TempDir dir;
        const QString a = sampleDb(dir, QStringLiteral("a.db"));
        const QString b = sampleDb(dir, QStringLiteral("b.db"));
        {
            MainWindow w;
            QVERIFY(w.openDatabase(a));
            QVERIFY(w.openDatabase(b));
            QCOMPARE(RecentFiles::list(), (QStringList{b, a}));
            w.resize(900, 700);
            w.close();
        }
        QVERIFY(QSettings().contains(QStringLiteral("mainWindow/geometry")));
        MainWindow again;
        // The File ▸ Open Recent menu names both.
        QMenu* recent = nullptr;
        for (QAction* a : again.menuBar()->actions())
            if (a->menu())
                for (QAction* sub : a->menu()->actions())
                    if (sub->menu() && sub->text().contains(QStringLiteral("Recent")))
                        recent = sub->menu();
        QVERIFY(recent);
        Q_EMIT recent->aboutToShow();
        QVERIFY(recent->actions().at(0)->text().contains(QStringLiteral("b.db")));
        QVERIFY(recent->actions().at(1)->text().contains(QStringLiteral("a.db")));
        recent->actions().at(1)->trigger();
        QVERIFY(again.session());
        QCOMPARE(again.session()->path(), a);
    }

    void dropAFileToOpenIt()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        MainWindow w;
        w.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(db)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(w.session());
        QCOMPARE(w.session()->path(), db);
    }

    void sqlEditorChangesRefreshCountsAndGrid()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        MainWindow w;
        QVERIFY(w.openDatabase(db));
        DatabaseWorkspace* ws = w.workspace();
        QTRY_COMPARE(ws->treeModel()->tableRowCount(QStringLiteral("posts")), 250);
        QVERIFY(ws->selectObject(QStringLiteral("posts")));
        QTRY_VERIFY(ws->grid()->model()->isCountExact());
        QCOMPARE(ws->grid()->model()->rowCount(), 250);
        SqlEditorTab* sql = ws->sqlEditor();
        sql->setText(QStringLiteral("DELETE FROM posts WHERE id > 200;"));
        sql->runAll();
        QTRY_VERIFY(!sql->isRunning());
        QTRY_COMPARE(ws->treeModel()->tableRowCount(QStringLiteral("posts")), 200);
        QTRY_COMPARE(ws->grid()->model()->rowCount(), 200);
    }

    void cellDetailsFromTheViewMenu()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QAction* grid = w.workspace()->grid()->detailPanelAction();
        QAction* menu = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->menu())
                for (QAction* sub : a->menu()->actions())
                    if (sub->text().contains(QStringLiteral("Cell Details")))
                        menu = sub;
        QVERIFY(menu);
        const bool before = grid->isChecked();
        menu->setChecked(before); // what the menu shows when it opens
        menu->trigger();          // the user picks it: the grid's panel follows
        QCOMPARE(grid->isChecked(), !before);
        menu->trigger();
        QCOMPARE(grid->isChecked(), before);
    }

    void reloadAfterSchemaChange()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        MainWindow w;
        QVERIFY(w.openDatabase(db));
        execRaw(db, QStringLiteral("CREATE TABLE added(x);"));
        QVERIFY(w.session()->reloadSchema());
        QCOMPARE(groupText(w.workspace()->treeModel(), 0), QStringLiteral("Tables (4)"));
        QVERIFY(w.workspace()->selectObject(QStringLiteral("added")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
