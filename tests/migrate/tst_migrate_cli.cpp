// `sluice migrate` as a child process: exit codes, backup, dry run, first deploy, refusals, and
// SIGKILL at several points of a long apply (the database is exactly before or exactly after).
#include "MigrateTestSupport.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace sluice::test;

namespace {

QString makeDemo(TempDir& dir, int pending)
{
    const QString db = dir.path(QStringLiteral("data/demo.db"));
    QProcess py;
    py.start(QStringLiteral("python3"), {sourceDir() + QStringLiteral("/resources/demo/make-demo-db.py"), db,
                                         QStringLiteral("--pending"), QString::number(pending)});
    if (!py.waitForFinished(120000) || py.exitCode() != 0)
        qFatal("make-demo-db.py failed: %s", py.readAllStandardError().constData());
    return db;
}

QString demoMigrations()
{
    return sourceDir() + QStringLiteral("/resources/demo/drizzle");
}

QString migrationsTableRows(const QString& db)
{
    return queryRaw(db, QStringLiteral("SELECT group_concat(hash || ':' || created_at, ',') FROM "
                                       "(SELECT * FROM __drizzle_migrations ORDER BY rowid)"));
}

} // namespace

class TestMigrateCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appliesDemoWithBackupThenNothingToDo()
    {
        TempDir dir;
        const QString db = makeDemo(dir, 2);
        const QByteArray before = dumpDigest(db);
        ProcessResult r = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"),
                                     demoMigrations(), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("status")].toString(), QStringLiteral("applied"));
        QCOMPARE(o[QStringLiteral("applied")].toArray().size(), 2);
        QCOMPARE(o[QStringLiteral("applied")].toArray().at(0).toObject()[QStringLiteral("name")].toString(),
                 QStringLiteral("0004_posts_view_count_check"));
        QVERIFY(o.contains(QStringLiteral("durationMs")));
        const QString backup = o[QStringLiteral("backup")].toString();
        QVERIFY2(backup.startsWith(dir.path(QStringLiteral("data/backups/demo-"))), qPrintable(backup));
        QCOMPARE(dumpDigest(backup), before); // the backup is the database as it was before
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM comments")), QStringLiteral("12000"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("6"));

        ProcessResult again =
            runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), demoMigrations()});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(QStringLiteral("Nothing to do")), qPrintable(again.out));
    }

    void dryRunLeavesDatabaseUntouched()
    {
        TempDir dir;
        const QString db = makeDemo(dir, 2);
        const QByteArray before = fileSha256(db);
        ProcessResult r =
            runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), demoMigrations(),
                       QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("status")].toString(), QStringLiteral("would-apply"));
        QVERIFY(o[QStringLiteral("statementsRun")].toInt() > 10);
        QCOMPARE(fileSha256(db), before);
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("data/backups"))));
    }

    void failureExitCodesAndMessage()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE a (x); INSERT INTO a VALUES (1);"));
        const QString folder = writeMigrationsFolder(
            dir.path(QStringLiteral("drizzle")),
            {{QStringLiteral("0000_ok"), QStringLiteral("CREATE TABLE b (y);")},
             {QStringLiteral("0001_bad"),
              QStringLiteral("CREATE TABLE c (z);--> statement-breakpoint\nALTER TABLE a ADDD w;")}});
        const QByteArray before = dumpDigest(db);
        ProcessResult dry = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                                       QStringLiteral("--dry-run")});
        QCOMPARE(dry.exitCode, 1);
        QVERIFY2(dry.err.contains(QStringLiteral("0001_bad")) &&
                     dry.err.contains(QStringLiteral("syntax error")),
                 qPrintable(dry.err));
        ProcessResult r = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                                     QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("0001_bad.sql")) && r.err.contains(QStringLiteral("line 2")) &&
                     r.err.contains(QStringLiteral("syntax error")),
                 qPrintable(r.err));
        const QJsonObject e =
            QJsonDocument::fromJson(r.out.toUtf8()).object()[QStringLiteral("error")].toObject();
        QCOMPARE(e[QStringLiteral("migration")].toString(), QStringLiteral("0001_bad"));
        QCOMPARE(e[QStringLiteral("line")].toInt(), 2);
        QCOMPARE(dumpDigest(db), before);

        ProcessResult usage = runSluice({QStringLiteral("migrate")});
        QCOMPARE(usage.exitCode, 2);
        ProcessResult noFolder = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"),
                                            dir.path(QStringLiteral("missing"))});
        QCOMPARE(noFolder.exitCode, 2);
    }

    void backupFolderNotWritableRefuses()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE a (x);"));
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        const QString file = dir.writeFile(QStringLiteral("plain"), "x");
        const QByteArray before = fileSha256(db);
        ProcessResult r = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                                     QStringLiteral("--backup-dir"), file + QStringLiteral("/backups")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--no-backup")), qPrintable(r.err));
        QCOMPARE(fileSha256(db), before);
        ProcessResult ok = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                                      QStringLiteral("--backup-dir"), file + QStringLiteral("/backups"),
                                      QStringLiteral("--no-backup")});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("1"));
    }

    void firstDeployCreatesDatabase()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("fresh.db"));
        ProcessResult r =
            runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), demoMigrations()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("6"));
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("backups"))));

        // A failing first deploy leaves no file behind.
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("bad")),
                                  {{QStringLiteral("0000_bad"), QStringLiteral("CREATE TABLEX b (y);")}});
        const QString db2 = dir.path(QStringLiteral("fresh2.db"));
        ProcessResult bad =
            runSluice({QStringLiteral("migrate"), db2, QStringLiteral("--migrations"), folder});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(!QFileInfo::exists(db2));
    }

    void lockedDatabase()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE a (x); INSERT INTO a VALUES (1);"));
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN EXCLUSIVE; INSERT INTO a VALUES (2); SELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        ProcessResult r = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                                     QStringLiteral("--no-backup")},
                                    60000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("locked by another")), qPrintable(r.err));
        holder.write("ROLLBACK;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema")), QStringLiteral("1"));
    }

    // Another process migrates between `sluice migrate` reading the table and taking the write lock:
    // under the lock Sluice sees the new row and refuses instead of running the migration twice.
    void anotherProcessMigratedMeanwhile()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE a (x);"));
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        const QString hash = migrationSources(folder).first().hash;

        // The other process: it has applied 0000_b but not committed yet.
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write(
            QStringLiteral(".timeout 10000\nBEGIN IMMEDIATE; CREATE TABLE b (y); CREATE TABLE "
                           "__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at "
                           "numeric); INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('%1', "
                           "%2); SELECT 'held';\n")
                .arg(hash)
                .arg(kFirstWhen)
                .toUtf8());
        QVERIFY(holder.waitForReadyRead(10000));

        // Sluice reads the committed state (nothing applied), plans 0000_b, then waits for the lock.
        QProcess sluice;
        sluice.start(qEnvironmentVariable("SLUICE_BINARY"),
                     {QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                      QStringLiteral("--no-backup")});
        QVERIFY(sluice.waitForStarted());
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("pending migration(s)") && t.elapsed() < 30000 &&
               sluice.state() == QProcess::Running) {
            sluice.waitForReadyRead(200);
            out += sluice.readAllStandardOutput();
        }
        QVERIFY2(out.contains("1 pending migration(s)"), out.constData());
        holder.write("COMMIT;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QVERIFY(sluice.waitForFinished(30000));
        const QString err = QString::fromUtf8(sluice.readAllStandardError());
        QCOMPARE(sluice.exitCode(), 2);
        QVERIFY2(err.contains(QStringLiteral("applied by someone else")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("0000_b")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Nothing was changed")), qPrintable(err));
        // Exactly the other process's work: one row, one table b.
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("1"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema "
                                             "WHERE type = 'table' ORDER BY name)")),
                 QStringLiteral("__drizzle_migrations,a,b"));
        // And now there is nothing to do.
        const ProcessResult again = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"),
                                               folder, QStringLiteral("--no-backup")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(QStringLiteral("Nothing to do")), qPrintable(again.out));
    }

    // drizzle 1.0's layout (fixture generated by drizzle-kit 1.0): applied with name and applied_at,
    // then nothing to do; a 0.x table is upgraded first.
    void appliesDrizzle1Folder()
    {
        TempDir dir;
        const QString folder = sourceDir() + QStringLiteral("/tests/fixtures/drizzle/v1/blog/drizzle");
        const QString db = dir.path(QStringLiteral("v1.db"));
        ProcessResult r = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                                     QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("status")].toString(), QStringLiteral("applied"));
        QCOMPARE(o[QStringLiteral("applied")].toArray().size(), 5);
        QCOMPARE(
            queryRaw(db,
                     QStringLiteral(
                         "SELECT count(*) FROM __drizzle_migrations WHERE id = rowid AND name "
                         "GLOB '2*_*' AND applied_at LIKE '____-__-__T__:__:__.___Z' AND created_at = 1000 * "
                         "strftime('%s', substr(name, 1, 4) || '-' || substr(name, 5, 2) || '-' || "
                         "substr(name, 7, 2) || ' ' || substr(name, 9, 2) || ':' || substr(name, 11, "
                         "2) || ':' || substr(name, 13, 2))")),
            QStringLiteral("5"));
        QCOMPARE(
            queryRaw(db,
                     QStringLiteral("SELECT group_concat(name) FROM (SELECT name FROM __drizzle_migrations "
                                    "ORDER BY id)")),
            QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name).join(QLatin1Char(',')));
        r = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                       QStringLiteral("--no-backup")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Nothing to do")), qPrintable(r.out));
        r = runSluice({QStringLiteral("status"), db, QStringLiteral("--migrations"), folder});
        QCOMPARE(r.exitCode, 0);
    }

    void readOnlyDatabaseAsUnprivilegedUser()
    {
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (::geteuid() != 0 || setpriv.isEmpty())
            QSKIP("needs root (to switch to an unprivileged user) and setpriv");
        QTemporaryDir dir(QStringLiteral("/tmp/sluice-migrate-ro-XXXXXX"));
        QVERIFY(dir.isValid());
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                              QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup |
                                              QFile::ExeGroup);
        const QString db = dir.filePath(QStringLiteral("ro.db"));
        execRaw(db, QStringLiteral("CREATE TABLE t(x);"));
        QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
        const QString folder =
            writeMigrationsFolder(dir.filePath(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_b"), QStringLiteral("CREATE TABLE b (y);")}});
        const QByteArray before = fileSha256(db);
        QProcess p;
        p.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                          QStringLiteral("--clear-groups"), qEnvironmentVariable("SLUICE_BINARY"),
                          QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                          QStringLiteral("--no-backup")});
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(QStringLiteral("read-only")), qPrintable(err));
        QCOMPARE(fileSha256(db), before);
    }

    // SIGKILL during apply: afterwards the database is exactly as before or exactly as after.
    void killedAtSeveralPoints()
    {
        TempDir dir;
        const QString base = dir.makeDb(
            QStringLiteral("base.db"),
            QStringLiteral("CREATE TABLE big (i INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50000) "
                           "INSERT INTO big SELECT n, hex(zeroblob(200)) FROM s;"));
        QString sql = QStringLiteral("UPDATE big SET v = v || 'x';--> statement-breakpoint\n");
        for (int i = 0; i < 10000; ++i)
            sql +=
                QStringLiteral("INSERT INTO big VALUES (%1, hex(zeroblob(2000)));--> statement-breakpoint\n")
                    .arg(100000 + i);
        sql += QStringLiteral("DELETE FROM big WHERE i % 7 = 0;");
        const QString folder =
            writeMigrationsFolder(dir.path(QStringLiteral("drizzle")),
                                  {{QStringLiteral("0000_create"), QStringLiteral("CREATE TABLE side (x);")},
                                   {QStringLiteral("0001_many"), sql}});
        // 0000 is already applied, so the run is 0001 only.
        execRaw(base, QStringLiteral(
                          "CREATE TABLE side (x);"
                          "CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, "
                          "created_at numeric);"
                          "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('h0', %1);")
                          .arg(kFirstWhen));
        const QByteArray beforeDigest = dumpDigest(base);
        const QString beforeRows = migrationsTableRows(base);

        // The state after a complete run, and how long one takes.
        const QString full = dir.path(QStringLiteral("full.db"));
        QFile::copy(base, full);
        QElapsedTimer t;
        t.start();
        ProcessResult complete = runSluice({QStringLiteral("migrate"), full, QStringLiteral("--migrations"),
                                            folder, QStringLiteral("--no-backup")},
                                           120000);
        const qint64 fullMs = t.elapsed();
        QVERIFY2(complete.exitCode == 0, qPrintable(complete.err));
        const QByteArray afterDigest = dumpDigest(full);
        const QString afterRows = migrationsTableRows(full);
        QVERIFY(afterDigest != beforeDigest);
        qInfo("a complete run takes %lld ms", fullMs);

        QList<qint64> points{50, 150, 400};
        for (double f : {0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.98})
            points << qint64(fullMs * f);
        int before = 0, after = 0;
        for (qint64 ms : points) {
            const QString db = dir.path(QStringLiteral("kill-%1.db").arg(ms));
            QFile::copy(base, db);
            QProcess p;
            p.start(qEnvironmentVariable("SLUICE_BINARY"),
                    {QStringLiteral("migrate"), db, QStringLiteral("--migrations"), folder,
                     QStringLiteral("--no-backup")});
            QVERIFY(p.waitForStarted());
            QTest::qWait(int(ms));
            // Never kill(0, …): a pid of 0 would signal this whole process group.
            const qint64 pid = p.processId();
            if (p.state() == QProcess::Running && pid > 0)
                ::kill(pid_t(pid), SIGKILL);
            QVERIFY(p.state() == QProcess::NotRunning || p.waitForFinished(30000));
            // The next read-write opener (here the sqlite3 CLI) rolls a hot journal back.
            const QByteArray digest = dumpDigest(db);
            QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
            // A -journal file may legitimately remain: one whose header was not yet synced when the
            // process died is not "hot", so readers ignore it and the next writer discards it. What
            // matters is the content (exactly before or exactly after) and integrity, checked here.
            const QString rows = migrationsTableRows(db);
            if (digest == beforeDigest) {
                QCOMPARE(rows, beforeRows);
                ++before;
            } else {
                QVERIFY2(digest == afterDigest,
                         qPrintable(QStringLiteral("killed after %1 ms: neither before nor after").arg(ms)));
                QCOMPARE(rows, afterRows);
                ++after;
            }
        }
        qInfo("killed %lld times: %d left as before, %d as after", qint64(points.size()), before, after);
        QVERIFY(before > 0); // at least one kill landed mid-run
    }
};

QTEST_GUILESS_MAIN(TestMigrateCli)
#include "tst_migrate_cli.moc"
