// The Migrations tab on a copy of the demo Drizzle project: status, review marks, the dry run's
// schema diff and data impact, apply with a backup, restore, a failing migration, no project.
#include "DatabaseSession.h"
#include "DatabaseWorkspace.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RecentFiles.h"
#include "TestSupport.h"
#include "UiApplication.h"
#include "common/SqlTextEdit.h"
#include "core/Connection.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationStatus.h"
#include "migrate/DrizzlePlanner.h"
#include "migrate/PlanRunner.h"
#include "migrations/DataImpactView.h"
#include "migrations/MigrationSqlView.h"
#include "migrations/MigrationStatusModel.h"
#include "migrations/MigrationsPanel.h"
#include "migrations/SchemaDiffView.h"
#include "schema/SchemaTreeModel.h"
#include "schemaplan/SchemaChangeReview.h"
#include "schemaplan/SchemaShape.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace sluice;
using namespace sluice::test;
using namespace sluice::ui;

namespace {

void copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    const QDir src(from);
    for (const QFileInfo& fi :
         src.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString target = QDir(to).filePath(fi.fileName());
        if (fi.isDir())
            copyTree(fi.absoluteFilePath(), target);
        else
            QVERIFY(QFile::copy(fi.absoluteFilePath(), target));
    }
}

// A copy of the demo project (config, .env, migrations) with data/demo.db built from it.
QString makeDemoProject(const QTemporaryDir& tmp)
{
    const QString demo = sourceDir() + QStringLiteral("/resources/demo");
    const QString project = tmp.filePath(QStringLiteral("project"));
    QDir().mkpath(project + QStringLiteral("/data"));
    QFile::copy(demo + QStringLiteral("/drizzle.config.ts"), project + QStringLiteral("/drizzle.config.ts"));
    QFile::copy(demo + QStringLiteral("/.env"), project + QStringLiteral("/.env"));
    copyTree(demo + QStringLiteral("/drizzle"), project + QStringLiteral("/drizzle"));
    const QString db = project + QStringLiteral("/data/demo.db");
    QProcess p;
    p.start(QStringLiteral("python3"), {demo + QStringLiteral("/make-demo-db.py"), db,
                                        QStringLiteral("--pending"), QStringLiteral("2")});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        qFatal("make-demo-db.py failed: %s", p.readAllStandardError().constData());
    return db;
}

int lineOf(const QString& text, const QString& needle, int from = 0)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = from; i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i + 1;
    return 0;
}

bool hasAnyMark(SqlTextEdit* e, int line)
{
    return e->hasMarker(line, SqlTextEdit::MarkKind::Error) ||
           e->hasMarker(line, SqlTextEdit::MarkKind::Warning);
}

} // namespace

class TestMigrationsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        setUpApplication(*qApp);
        RecentFiles::clear();
    }

    void reviewDryRunApplyRestore()
    {
        QTemporaryDir tmp;
        const QString db = makeDemoProject(tmp);
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        MigrationsPanel* panel = w.workspace()->migrations();
        QVERIFY(panel);
        QVERIFY(panel->hasProject());

        // Status: 6 migrations, 4 applied then 2 pending.
        const MigrationStatus& st = panel->status();
        QCOMPARE(st.items.size(), 6);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(st.items.at(i).state, i < 4 ? MigrationState::Applied : MigrationState::Pending);
        QCOMPARE(st.items.at(4).name, QStringLiteral("0004_posts_view_count_check"));
        QVERIFY2(panel->summaryText().contains(QStringLiteral("4 applied · 2 pending")),
                 qPrintable(panel->summaryText()));
        QCOMPARE(panel->model()->rowCount(), 7); // "All pending" + 6
        QVERIFY(panel->model()->index(5).data(Qt::ToolTipRole).toString().contains(QLatin1String("Pending")));

        // Review all pending: the Migrations tab starts the lint and the dry run.
        w.workspace()->showMigrationsTab();
        panel->reviewAllPending();
        QCOMPARE(panel->reviewedNames(), QStringList({QStringLiteral("0004_posts_view_count_check"),
                                                      QStringLiteral("0005_add_sessions")}));
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasDryRunResult() && !panel->isBusy(), 180000);
        const Schema original = w.session()->schema();
        // Before the migrations run, their rollback can be read but not run.
        QVERIFY(panel->rollbackButton()->isEnabled());
        {
            std::unique_ptr<SchemaChangeReview> preview(panel->generateRollback());
            QVERIFY(preview);
            QTRY_VERIFY_WITH_TIMEOUT(!preview->isPlanning(), 30000); // it plans on its worker
            QVERIFY(!preview->plansFromLiveSchema());
            QVERIFY(!preview->applyButton()->isEnabled());
            QVERIFY(!preview->plan().isEmpty());
        }

        SqlTextEdit* sql = panel->sqlView()->editor();
        const QString text = sql->text();
        QVERIFY(text.contains(QLatin1String("--> statement-breakpoint")));
        const int pragmaOff = panel->sqlView()->viewLine(0, 1);
        const int pragmaOn = panel->sqlView()->viewLine(0, 20);
        const int dropPosts = panel->sqlView()->viewLine(0, 18);
        QVERIFY(text.split(QLatin1Char('\n'))
                    .at(pragmaOff - 1)
                    .startsWith(QLatin1String("PRAGMA foreign_keys=OFF")));
        QVERIFY(text.split(QLatin1Char('\n'))
                    .at(pragmaOn - 1)
                    .startsWith(QLatin1String("PRAGMA foreign_keys=ON")));
        QVERIFY(
            text.split(QLatin1Char('\n')).at(dropPosts - 1).startsWith(QLatin1String("DROP TABLE `posts`")));
        QVERIFY2(hasAnyMark(sql, pragmaOff), qPrintable(sql->markTooltip(pragmaOff)));
        QVERIFY(hasAnyMark(sql, pragmaOn));
        QVERIFY(sql->hasMarker(dropPosts, SqlTextEdit::MarkKind::Error)); // the cascade rebuild: danger
        QVERIFY(sql->markTooltip(dropPosts).contains(QLatin1String("comments")));
        QVERIFY(panel->sqlView()->findingsList()->topLevelItemCount() >= 3);

        // Data impact: drizzle-orm with better-sqlite3 would cascade the comments away.
        const QString report = panel->dataImpact()->reportText();
        QVERIFY2(report.contains(QLatin1String("better-sqlite3")), qPrintable(report));
        QVERIFY2(report.contains(QLatin1String("would delete 12,000 rows from comments")),
                 qPrintable(report));
        QVERIFY(panel->dataImpact()->countsTable()->rowCount() > 0);
        // Schema: posts changed (its CHECK), sessions added.
        const ObjectDiff* posts =
            panel->schemaDiff()->diff().find(QStringLiteral("table"), QStringLiteral("posts"));
        QVERIFY(posts);
        QCOMPARE(posts->state, DiffState::Changed);
        const QString after = panel->schemaDiff()->editor(SchemaDiffView::Side::After)->text();
        const int check = lineOf(after, QStringLiteral("posts_view_count_check"));
        QVERIFY2(check > 0, qPrintable(after));
        QVERIFY(panel->schemaDiff()->lineState(SchemaDiffView::Side::After, check) != DiffState::Same);
        QVERIFY(!panel->schemaDiff()
                     ->editor(SchemaDiffView::Side::Before)
                     ->text()
                     .contains(QLatin1String("CREATE TABLE \"users\"")));
        panel->schemaDiff()->setShowUnchanged(true);
        QVERIFY(panel->schemaDiff()
                    ->editor(SchemaDiffView::Side::Before)
                    ->text()
                    .contains(QLatin1String("\"users\"")));
        QVERIFY(!QFileInfo::exists(QFileInfo(db).absolutePath() + QStringLiteral("/backups")));

        // Apply with a backup.
        const QString backups = panel->defaultBackupFolder();
        QCOMPARE(backups, QFileInfo(db).absolutePath() + QStringLiteral("/backups"));
        QSignalSpy applied(panel, &MigrationsPanel::applyFinished);
        panel->applyPendingWith(true, backups);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 120000);
        QVERIFY2(applied.at(0).at(0).toBool(), qPrintable(panel->messageBar()->text()));
        QCOMPARE(panel->status().count(MigrationState::Applied), 6);
        QCOMPARE(panel->status().count(MigrationState::Pending), 0);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM comments")), QStringLiteral("12000"));
        QCOMPARE(QDir(backups).entryList(QDir::Files).size(), 1);
        QVERIFY(QFileInfo(panel->lastBackupPath()).isFile());
        QVERIFY(panel->messageBar()->text().contains(QLatin1String("Applied 2 migrations")));
        QVERIFY(panel->messageBar()->text().contains(panel->lastBackupPath()));
        QVERIFY(w.session()->schema().table(QStringLiteral("sessions")));
        QVERIFY(w.workspace()->treeModel()->indexOfObject(QStringLiteral("sessions")).isValid());
        QVERIFY(panel->restoreButton()->isVisible());

        // Their rollback, now runnable: the schema goes back to before, the comments stay.
        {
            std::unique_ptr<SchemaChangeReview> rollback(panel->generateRollback());
            QVERIFY(rollback);
            QTRY_VERIFY_WITH_TIMEOUT(!rollback->isPlanning(), 30000);
            QVERIFY(rollback->plansFromLiveSchema());
            QVERIFY(rollback->plan().losesData); // the sessions table goes
            QStringList sqls;
            for (const PlanStatement& st : rollback->plan().plan.statements)
                sqls << st.sql;
            QVERIFY2(sqls.join(QLatin1Char('\n')).contains(QLatin1String("DROP TABLE \"sessions\"")),
                     qPrintable(sqls.join(QLatin1Char('\n'))));
            QSignalSpy rolled(rollback.get(), &SchemaChangeReview::applyFinished);
            rollback->applyWith(false, {}, true);
            QTRY_VERIFY_WITH_TIMEOUT(rolled.count() == 1, 120000);
            QVERIFY2(rolled.at(0).at(0).toBool(), qPrintable(rollback->messageBar()->text()));
            QCOMPARE(schemaShape(w.session()->schema()), schemaShape(original));
            QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM comments")), QStringLiteral("12000"));
        }

        // Restore puts the database back.
        QSignalSpy restored(panel, &MigrationsPanel::restoreFinished);
        panel->restoreButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(restored.count() == 1, 120000);
        QVERIFY2(restored.at(0).at(0).toBool(), qPrintable(panel->messageBar()->text()));
        QCOMPARE(panel->status().count(MigrationState::Applied), 4);
        QCOMPARE(panel->status().count(MigrationState::Pending), 2);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'sessions'")),
                 QStringLiteral("0"));
        QVERIFY(!w.workspace()->treeModel()->indexOfObject(QStringLiteral("sessions")).isValid());
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA quick_check")), QStringLiteral("ok"));
        w.closeDatabase();
    }

    void failingMigrationLeavesTheDatabaseUnchanged()
    {
        QTemporaryDir tmp;
        const QString project = tmp.filePath(QStringLiteral("app"));
        QDir().mkpath(project + QStringLiteral("/drizzle/meta"));
        auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(project + QLatin1Char('/') + name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        write(QStringLiteral("drizzle.config.ts"), "export default { dialect: 'sqlite', out: './drizzle', "
                                                   "dbCredentials: { url: 'file:./app.db' } };\n");
        write(QStringLiteral("drizzle/meta/_journal.json"),
              R"({"version":"7","dialect":"sqlite","entries":[)"
              R"({"idx":0,"version":"6","when":1700000000000,"tag":"0000_init","breakpoints":true},)"
              R"({"idx":1,"version":"6","when":1700000100000,"tag":"0001_add_owner","breakpoints":true}]})");
        write(QStringLiteral("drizzle/0000_init.sql"),
              "CREATE TABLE `items` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`name` text NOT NULL\n);\n");
        write(QStringLiteral("drizzle/0001_add_owner.sql"),
              "CREATE INDEX `items_name_idx` ON `items` (`name`);--> statement-breakpoint\n"
              "ALTER TABLE `items` ADD `owner` integer NOT NULL;\n");
        const QString db = project + QStringLiteral("/app.db");
        {
            // Apply the first migration the way Sluice's CLI would, then add rows.
            auto folder = readMigrationFolder(project + QStringLiteral("/drizzle"));
            QVERIFY(folder);
            OpenOptions o;
            o.mode = OpenOptions::Mode::Create;
            auto c = Connection::open(db, o);
            QVERIFY(c);
            auto plan = DrizzlePlanner::plan({folder->migrations.first()});
            QVERIFY(plan);
            QVERIFY(PlanRunner::run(**c, *plan));
        }
        execRaw(db, QStringLiteral("INSERT INTO items(name) VALUES ('a'), ('b'), ('c')"));
        const QByteArray before = fileSha256(db);

        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        MigrationsPanel* panel = w.workspace()->migrations();
        QCOMPARE(panel->status().count(MigrationState::Applied), 1);
        QCOMPARE(panel->status().count(MigrationState::Pending), 1);
        QSignalSpy applied(panel, &MigrationsPanel::applyFinished);
        panel->applyPendingWith(false, QString());
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QVERIFY(!applied.at(0).at(0).toBool());
        const QString message = panel->messageBar()->text();
        QVERIFY2(message.contains(QLatin1String("0001_add_owner.sql line 2")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("NOT NULL")), qPrintable(message));
        QVERIFY(message.contains(QLatin1String("not changed")));
        SqlTextEdit* sql = panel->sqlView()->editor();
        QVERIFY(sql->hasMarker(2, SqlTextEdit::MarkKind::Error));
        QVERIFY(!sql->markTooltip(2).isEmpty());
        QCOMPARE(panel->status().count(MigrationState::Pending), 1);
        w.closeDatabase();
        QCOMPARE(fileSha256(db), before);
    }

    // drizzle 1.0's folder-per-migration layout (the fixture drizzle-kit 1.0 generated): another process
    // applies the first migration while Apply waits for the write lock, so the run refuses (nothing
    // twice); applying again runs the other four with drizzle 1.0's bookkeeping.
    void drizzle1FolderAppliesAndRechecksUnderTheLock()
    {
        QTemporaryDir tmp;
        const QString project = tmp.filePath(QStringLiteral("app"));
        copyTree(sourceDir() + QStringLiteral("/tests/fixtures/drizzle/v1/blog/drizzle"),
                 project + QStringLiteral("/drizzle"));
        {
            QFile config(project + QStringLiteral("/drizzle.config.ts"));
            QVERIFY(config.open(QIODevice::WriteOnly));
            config.write("export default { dialect: 'sqlite', out: './drizzle', dbCredentials: { url: "
                         "'file:./app.db' } };\n");
        }
        const QString db = project + QStringLiteral("/app.db");
        execRaw(db, QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE keep (k);"));
        auto folder = readMigrationFolder(project + QStringLiteral("/drizzle"));
        QVERIFY(folder);
        QCOMPARE(folder->layout, MigrationLayout::FolderPerMigration);
        const MigrationSource first = folder->migrations.first();

        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        MigrationsPanel* panel = w.workspace()->migrations();
        QCOMPARE(panel->status().layout, MigrationLayout::FolderPerMigration);
        QCOMPARE(panel->status().count(MigrationState::Pending), 5);

        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write(
            QStringLiteral(".timeout 10000\nBEGIN IMMEDIATE;\n.read '%1'\nCREATE TABLE "
                           "\"__drizzle_migrations\" (id INTEGER PRIMARY KEY, hash text NOT NULL, "
                           "created_at numeric, name text, applied_at TEXT); INSERT INTO "
                           "__drizzle_migrations (hash, created_at, name, applied_at) VALUES ('%2', %3, "
                           "'%4', '2026-01-01T00:00:00.000Z'); SELECT 'held';\n")
                .arg(first.path, first.hash)
                .arg(first.createdAt)
                .arg(first.name)
                .toUtf8());
        QVERIFY(holder.waitForReadyRead(10000));

        QSignalSpy applied(panel, &MigrationsPanel::applyFinished);
        panel->applyPendingWith(false, QString()); // planned now; the worker waits for the lock
        QVERIFY(panel->isBusy());
        holder.write("COMMIT;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QVERIFY(!applied.at(0).at(0).toBool());
        QString message = panel->messageBar()->text();
        QVERIFY2(message.contains(QLatin1String("applied by someone else")), qPrintable(message));
        QVERIFY2(message.contains(first.name), qPrintable(message));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("1"));

        panel->refreshStatus();
        QCOMPARE(panel->status().count(MigrationState::Applied), 1);
        QCOMPARE(panel->status().count(MigrationState::Pending), 4);
        panel->applyPendingWith(false, QString());
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 2, 60000);
        message = panel->messageBar()->text();
        QVERIFY2(applied.at(1).at(0).toBool(), qPrintable(message));
        QCOMPARE(panel->status().count(MigrationState::Applied), 5);
        QCOMPARE(panel->status().count(MigrationState::Pending), 0);
        QCOMPARE(
            queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations WHERE id = rowid AND "
                                        "applied_at LIKE '____-__-__T__:__:__.___Z' AND name IS NOT NULL")),
            QStringLiteral("5"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM "
                                             "__drizzle_migrations ORDER BY id)")),
                 QStringList([&] {
                     QStringList n;
                     for (const MigrationSource& m : folder->migrations)
                         n << m.name;
                     return n;
                 }())
                     .join(QLatin1Char(',')));
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA foreign_key_check")), QString());
        w.closeDatabase();
    }

    void databaseWithoutProjectOffersToChooseAFolder()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("plain.db"), QStringLiteral("CREATE TABLE t(x);"));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        MigrationsPanel* panel = w.workspace()->migrations();
        w.workspace()->showMigrationsTab();
        QVERIFY(!panel->hasProject());
        QVERIFY(panel->noProjectPage()->isVisible());
        QCOMPARE(panel->chooseFolderButton()->text(), QStringLiteral("Choose Migrations Folder…"));
        QVERIFY(panel->chooseFolderButton()->isVisible());
        // A folder remembered for this database is used next time it opens.
        QTemporaryDir tmp;
        const QString db2 = makeDemoProject(tmp);
        MigrationsPanel::rememberFolder(db, QFileInfo(db2).absolutePath() + QStringLiteral("/../drizzle"));
        w.closeDatabase();
        QVERIFY(w.openDatabase(db));
        panel = w.workspace()->migrations();
        QVERIFY(panel->hasProject());
        QCOMPARE(panel->status().items.size(), 6);
        QCOMPARE(panel->status().count(MigrationState::Pending), 6); // nothing recorded in this database
        MigrationsPanel::rememberFolder(db, QString());
    }

    void screenshotsInLightAndDark()
    {
        QTemporaryDir tmp;
        const QString db = makeDemoProject(tmp);
        MainWindow w;
        w.resize(1400, 860);
        w.show();
        QVERIFY(w.openDatabase(db));
        MigrationsPanel* panel = w.workspace()->migrations();
        w.workspace()->showMigrationsTab();
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasDryRunResult() && !panel->isBusy(), 180000);
        const QString out = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR");
        if (out.isEmpty())
            QSKIP("set SLUICE_SCREENSHOT_DIR to write the panel's pictures");
        QDir().mkpath(out);
        for (int tab = 0; tab < 3; ++tab) {
            panel->reviewTabs()->setCurrentIndex(tab);
            QVERIFY(panel->grab().save(out + QStringLiteral("/light-%1.png").arg(tab)));
        }
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
        dark.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
        dark.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
        dark.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
        dark.setColor(QPalette::ButtonText, QColor(0xdf, 0xe1, 0xe5));
        dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        w.setPalette(dark);
        panel->setPalette(dark);
        QApplication::processEvents();
        for (int tab = 0; tab < 3; ++tab) {
            panel->reviewTabs()->setCurrentIndex(tab);
            QVERIFY(panel->grab().save(out + QStringLiteral("/dark-%1.png").arg(tab)));
        }
    }
};

QTEST_MAIN(TestMigrationsPanel)
#include "tst_migrations_panel.moc"
