// The migration engine's shortcuts must not change any outcome: each test runs the shortcut and, where
// one exists, the long way, on real files, and compares.
#include "ReviewSupport.h"
#include "TestSupport.h"
#include "core/Connection.h"
#include "migrate/DrizzlePlanner.h"
#include "migrate/DryRun.h"
#include "migrate/DryRunReport.h"
#include "migrate/PlanRunner.h"

#include <QDir>
#include <QtTest>

#include <sqlite3.h>

using namespace sluice;
using namespace sluice::test;

namespace {

Plan planOf(const QString& sql)
{
    auto p = DrizzlePlanner::plan({migrationFromSql(QStringLiteral("0001_m"), sql)});
    if (!p)
        qFatal("%s", qPrintable(p.error().message()));
    return p.value();
}

std::unique_ptr<Connection> openDb(const QString& path)
{
    auto c = Connection::open(path);
    if (!c)
        qFatal("%s", qPrintable(c.error().message()));
    return std::move(c.value());
}

qint64 afterCount(const QList<TableCount>& counts, const QString& table)
{
    for (const TableCount& c : counts)
        if (c.table == table)
            return c.after;
    return -2;
}

// Everything a driver's outcome is judged by, as one comparable text.
QString outcome(const DriverReplay& r)
{
    QStringList out{r.driver, r.ok ? QStringLiteral("ok") : QStringLiteral("failed")};
    if (r.failure)
        out << r.failure->migration << QString::number(r.failure->chunk) << QString::number(r.failure->line)
            << r.failure->sql << QString::number(r.failure->code) << r.failure->sqliteMessage
            << r.failure->message;
    for (const TableCount& c : r.counts)
        out << QStringLiteral("%1:%2>%3").arg(c.table).arg(c.before).arg(c.after);
    out << r.notes << r.differences << r.schemaDifferences;
    return out.join(QLatin1Char('|'));
}

} // namespace

class TestMigrateFastPaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // No table declares a foreign key before the run, so the 'before' scan is skipped; a child with
    // an orphan created by the plan is still refused by the scan after it.
    void newViolationFoundWithoutAScanBefore()
    {
        TempDir dir;
        const QString db =
            dir.makeDb(QStringLiteral("t.db"), QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                                                              "INSERT INTO p VALUES (1);"));
        const QByteArray sha = fileSha256(db);
        auto c = openDb(db);
        auto r = PlanRunner::run(
            *c,
            planOf(QStringLiteral("CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));"
                                  "--> statement-breakpoint\nINSERT INTO c VALUES (1, 1), (2, 7);")));
        QVERIFY(!r);
        QCOMPARE(r.error().code, SQLITE_CONSTRAINT_FOREIGNKEY);
        QVERIFY2(r.error().message().contains(QLatin1String("c rowid 2")), qPrintable(r.error().message()));
        c.reset();
        QCOMPARE(fileSha256(db), sha);
    }

    // Without any foreign key before or after, nothing can be violated: the run commits.
    void noForeignKeysAnywhereCommits()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral("CREATE TABLE a (x);"));
        auto c = openDb(db);
        auto r = PlanRunner::run(*c, planOf(QStringLiteral("CREATE TABLE b (y);--> statement-breakpoint\n"
                                                           "INSERT INTO b VALUES (1);")));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message()));
        QVERIFY(r->committed);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM b")), QStringLiteral("1"));
    }

    // Violations that predate the run are still told apart from new ones when the scan runs.
    void preexistingViolationStillTolerated()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral(R"(
            CREATE TABLE p (id INTEGER PRIMARY KEY);
            CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));
            INSERT INTO p VALUES (1);
            INSERT INTO c VALUES (1, 1), (2, 9);
        )"));
        auto c = openDb(db);
        auto r = PlanRunner::run(*c, planOf(QStringLiteral("ALTER TABLE `c` ADD `note` text;")));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message()));
        QCOMPARE(r->preexistingForeignKeyViolations, 1);
    }

    // commit = false rolls back and leaves the file as it was, and refuses what COMMIT would refuse.
    void rehearsalLeavesTheFileAndRefusesLikeCommit()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral(R"(
            CREATE TABLE p (id INTEGER PRIMARY KEY);
            CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);
            INSERT INTO p VALUES (1), (2);
            INSERT INTO c VALUES (1, 1);
        )"));
        const QByteArray sha = fileSha256(db);
        auto c = openDb(db);
        PlanRunOptions rehearse;
        rehearse.commit = false;
        auto ok =
            PlanRunner::run(*c, planOf(QStringLiteral("DELETE FROM p WHERE id = 2;")), nullptr, rehearse);
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message()));
        QVERIFY(!ok->committed);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM p")), QStringLiteral("2"));

        // With foreign keys on, deleting a parent of a deferred child passes the statement; COMMIT
        // (and so the rehearsal) refuses it, and so does the runner's own check.
        QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys=ON")));
        for (bool commit : {true, false}) {
            PlanRunOptions o;
            o.commit = commit;
            auto r = PlanRunner::run(*c, planOf(QStringLiteral("DELETE FROM p WHERE id = 1;")), nullptr, o);
            QVERIFY(!r);
            QCOMPARE(r.error().code, SQLITE_CONSTRAINT_FOREIGNKEY);
        }
        c.reset();
        QCOMPARE(fileSha256(db), sha);
    }

    // The dry run's shortcut: drivers taken from Sluice's run agree with rehearsing them, in every
    // way Sluice's run can end — success, a failing statement, a refused commit — and on the demo.
    void derivedReplaysMatchRehearsedOnes_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("migration");
        QTest::addColumn<bool>("sluiceOk");
        QTest::newRow("success, no foreign keys")
            << QStringLiteral(
                   "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');")
            << QStringLiteral("ALTER TABLE `t` ADD `w` integer DEFAULT 0 NOT NULL;--> statement-breakpoint\n"
                              "CREATE TABLE `u` (`id` integer PRIMARY KEY NOT NULL);")
            << true;
        QTest::newRow("failing statement")
            << QStringLiteral(
                   "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');")
            << QStringLiteral("CREATE TABLE `u` (x);--> statement-breakpoint\n"
                              "ALTER TABLE `t` ADD `s` text NOT NULL;")
            << false;
        QTest::newRow("rebuild of a cascade parent")
            << QStringLiteral(
                   "CREATE TABLE p (id INTEGER PRIMARY KEY, v REAL);"
                   "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);"
                   "INSERT INTO p VALUES (1, 1.5), (2, 2.5); INSERT INTO c VALUES (1, 1), (2, 2), (3, 2);")
            << QStringLiteral("PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
                              "CREATE TABLE `__new_p` (`id` integer PRIMARY KEY NOT NULL, `v` integer);\n"
                              "--> statement-breakpoint\n"
                              "INSERT INTO `__new_p`(\"id\", \"v\") SELECT \"id\", \"v\" FROM `p`;--> "
                              "statement-breakpoint\n"
                              "DROP TABLE `p`;--> statement-breakpoint\n"
                              "ALTER TABLE `__new_p` RENAME TO `p`;--> statement-breakpoint\n"
                              "PRAGMA foreign_keys=ON;")
            << true;
        QTest::newRow("refused commit (new orphan)")
            << QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                              "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) "
                              "DEFERRABLE INITIALLY DEFERRED);"
                              "INSERT INTO p VALUES (1), (2); INSERT INTO c VALUES (1, 1);")
            << QStringLiteral("DELETE FROM `p` WHERE `id` = 1;") << false;
        QTest::newRow("two statements in a chunk")
            << QStringLiteral("CREATE TABLE t (x);")
            << QStringLiteral("CREATE TABLE a (x);\nCREATE TABLE b (y);") << true;
    }

    void derivedReplaysMatchRehearsedOnes()
    {
        QFETCH(QString, schema);
        QFETCH(QString, migration);
        QFETCH(bool, sluiceOk);
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), schema);
        const QByteArray sha = fileSha256(db);
        auto c = openDb(db);
        DryRunInput input;
        input.migrations << migrationFromSql(QStringLiteral("0001_m"), migration);
        DryRunOptions fast;
        DryRunOptions slow;
        slow.deriveReplays = false;
        auto a = runDryRun(*c, input, fast);
        auto b = runDryRun(*c, input, slow);
        QVERIFY(a && b);
        QCOMPARE(a->ok, sluiceOk);
        QCOMPARE(b->ok, sluiceOk);
        QCOMPARE(a->drizzle.size(), 2);
        QCOMPARE(b->drizzle.size(), 2);
        int derived = 0;
        for (int i = 0; i < 2; ++i) {
            QVERIFY(!b->drizzle.at(i).derived);
            derived += a->drizzle.at(i).derived ? 1 : 0;
            QCOMPARE(outcome(a->drizzle.at(i)), outcome(b->drizzle.at(i)));
        }
        const bool multi = migration.contains(QLatin1String("CREATE TABLE b"));
        const bool foreignKeys = schema.contains(QLatin1String("REFERENCES"));
        // libsql (foreign keys off, as Sluice's run) is derived whenever every chunk is one statement;
        // better-sqlite3 (foreign keys on) only when no foreign key exists to act on.
        QCOMPARE(derived, multi ? 0 : foreignKeys ? 1 : 2);
        QCOMPARE(formatDryRunReport(a.value()).contains(QLatin1String("not rehearsed again")), derived > 0);
        c.reset();
        QCOMPARE(fileSha256(db), sha);
    }

    // The demo's rebuild of posts: one copy, Sluice's run and the better-sqlite3 replay rolled back on
    // it in turn, libsql taken from Sluice's run; the figures are those of three separate copies.
    void oneCopyServesEveryRun()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        makeDemoDb(db, 2);
        QDir(dir.path(QString())).mkpath(QStringLiteral("tmp"));
        DryRunOptions options;
        options.tempFolder = dir.path(QStringLiteral("tmp"));
        auto c = openDb(db);
        DryRunInput input;
        input.migrations = demoMigrations({QStringLiteral("0004_posts_view_count_check")});
        auto r = runDryRun(*c, input, options);
        QVERIFY2(r, r ? "" : qPrintable(r.error().message()));
        QVERIFY(QDir(options.tempFolder).isEmpty());
        QVERIFY2(r->ok, qPrintable(formatDryRunReport(r.value())));
        QCOMPARE(r->count(QStringLiteral("comments"))->after, 12000);
        const DriverReplay* better = r->replay(QStringLiteral("better-sqlite3"));
        QVERIFY(better && !better->derived);
        QCOMPARE(afterCount(better->counts, QStringLiteral("comments")), 0);
        const DriverReplay* libsql = r->replay(QStringLiteral("libsql"));
        QVERIFY(libsql && libsql->derived);
        QCOMPARE(afterCount(libsql->counts, QStringLiteral("comments")), 12000);
        QVERIFY(libsql->differences.isEmpty());
        QStringList phases;
        for (const DryRunPhase& p : r->phases)
            phases << p.name;
        QCOMPARE(phases, (QStringList{QStringLiteral("copy"), QStringLiteral("counts before"),
                                      QStringLiteral("Sluice's run"), QStringLiteral("better-sqlite3 replay"),
                                      QStringLiteral("libsql (from Sluice's run)")}));
        QVERIFY(formatDryRunReport(r.value()).contains(QLatin1String("Time: copy ")));
    }
};

QTEST_GUILESS_MAIN(TestMigrateFastPaths)
#include "tst_migrate_fast_paths.moc"
