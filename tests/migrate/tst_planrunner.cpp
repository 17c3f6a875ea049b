// DrizzlePlanner + PlanRunner on real files: hoisting, rollback on every kind of failure,
// refusals, drizzle-identical bookkeeping, the demo project, progress and cancel.
#include "MigrateTestSupport.h"
#include "TestSupport.h"
#include "core/Connection.h"
#include "drizzle/AppliedMigrations.h"
#include "drizzle/PendingMigrations.h"
#include "migrate/DrizzlePlanner.h"
#include "migrate/PlanRunner.h"
#include "worker/DbWorker.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace sluice;
using namespace sluice::test;

namespace {

const QString kParentChild = QStringLiteral(
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);"
    "INSERT INTO parent VALUES (1, 'a'), (2, 'b');"
    "INSERT INTO child VALUES (1, 1), (2, 2), (3, NULL);");

// The shape drizzle-kit generates for a table rebuild (drizzle-facts §5).
const QString kRebuildParent = QStringLiteral(
    "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
    "CREATE TABLE `__new_parent` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`name` text NOT NULL,\n"
    "\t`extra` integer DEFAULT 0 NOT NULL\n);\n--> statement-breakpoint\n"
    "INSERT INTO `__new_parent`(\"id\", \"name\") SELECT \"id\", \"name\" FROM `parent`;--> "
    "statement-breakpoint\n"
    "DROP TABLE `parent`;--> statement-breakpoint\n"
    "ALTER TABLE `__new_parent` RENAME TO `parent`;--> statement-breakpoint\n"
    "PRAGMA foreign_keys=ON;");

std::unique_ptr<Connection> openRw(const QString& path, int busyMs = 5000)
{
    OpenOptions o;
    o.busyTimeoutMs = busyMs;
    auto c = Connection::open(path, o);
    if (!c)
        qFatal("%s", qPrintable(c.error().message()));
    return std::move(c.value());
}

Plan planOf(const QString& folder)
{
    auto p = DrizzlePlanner::plan(migrationSources(folder));
    if (!p)
        qFatal("%s", qPrintable(p.error().message()));
    return p.value();
}

} // namespace

class TestPlanRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hoistingKeepsCascadeChildren()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), kParentChild);
        const QString naive = dir.makeDb(QStringLiteral("naive.db"), kParentChild);
        const QString folder = writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                                     {{QStringLiteral("0000_rebuild"), kRebuildParent}});

        const Plan plan = planOf(folder);
        QVERIFY(plan.foreignKeysOff);
        for (const PlanStatement& s : plan.statements)
            QVERIFY2(!s.sql.contains(QStringLiteral("foreign_keys")), qPrintable(s.sql));
        QVERIFY2(plan.notes.join(QLatin1Char('\n')).contains(QStringLiteral("0000_rebuild.sql line 1")),
                 qPrintable(plan.notes.join(QLatin1Char('\n'))));

        auto c = openRw(db);
        QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok());
        auto r = PlanRunner::run(*c, plan);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QCOMPARE(c->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1); // restored
        c.reset();
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM child")), QStringLiteral("3"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM child WHERE parent_id IS NOT NULL")),
                 QStringLiteral("2"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM parent WHERE extra = 0")),
                 QStringLiteral("2"));

        // The same statements the way drizzle-orm's better-sqlite3 path runs them (FKs on, inside
        // BEGIN, so the pragma is ignored): DROP TABLE cascades into the children.
        QString script = QStringLiteral("PRAGMA foreign_keys=ON; BEGIN;");
        for (const QString& chunk : kRebuildParent.split(QStringLiteral("--> statement-breakpoint")))
            script += chunk;
        script += QStringLiteral("; COMMIT;");
        execRaw(naive, script);
        QCOMPARE(queryRaw(naive, QStringLiteral("SELECT count(*) FROM child")), QStringLiteral("1"));
    }

    void foreignKeyViolationRollsBack()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), kParentChild);
        const QByteArray before = dumpDigest(db);
        const QString folder = writeMigrationsFolder(
            dir.path(QStringLiteral("drizzle")),
            {{QStringLiteral("0000_ok"), QStringLiteral("CREATE TABLE other (x);")},
             {QStringLiteral("0001_orphan"),
              QStringLiteral(
                  "PRAGMA foreign_keys=OFF;--> statement-breakpoint\nINSERT INTO child VALUES (10, 99);"
                  "--> statement-breakpoint\nPRAGMA foreign_keys=ON;")}});
        auto c = openRw(db);
        QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok());
        auto r = PlanRunner::run(*c, planOf(folder));
        QVERIFY(!r.ok());
        const QString msg = r.error().message();
        QVERIFY2(msg.contains(QStringLiteral("child rowid 10")) && msg.contains(QStringLiteral("parent")) &&
                     msg.contains(QStringLiteral("0001_orphan")),
                 qPrintable(msg));
        QCOMPARE(c->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1);
        c.reset();
        QCOMPARE(dumpDigest(db), before);
    }

    void preexistingViolationsDoNotBlock()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      kParentChild + QStringLiteral("INSERT INTO child VALUES (9, 77);"));
        const QString folder = writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                                     {{QStringLiteral("0000_rebuild"), kRebuildParent}});
        auto c = openRw(db);
        auto r = PlanRunner::run(*c, planOf(folder));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QCOMPARE(r->preexistingForeignKeyViolations, 1);
    }

    void syntaxErrorInSecondOfThreeRollsBackAll()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE a (x); INSERT INTO a VALUES (1);"));
        const QByteArray before = dumpDigest(db);
        const QString folder = writeMigrationsFolder(
            dir.path(QStringLiteral("drizzle")),
            {{QStringLiteral("0000_first"),
              QStringLiteral("CREATE TABLE b (y);--> statement-breakpoint\nINSERT INTO b VALUES (2);")},
             {QStringLiteral("0001_second"),
              QStringLiteral(
                  "CREATE TABLE c (z);--> statement-breakpoint\n-- a comment line\nALTER TABLE `a` ADDD `w` "
                  "integer;--> statement-breakpoint\nCREATE TABLE d (q);")},
             {QStringLiteral("0002_third"), QStringLiteral("CREATE TABLE e (r);")}});
        auto c = openRw(db);
        auto r = PlanRunner::run(*c, planOf(folder));
        QVERIFY(!r.ok());
        const DbError& e = r.error();
        QVERIFY2(e.path.endsWith(QStringLiteral("0001_second.sql")), qPrintable(e.path));
        QCOMPARE(e.line, 3);
        const QString msg = e.message();
        QVERIFY2(msg.contains(QStringLiteral("0001_second")) &&
                     msg.contains(QStringLiteral("syntax error")) && msg.contains(QStringLiteral("line 3")) &&
                     msg.contains(QStringLiteral("ADDD")),
                 qPrintable(msg));
        c.reset();
        QCOMPARE(dumpDigest(db), before);
        // Not even the migrations table is left behind (created inside the transaction).
        QCOMPARE(queryRaw(db, QStringLiteral(
                                  "SELECT count(*) FROM sqlite_schema WHERE name = '__drizzle_migrations'")),
                 QStringLiteral("0"));
    }

    void transactionStatementsRefused()
    {
        TempDir dir;
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_tx"),
                                    QStringLiteral("BEGIN TRANSACTION;\nCREATE TABLE t (x);\nCOMMIT;")}});
        auto p = DrizzlePlanner::plan(migrationSources(folder));
        QVERIFY(!p.ok());
        const QString msg = p.error().message();
        QVERIFY2(msg.contains(QStringLiteral("0000_tx.sql")) && msg.contains(QStringLiteral("BEGIN")) &&
                     msg.contains(QStringLiteral("line 1")),
                 qPrintable(msg));

        const QString f2 = writeMigrationsFolder(
            dir.path(QStringLiteral("d2")),
            {{QStringLiteral("0000_sp"), QStringLiteral("CREATE TABLE t (x);\n\nSAVEPOINT a;")}});
        auto p2 = DrizzlePlanner::plan(migrationSources(f2));
        QVERIFY(!p2.ok());
        QCOMPARE(p2.error().line, 3);
    }

    void emptyAndUntouchedCustomRefused()
    {
        TempDir dir;
        const QString custom = QStringLiteral("-- Custom SQL migration file, put your code below! --");
        QCOMPARE(custom.toUtf8().size(), 53);
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_ok"), QStringLiteral("CREATE TABLE t (x);")},
                                   {QStringLiteral("0001_custom"), custom}});
        auto p = DrizzlePlanner::plan(migrationSources(folder));
        QVERIFY(!p.ok());
        QVERIFY2(p.error().message().contains(QStringLiteral("0001_custom.sql")) &&
                     p.error().message().contains(QStringLiteral("drizzle-orm")),
                 qPrintable(p.error().message()));

        const QString f2 = writeMigrationsFolder(dir.path(QStringLiteral("d2")),
                                                 {{QStringLiteral("0000_empty"), QString()}});
        QVERIFY(!DrizzlePlanner::plan(migrationSources(f2)).ok());

        // A trailing breakpoint leaves an empty last chunk: drizzle-orm fails on it too.
        const QString f3 =
            writeMigrationsFolder(dir.path(QStringLiteral("d3")),
                                  {{QStringLiteral("0000_trailing"),
                                    QStringLiteral("CREATE TABLE t (x);--> statement-breakpoint\n")}});
        auto p3 = DrizzlePlanner::plan(migrationSources(f3));
        QVERIFY(!p3.ok());
        QVERIFY2(p3.error().message().contains(QStringLiteral("statement 2 of 2")),
                 qPrintable(p3.error().message()));
    }

    void lockedDatabaseFailsWithBusyMessage()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE a (x); INSERT INTO a VALUES (1);"));
        const QByteArray before = dumpDigest(db);
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        const Plan plan = planOf(folder);
        auto c = openRw(db, 300);
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN IMMEDIATE; INSERT INTO a VALUES (2); SELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        auto r = PlanRunner::run(*c, plan);
        QVERIFY(!r.ok());
        QVERIFY(r.error().isBusy());
        QVERIFY2(r.error().message().contains(QStringLiteral("locked by another process")),
                 qPrintable(r.error().message()));
        holder.write("ROLLBACK;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        c.reset();
        QCOMPARE(dumpDigest(db), before);
    }

    void readOnlyRefusedBeforeBegin()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE a (x);"));
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        OpenOptions o;
        o.mode = OpenOptions::Mode::ReadOnly;
        auto c = Connection::open(db, o);
        QVERIFY(c.ok());
        auto r = PlanRunner::run(**c, planOf(folder));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(QStringLiteral("read-only")), qPrintable(r.error().message()));
    }

    void bookkeepingIdenticalToDrizzle()
    {
        TempDir dir;
        // What make-demo-db.py (checked against the real migrator) leaves: apply nothing, keep the table.
        const QString ref = dir.path(QStringLiteral("ref.db"));
        QProcess py;
        py.start(QStringLiteral("python3"),
                 {sourceDir() + QStringLiteral("/resources/demo/make-demo-db.py"), ref,
                  QStringLiteral("--pending"), QStringLiteral("6"), QStringLiteral("--no-seed")});
        QVERIFY(py.waitForFinished(60000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const QString refSql = queryRaw(
            ref, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = '__drizzle_migrations'"));
        QVERIFY(
            refSql.startsWith(QStringLiteral("CREATE TABLE \"__drizzle_migrations\" (\n\t\t\t\tid SERIAL")));

        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE a (x);"));
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")},
                                   {QStringLiteral("0001_c"), QStringLiteral("CREATE TABLE c (z);")}});
        auto c = openRw(db);
        auto r = PlanRunner::run(*c, planOf(folder));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        c.reset();
        QCOMPARE(
            queryRaw(db, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = '__drizzle_migrations'")),
            refSql);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = "
                                             "'sqlite_autoindex___drizzle_migrations_1'")),
                 QStringLiteral("1"));
        const QString rows = queryRaw(
            db, QStringLiteral(
                    "SELECT group_concat(coalesce(id, 'NULL') || '|' || hash || '|' || typeof(created_at) "
                    "|| '|' || created_at, ';') FROM (SELECT * FROM __drizzle_migrations ORDER BY rowid)"));
        const QString h0 = QString::fromLatin1(fileSha256(folder + QStringLiteral("/0000_b.sql")));
        const QString h1 = QString::fromLatin1(fileSha256(folder + QStringLiteral("/0001_c.sql")));
        QCOMPARE(rows, QStringLiteral("NULL|%1|integer|%2;NULL|%3|integer|%4")
                           .arg(h0)
                           .arg(kFirstWhen)
                           .arg(h1)
                           .arg(kFirstWhen + 1000));
        QCOMPARE(h0, h0.toLower());
    }

    void customTableNameHonoured()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE a (x);"));
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        DrizzlePlanOptions o;
        o.migrationsTable = QStringLiteral("my \"migrations\"");
        auto p = DrizzlePlanner::plan(migrationSources(folder), o);
        QVERIFY(p.ok());
        auto c = openRw(db);
        QVERIFY(PlanRunner::run(*c, p.value()).ok());
        auto applied = readAppliedMigrations(*c, o.migrationsTable);
        QVERIFY(applied.ok() && applied->lastCreatedAtNumber.has_value());
        QCOMPARE(qint64(*applied->lastCreatedAtNumber), kFirstWhen);
        QVERIFY(journalPendingMigrations(migrationSources(folder), applied->lastCreatedAtNumber).isEmpty());
    }

    void demoProjectPendingTwoKeepsComments()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        QProcess py;
        py.start(QStringLiteral("python3"), {sourceDir() + QStringLiteral("/resources/demo/make-demo-db.py"),
                                             db, QStringLiteral("--pending"), QStringLiteral("2")});
        QVERIFY(py.waitForFinished(120000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM comments")), QStringLiteral("12000"));
        const QString postsTags = queryRaw(db, QStringLiteral("SELECT count(*) FROM posts_tags"));

        const QList<MigrationSource> all =
            migrationSources(sourceDir() + QStringLiteral("/resources/demo/drizzle"));
        auto c = openRw(db);
        QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok()); // as better-sqlite3 has it
        auto applied = readAppliedMigrations(*c);
        QVERIFY(applied.ok());
        const QList<MigrationSource> pending = journalPendingMigrations(all, applied->lastCreatedAtNumber);
        QCOMPARE(pending.size(), 2);
        QCOMPARE(pending.first().name, QStringLiteral("0004_posts_view_count_check"));
        auto plan = DrizzlePlanner::plan(pending);
        QVERIFY(plan.ok());
        QVERIFY(plan->foreignKeysOff);
        auto r = PlanRunner::run(*c, plan.value());
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        c.reset();
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM comments")), QStringLiteral("12000"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM posts_tags")), postsTags);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("6"));
        QCOMPARE(
            queryRaw(db, QStringLiteral("SELECT hash FROM __drizzle_migrations ORDER BY rowid DESC LIMIT 1")),
            QString::fromLatin1(fileSha256(all.last().path)));
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")),
                 QStringLiteral("0"));
        QVERIFY(queryRaw(db, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'posts'"))
                    .contains(QStringLiteral("view_count")));
    }

    void manyStatementsProgressKeepsMoving()
    {
        TempDir dir;
        const QString db =
            dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE big (i INTEGER, v TEXT);"));
        QString sql;
        for (int i = 0; i < 10000; ++i)
            sql +=
                QStringLiteral("INSERT INTO big VALUES (%1, hex(zeroblob(200)));--> statement-breakpoint\n")
                    .arg(i);
        sql += QStringLiteral("SELECT 1;");
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")), {{QStringLiteral("0000_many"), sql}});
        const Plan plan = planOf(folder);
        QCOMPARE(plan.statements.size(), 10003);

        DbWorker worker(db, OpenOptions{});
        QObject receiver;
        QList<qint64> seen;
        int inStep = 0;
        bool done = false;
        Status outcome;
        worker.submit<PlanRunResult>(
            &receiver, [plan](Connection& c, JobControl& j) { return PlanRunner::run(c, plan, &j); },
            [&](Result<PlanRunResult> r) {
                done = true;
                if (!r)
                    outcome = r.error();
            },
            [&](qint64 d, qint64 total, const QString& what) {
                QCOMPARE(total, qint64(10003));
                if (what == QLatin1String("0000_many"))
                    ++inStep;
                seen << d;
            });
        QTRY_VERIFY_WITH_TIMEOUT(done, 120000);
        QVERIFY2(outcome.ok(), outcome.ok() ? "" : qPrintable(outcome.error().message()));
        QVERIFY2(seen.size() >= 3, qPrintable(QString::number(seen.size())));
        QVERIFY(inStep >= 1); // reports name the migration being applied
        for (qsizetype i = 1; i < seen.size(); ++i)
            QVERIFY(seen.at(i) >= seen.at(i - 1));
        QCOMPARE(seen.last(), qint64(10003));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM big")), QStringLiteral("10000"));
    }

    void cancelRollsBack()
    {
        TempDir dir;
        const QString db =
            dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE big (i INTEGER, v TEXT);"));
        const QByteArray before = dumpDigest(db);
        QString sql;
        for (int i = 0; i < 2000; ++i)
            sql += QStringLiteral(
                       "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200) "
                       "INSERT INTO big SELECT n + %1, hex(zeroblob(500)) FROM s;--> statement-breakpoint\n")
                       .arg(i * 1000);
        sql += QStringLiteral("SELECT 1;");
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")), {{QStringLiteral("0000_slow"), sql}});
        const Plan plan = planOf(folder);
        DbWorker worker(db, OpenOptions{});
        QObject receiver;
        bool done = false;
        std::optional<DbError> error;
        JobId id = 0;
        bool cancelled = false;
        id = worker.submit<PlanRunResult>(
            &receiver, [plan](Connection& c, JobControl& j) { return PlanRunner::run(c, plan, &j); },
            [&](Result<PlanRunResult> r) {
                done = true;
                if (!r)
                    error = r.error();
            },
            [&](qint64 d, qint64, const QString&) {
                if (d > 50 && !cancelled) {
                    cancelled = true;
                    worker.cancel(id);
                }
            });
        QTRY_VERIFY_WITH_TIMEOUT(done, 120000);
        QVERIFY(cancelled);
        QVERIFY(error.has_value());
        QVERIFY2(error->isInterrupted(), qPrintable(error->message()));
        QCOMPARE(dumpDigest(db), before);
    }
};

QTEST_GUILESS_MAIN(TestPlanRunner)
#include "tst_planrunner.moc"
