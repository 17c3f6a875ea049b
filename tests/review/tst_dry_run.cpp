// DryRun: rehearsals on copies of real files; the real file never changes; drizzle-orm replays.
#include "ReviewSupport.h"
#include "TestSupport.h"
#include "core/Connection.h"
#include "migrate/DryRun.h"
#include "migrate/DryRunReport.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QSignalSpy>
#include <QtTest>

using namespace sluice;
using namespace sluice::test;

namespace {

qint64 after(const QList<TableCount>& counts, const QString& table)
{
    for (const TableCount& c : counts)
        if (c.table == table)
            return c.after;
    return -2;
}

} // namespace

class TestDryRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demo0004And0005()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        makeDemoDb(db, 2);
        const QByteArray sha = fileSha256(db);
        QDir(dir.path(QString())).mkpath(QStringLiteral("tmp"));
        DryRunOptions options;
        options.tempFolder = dir.path(QStringLiteral("tmp"));

        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations = demoMigrations(
            {QStringLiteral("0004_posts_view_count_check"), QStringLiteral("0005_add_sessions")});
        auto r = runDryRun(*c.value(), input, options);
        QVERIFY2(r, r ? "" : qPrintable(r.error().message()));
        c.value().reset();

        QCOMPARE(fileSha256(db), sha);               // the real database is untouched
        QVERIFY(QDir(options.tempFolder).isEmpty()); // and the copies are gone

        const DryRunResult& d = r.value();
        if (qEnvironmentVariableIsSet("SLUICE_REVIEW_PRINT"))
            qInfo().noquote() << formatDryRunReport(d);
        QVERIFY2(d.ok, qPrintable(formatDryRunReport(d)));
        QVERIFY(!d.failure);
        QCOMPARE(d.count(QStringLiteral("comments"))->before, 12000);
        QCOMPARE(d.count(QStringLiteral("comments"))->after, 12000);
        QCOMPARE(d.count(QStringLiteral("posts_tags"))->after, 5966);
        QCOMPARE(d.count(QStringLiteral("attachments"))->after, 300);
        QCOMPARE(d.count(QStringLiteral("__drizzle_migrations"))->after, 6);
        QCOMPARE(d.count(QStringLiteral("sessions"))->before, -1);
        QCOMPARE(d.count(QStringLiteral("sessions"))->after, 0);
        QVERIFY(d.removed.isEmpty());
        QVERIFY(d.foreignKeyViolations.isEmpty());
        QVERIFY(d.danglingReferences.isEmpty());
        QVERIFY(d.integrityOk);
        QCOMPARE(d.schemaDiff.find(QStringLiteral("table"), QStringLiteral("posts"))->state,
                 DiffState::Changed);
        QCOMPARE(d.schemaDiff.find(QStringLiteral("table"), QStringLiteral("sessions"))->state,
                 DiffState::Added);
        // The rebuild dropped posts' triggers (drizzle-kit does not recreate them).
        QCOMPARE(d.schemaDiff.find(QStringLiteral("trigger"), QStringLiteral("posts_audit_delete"))->state,
                 DiffState::Removed);

        const DriverReplay* better = d.replay(QStringLiteral("better-sqlite3"));
        QVERIFY(better);
        QVERIFY(better->ok);
        QVERIFY(better->foreignKeys);
        QCOMPARE(after(better->counts, QStringLiteral("comments")), 0);
        QCOMPARE(after(better->counts, QStringLiteral("posts_tags")), 0);
        QCOMPARE(after(better->counts, QStringLiteral("attachments")), 0);
        QCOMPARE(after(better->counts, QStringLiteral("posts")), 2989);
        const QString said = better->differences.join(QLatin1Char('\n'));
        QVERIFY2(said.contains(QLatin1String(
                     "would delete 12,000 rows from comments through ON DELETE CASCADE from posts")),
                 qPrintable(said));
        QVERIFY(said.contains(QLatin1String("would delete 5,966 rows from posts_tags")));
        QVERIFY(said.contains(QLatin1String("would delete 300 rows from attachments")));

        const DriverReplay* libsql = d.replay(QStringLiteral("libsql"));
        QVERIFY(libsql);
        QVERIFY(libsql->ok);
        QVERIFY2(libsql->differences.isEmpty(), qPrintable(libsql->differences.join(QLatin1Char('\n'))));
        QCOMPARE(after(libsql->counts, QStringLiteral("comments")), 12000);

        const QString text = formatDryRunReport(d);
        QVERIFY2(text.contains(QLatin1String("+ CONSTRAINT \"posts_view_count_check\"")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("added table sessions")));
        const QJsonObject json = dryRunToJson(d);
        QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("drizzle")).toArray().size(), 2);
    }

    void failingStatementIsReportedWithLineAndMessage()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("t.db"), QStringLiteral("CREATE TABLE comments (id INTEGER PRIMARY KEY, body "
                                                   "TEXT); INSERT INTO comments VALUES (1, 'a'), (2, 'b');"));
        const QByteArray sha = fileSha256(db);
        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations << migrationFromSql(
            QStringLiteral("0001_status"),
            QStringLiteral("CREATE TABLE other (x);--> statement-breakpoint\n"
                           "ALTER TABLE `comments` ADD `status` text NOT NULL;"));
        auto r = runDryRun(*c.value(), input);
        QVERIFY(r);
        QVERIFY(!r->ok);
        QVERIFY(r->failure);
        QCOMPARE(r->failure->migration, QStringLiteral("0001_status"));
        QCOMPARE(r->failure->line, 2);
        QVERIFY2(r->failure->sqliteMessage.contains(
                     QLatin1String("Cannot add a NOT NULL column with default value NULL")),
                 qPrintable(r->failure->sqliteMessage));
        QVERIFY(r->failure->sql.contains(QLatin1String("ADD `status`")));
        QVERIFY(r->failure->statement >= 0);
        QVERIFY(r->schemaDiff.isEmpty()); // rolled back: nothing changed
        QCOMPARE(r->count(QStringLiteral("comments"))->after, 2);
        // drizzle-orm fails the same way, at the same line.
        for (const DriverReplay& d : r->drizzle) {
            QVERIFY(!d.ok);
            QCOMPARE(d.failure->line, 2);
            QVERIFY(d.failure->sqliteMessage.contains(QLatin1String("NOT NULL")));
        }
        QVERIFY(formatDryRunReport(r.value()).contains(QLatin1String("FAILS at 0001_status line 2")));
        c.value().reset();
        QCOMPARE(fileSha256(db), sha);
    }

    void uniqueViolationOnACopy()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"),
                                      QStringLiteral("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT); "
                                                     "INSERT INTO u VALUES (1, 'a'), (2, 'a');"));
        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations << migrationFromSql(QStringLiteral("0001_unique"),
                                             QStringLiteral("CREATE UNIQUE INDEX u_email ON u (email);"));
        auto r = runDryRun(*c.value(), input);
        QVERIFY(r);
        QVERIFY(!r->ok);
        QVERIFY2(r->failure->sqliteMessage.contains(QLatin1String("UNIQUE constraint failed")),
                 qPrintable(r->failure->sqliteMessage));
        QCOMPARE(r->failure->line, 1);
    }

    void noActionChildMakesBetterSqlite3Fail()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral(R"(
            CREATE TABLE parent (id INTEGER PRIMARY KEY, v TEXT);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
            CREATE TABLE fan (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE SET NULL);
            INSERT INTO parent VALUES (1, 'a'), (2, 'b');
            INSERT INTO child VALUES (1, 1), (2, 2), (3, NULL);
            INSERT INTO fan VALUES (1, 1), (2, 2);
        )"));
        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations << migrationFromSql(
            QStringLiteral("0001_rebuild"),
            QStringLiteral(
                "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
                "CREATE TABLE `__new_parent` (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '');\n"
                "--> statement-breakpoint\n"
                "INSERT INTO `__new_parent` SELECT id, v FROM parent;--> statement-breakpoint\n"
                "DROP TABLE `parent`;--> statement-breakpoint\n"
                "ALTER TABLE `__new_parent` RENAME TO `parent`;--> statement-breakpoint\n"
                "PRAGMA foreign_keys=ON;"));
        auto r = runDryRun(*c.value(), input);
        QVERIFY(r);
        QVERIFY2(r->ok, qPrintable(formatDryRunReport(r.value())));
        QCOMPARE(r->count(QStringLiteral("child"))->after, 3);
        const DriverReplay* better = r->replay(QStringLiteral("better-sqlite3"));
        QVERIFY(!better->ok);
        QCOMPARE(better->failure->line, 5);
        QVERIFY(better->failure->sqliteMessage.contains(QLatin1String("FOREIGN KEY constraint failed")));
        QVERIFY(better->differences.join(QLatin1Char(' '))
                    .contains(QLatin1String("would fail where Sluice succeeds")));
        QVERIFY(r->replay(QStringLiteral("libsql"))->ok);
        QVERIFY(r->replay(QStringLiteral("libsql"))->differences.isEmpty());
    }

    void setNullChildrenAreCounted()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral(R"(
            CREATE TABLE parent (id INTEGER PRIMARY KEY, v TEXT);
            CREATE TABLE fan (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE SET NULL);
            INSERT INTO parent VALUES (1, 'a'), (2, 'b');
            INSERT INTO fan VALUES (1, 1), (2, 2), (3, NULL);
        )"));
        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations << migrationFromSql(
            QStringLiteral("0001_rebuild"),
            QStringLiteral(
                "CREATE TABLE `__new_parent` (id INTEGER PRIMARY KEY, v TEXT);--> statement-breakpoint\n"
                "INSERT INTO `__new_parent` SELECT id, v FROM parent;--> statement-breakpoint\n"
                "DROP TABLE `parent`;--> statement-breakpoint\n"
                "ALTER TABLE `__new_parent` RENAME TO `parent`;"));
        auto r = runDryRun(*c.value(), input);
        QVERIFY(r);
        const QString said = r->replay(QStringLiteral("better-sqlite3"))->differences.join(QLatin1Char('\n'));
        QVERIFY2(said.contains(QLatin1String(
                     "would set 2 fan.parent_id values to NULL through ON DELETE SET NULL from parent")),
                 qPrintable(said));
    }

    void multiStatementChunkPerDriver()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral("CREATE TABLE t (x);"));
        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations << migrationFromSql(QStringLiteral("0001_two"),
                                             QStringLiteral("CREATE TABLE a (x);\nCREATE TABLE b (y);"));
        auto r = runDryRun(*c.value(), input);
        QVERIFY(r);
        const DriverReplay* better = r->replay(QStringLiteral("better-sqlite3"));
        QVERIFY(!better->ok);
        QVERIFY(better->failure->sqliteMessage.contains(QLatin1String("more than one statement")));
        const DriverReplay* libsql = r->replay(QStringLiteral("libsql"));
        QVERIFY(libsql->ok);
        QCOMPARE(libsql->notes.size(), 1);
        if (r->ok) {
            // Sluice runs both statements; libsql silently skips the second.
            QVERIFY2(libsql->differences.join(QLatin1Char(' ')).contains(QLatin1String("table b: removed")),
                     qPrintable(libsql->differences.join(QLatin1Char(' '))));
        }
    }

    void droppedParentLeavesDanglingReferences()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral(R"(
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);
            INSERT INTO parent VALUES (1);
            INSERT INTO child VALUES (1, 1), (2, 1);
        )"));
        auto c = Connection::open(db);
        QVERIFY(c);
        DryRunInput input;
        input.migrations << migrationFromSql(QStringLiteral("0001_drop"),
                                             QStringLiteral("DROP TABLE parent;"));
        auto r = runDryRun(*c.value(), input);
        QVERIFY(r);
        QCOMPARE(r->danglingReferences.size(), 1);
        QCOMPARE(r->danglingReferences.first().table, QStringLiteral("child"));
        QCOMPARE(r->danglingReferences.first().missingTable, QStringLiteral("parent"));
        // With foreign keys on, the DROP's implicit DELETE cascades.
        QCOMPARE(after(r->replay(QStringLiteral("better-sqlite3"))->counts, QStringLiteral("child")), 0);
    }

    void runsOnAWorkerWithProgress()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        makeDemoDb(db, 2);
        DbWorker worker(db, {});
        QObject receiver;
        std::unique_ptr<Result<DryRunResult>> got;
        int progressCalls = 0;
        DryRunInput input;
        input.migrations = demoMigrations(
            {QStringLiteral("0004_posts_view_count_check"), QStringLiteral("0005_add_sessions")});
        worker.submit<DryRunResult>(
            &receiver,
            [input](Connection& c, JobControl& control) { return runDryRun(c, input, {}, &control); },
            [&](Result<DryRunResult> r) { got = std::make_unique<Result<DryRunResult>>(std::move(r)); },
            [&](qint64, qint64, const QString&) { ++progressCalls; });
        QTRY_VERIFY_WITH_TIMEOUT(got != nullptr, 120000);
        QVERIFY(got->ok());
        QVERIFY(got->value().ok);
        QVERIFY(progressCalls > 0);
    }

    void cancelStopsTheRun()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        makeDemoDb(db, 2);
        QDir(dir.path(QString())).mkpath(QStringLiteral("tmp"));
        DryRunOptions options;
        options.tempFolder = dir.path(QStringLiteral("tmp"));
        DbWorker worker(db, {});
        QObject receiver;
        std::unique_ptr<Result<DryRunResult>> got;
        DryRunInput input;
        input.migrations = demoMigrations({QStringLiteral("0004_posts_view_count_check")});
        JobId id = 0;
        bool cancelled = false;
        id = worker.submit<DryRunResult>(
            &receiver,
            [input, options](Connection& c, JobControl& control) {
                return runDryRun(c, input, options, &control);
            },
            [&](Result<DryRunResult> r) { got = std::make_unique<Result<DryRunResult>>(std::move(r)); },
            [&](qint64, qint64, const QString&) {
                if (!cancelled) {
                    cancelled = true;
                    worker.cancel(id);
                }
            });
        QTRY_VERIFY_WITH_TIMEOUT(got != nullptr, 120000);
        QVERIFY(!got->ok());
        QVERIFY(got->error().isInterrupted());
        QTRY_VERIFY(QDir(options.tempFolder).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDryRun)
#include "tst_dry_run.moc"
