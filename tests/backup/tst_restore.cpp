// RestoreService (and both copy paths of BackupService): round trips compared row for row and schema
// for schema, bad backups refused before the live database is touched, locks, migration warnings.
#include "BackupTestSupport.h"
#include "MigrateTestSupport.h"
#include "TestSupport.h"
#include "backup/BackupCatalog.h"
#include "backup/BackupInfo.h"
#include "backup/BackupJob.h"
#include "backup/BackupService.h"
#include "backup/RestoreService.h"
#include "core/Connection.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTest>

#include <optional>

#include <sqlite3.h>

using namespace sluice;
using namespace sluice::test;

class TestRestore : public QObject
{
    Q_OBJECT

    static QString backupOf(const QString& db, const QString& folder)
    {
        auto c = Connection::open(db);
        if (!c)
            qFatal("open");
        BackupRequest request;
        request.destination = folder;
        QDir().mkpath(folder);
        auto r = takeBackup(**c, request);
        if (!r)
            qFatal("%s", qPrintable(r.error().message()));
        return r->info.path;
    }

private Q_SLOTS:
    void bothCopyPathsGiveTheSameDatabase()
    {
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        auto fast = BackupService::backup(**c, dir.path(QStringLiteral("fast.sqlite3")));
        QVERIFY(fast.ok());
        QCOMPARE(fast->method, QStringLiteral("file-copy"));
        BackupOptions api;
        api.allowFileCopy = false;
        api.pagesPerStep = 1;
        auto slow = BackupService::backup(**c, dir.path(QStringLiteral("api.sqlite3")), nullptr, api);
        QVERIFY(slow.ok());
        QCOMPARE(slow->method, QStringLiteral("backup-api"));
        QCOMPARE(contentText(fast->path), contentText(db));
        QCOMPARE(contentText(slow->path), contentText(db));
        QCOMPARE(dumpText(fast->path), dumpText(db));
        // A WAL database whose frames can all be checkpointed: the main file is then the snapshot
        // (tst_snapshot_copy has the case where they cannot, and the backup API copies it).
        const QString wal = dir.makeDb(QStringLiteral("wal.db"), QStringLiteral("PRAGMA journal_mode=WAL;"
                                                                                "CREATE TABLE t (x);"));
        auto w = Connection::open(wal);
        QVERIFY(w.ok());
        QVERIFY((*w)->exec(QStringLiteral("INSERT INTO t VALUES (1), (2)")).ok()); // in the -wal file
        auto walCopy = BackupService::backup(**w, dir.path(QStringLiteral("wal-copy.sqlite3")));
        QVERIFY2(walCopy.ok(), walCopy.ok() ? "" : qPrintable(walCopy.error().message()));
        QCOMPARE(walCopy->method, QStringLiteral("file-copy"));
        QCOMPARE(queryRaw(walCopy->path, QStringLiteral("SELECT sum(x) FROM t")), QStringLiteral("3"));
    }

    void roundTripAndUndo()
    {
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        const QString original = contentText(db);
        const QString backup = backupOf(db, dir.path(QStringLiteral("backups")));

        // The live database moves on: rows, schema, sequence.
        execRaw(db, QStringLiteral("PRAGMA foreign_keys=ON; DELETE FROM parent WHERE id = 1;"
                                   "DROP VIEW child_names; INSERT INTO counters (label) VALUES ('later');"
                                   "CREATE TABLE extra (y);"));
        const QString changed = contentText(db);
        QVERIFY(changed != original);

        auto live = Connection::open(db);
        QVERIFY(live.ok());
        auto r = RestoreService::restore(**live, backup);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QCOMPARE(r->quickCheck, QStringLiteral("ok"));
        QVERIFY(r->foreignKeyViolations.isEmpty());
        QVERIFY(r->healthy());
        QCOMPARE(r->format, QStringLiteral("sqlite"));
        // The same connection sees the restored schema at once.
        QCOMPARE((*live)->scalar(QStringLiteral("SELECT count(*) FROM child_names")).value().toInt(), 4);
        live.value().reset();
        QCOMPARE(contentText(db), original);
        QCOMPARE(dumpText(db), dumpText(backup));
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));

        // The safety backup holds the database as it was just before, and undoes the restore.
        QVERIFY(QFileInfo::exists(r->safetyBackupPath));
        QVERIFY(r->safetyBackupPath.endsWith(QStringLiteral("-before-restore.sqlite3")));
        QVERIFY(readSidecar(r->safetyBackupPath).has_value());
        QCOMPARE(contentText(r->safetyBackupPath), changed);
        auto again = Connection::open(db);
        auto undo = RestoreService::restore(**again, r->safetyBackupPath);
        QVERIFY(undo.ok());
        again.value().reset();
        QCOMPARE(contentText(db), changed);
    }

    void refusesBadBackupsBeforeTouchingAnything_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expect");
        QTest::newRow("truncated") << "truncated"
                                   << "truncated";
        QTest::newRow("cut at a page") << "cut-page"
                                       << "truncated";
        QTest::newRow("corrupt page") << "corrupt"
                                      << "damaged";
        QTest::newRow("not a database") << "garbage"
                                        << "SQLite database";
        QTest::newRow("empty") << "empty"
                               << "empty";
        QTest::newRow("missing") << "missing"
                                 << "does not exist";
        QTest::newRow("the live file") << "self"
                                       << "live database itself";
    }
    void refusesBadBackupsBeforeTouchingAnything()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expect);
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 2000);
        const QString source = makeBigDb(dir, QStringLiteral("src.db"), 2000);
        QFile in(source);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        QString bad = dir.path(QStringLiteral("bad.sqlite3"));
        if (kind == QLatin1String("truncated"))
            bytes.truncate(bytes.size() / 2 + 100);
        else if (kind == QLatin1String("cut-page"))
            bytes.truncate(bytes.size() / 2 - (bytes.size() / 2) % 4096);
        else if (kind == QLatin1String("corrupt")) {
            // Scribble over an interior page: header, size and page count stay plausible.
            for (int i = 0; i < 4096; ++i)
                bytes[4096 * 3 + i] = char(0x5a);
        } else if (kind == QLatin1String("garbage"))
            bytes = QByteArray(8192, 'z');
        else if (kind == QLatin1String("empty"))
            bytes.clear();
        if (kind == QLatin1String("self"))
            bad = db;
        else if (kind != QLatin1String("missing"))
            dir.writeFile(QStringLiteral("bad.sqlite3"), bytes);
        const QByteArray before = fileSha256(db);
        auto live = Connection::open(db);
        QVERIFY(live.ok());
        auto r = RestoreService::restore(**live, bad);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(expect), qPrintable(r.error().message()));
        QVERIFY2(r.error().message().contains(QStringLiteral("not touched")),
                 qPrintable(r.error().message()));
        live.value().reset();
        QCOMPARE(fileSha256(db), before);
        // Refused before the safety backup: no backup folder was created.
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("backups"))));
    }

    // Cancel in the middle, on a worker as the GUI runs them: a cancelled backup leaves nothing in
    // its folder (not even a hidden partial file), a cancelled restore leaves the live database
    // exactly as it was; the source is never touched.
    void cancelledBackupLeavesNothing_data()
    {
        QTest::addColumn<QString>("journal");
        QTest::addColumn<QString>("format");
        QTest::newRow("rollback journal, file copy") << QStringLiteral("delete") << QStringLiteral("sqlite");
        QTest::newRow("WAL, file copy") << QStringLiteral("wal") << QStringLiteral("sqlite");
        // An older reader pins WAL frames in place: the main file is not the snapshot.
        QTest::newRow("WAL pinned by a reader, backup API")
            << QStringLiteral("wal-pinned") << QStringLiteral("sqlite");
        QTest::newRow("JSON") << QStringLiteral("delete") << QStringLiteral("json");
        QTest::newRow("SQL dump") << QStringLiteral("delete") << QStringLiteral("sql");
    }
    void cancelledBackupLeavesNothing()
    {
        QFETCH(QString, journal);
        QFETCH(QString, format);
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 120000); // ~125 MB
        const bool pinned = journal == QLatin1String("wal-pinned");
        execRaw(db, QStringLiteral("PRAGMA journal_mode=%1").arg(pinned ? QStringLiteral("wal") : journal));
        sqlite3* reader = nullptr;
        auto closeReader = qScopeGuard([&] { sqlite3_close_v2(reader); });
        if (pinned) {
            sqlite3_open_v2(QFile::encodeName(db).constData(), &reader, SQLITE_OPEN_READWRITE, nullptr);
            QCOMPARE(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM big;", nullptr, nullptr, nullptr),
                     SQLITE_OK);
            execRaw(db, QStringLiteral("DELETE FROM big WHERE i % 7 = 0")); // frames the reader pins
        }
        const QString before = contentText(db);
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        DbWorker worker(db, {});
        std::optional<Result<BackupOutcome>> got;
        JobId id = 0;
        bool cancelled = false;
        id = worker.submit<BackupOutcome>(
            this,
            [folder, format](Connection& c, JobControl& control) {
                BackupRequest request;
                request.destination = folder;
                request.format = format;
                return takeBackup(c, request, &control);
            },
            [&](Result<BackupOutcome> r) { got = std::move(r); },
            [&](qint64, qint64, const QString&) {
                if (!cancelled)
                    worker.cancel(id);
                cancelled = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 120000);
        QVERIFY(cancelled);
        QVERIFY2(!got->ok(), "the backup finished before the cancel reached it");
        QVERIFY2(got->error().isInterrupted() || got->error().message().contains(QStringLiteral("ancel")),
                 qPrintable(got->error().message()));
        const QStringList left =
            QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
        QCOMPARE(contentText(db), before);
    }

    void cancelledRestoreLeavesTheLiveDatabase()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 20000);
        const QString backup = makeBigDb(dir, QStringLiteral("other.sqlite3"), 30000);
        execRaw(backup, QStringLiteral("CREATE TABLE marker (v); INSERT INTO marker VALUES ('new');"));
        const QByteArray before = fileSha256(db);
        DbWorker worker(db, {});
        std::optional<Result<RestoreResult>> got;
        JobId id = 0;
        bool cancelled = false;
        const QString safety = dir.path(QStringLiteral("safety"));
        id = worker.submit<RestoreResult>(
            this,
            [backup, safety](Connection& c, JobControl& control) {
                RestoreOptions options;
                options.safetyFolder = safety;
                options.pagesPerStep = 16; // many steps: the cancel lands in the middle of the copy
                return RestoreService::restore(c, backup, &control, options);
            },
            [&](Result<RestoreResult> r) { got = std::move(r); },
            [&](qint64 done, qint64, const QString&) {
                if (done > 0 && !cancelled) { // once pages are being copied into the live file
                    worker.cancel(id);
                    cancelled = true;
                }
            });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 120000);
        QVERIFY(cancelled);
        QVERIFY2(!got->ok(), "the restore finished before the cancel reached it");
        QVERIFY2(got->error().isInterrupted() || got->error().message().contains(QStringLiteral("ancel")),
                 qPrintable(got->error().message()));
        QCOMPARE(fileSha256(db), before);
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-journal")));
        // Only complete, verified safety backups may be left, never a partial file.
        for (const QString& name : QDir(safety).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot))
            QVERIFY2(!name.contains(QStringLiteral(".partial")), qPrintable(name));
    }

    void lockedLiveDatabase()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 500);
        const QString backup = backupOf(db, dir.path(QStringLiteral("backups")));
        execRaw(db, QStringLiteral("DELETE FROM big WHERE i > 100"));
        const QString before = contentText(db);

        // Another connection holds the write lock (a writer in the middle of its transaction).
        sqlite3* writer = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(db).constData(), &writer), SQLITE_OK);
        QCOMPARE(sqlite3_exec(writer, "BEGIN IMMEDIATE; INSERT INTO big VALUES (100000, x'00');", nullptr,
                              nullptr, nullptr),
                 SQLITE_OK);
        OpenOptions quick;
        quick.busyTimeoutMs = 200;
        auto live = Connection::open(db, quick);
        QVERIFY(live.ok());
        RestoreOptions options;
        options.busyTimeoutMs = 300;
        options.safetyBackup = false; // the safety backup would itself wait for the lock
        auto r = RestoreService::restore(**live, backup, nullptr, options);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(QStringLiteral("locked")), qPrintable(r.error().message()));
        QVERIFY2(r.error().message().contains(QStringLiteral("not changed")),
                 qPrintable(r.error().message()));
        sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(writer);
        live.value().reset();
        QCOMPARE(contentText(db), before);

        // With the safety backup on: it is taken (readers are still allowed), the restore is not.
        QCOMPARE(sqlite3_open(QFile::encodeName(db).constData(), &writer), SQLITE_OK);
        QCOMPARE(sqlite3_exec(writer, "BEGIN IMMEDIATE; INSERT INTO big VALUES (100000, x'00');", nullptr,
                              nullptr, nullptr),
                 SQLITE_OK);
        auto live2 = Connection::open(db, quick);
        RestoreOptions withSafety;
        withSafety.busyTimeoutMs = 300;
        auto r2 = RestoreService::restore(**live2, backup, nullptr, withSafety);
        QVERIFY(!r2.ok());
        QVERIFY2(r2.error().message().contains(QStringLiteral("locked")), qPrintable(r2.error().message()));
        sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(writer);
        live2.value().reset();
        QCOMPARE(contentText(db), before);
    }

    void walLiveDatabase()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("PRAGMA journal_mode=WAL;"
                                                                               "CREATE TABLE t (x);"
                                                                               "INSERT INTO t VALUES (1);"));
        const QString backup = backupOf(db, dir.path(QStringLiteral("backups")));
        execRaw(db, QStringLiteral("INSERT INTO t VALUES (2), (3);"));
        auto live = Connection::open(db);
        auto r = RestoreService::restore(**live, backup);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QVERIFY(r->healthy());
        live.value().reset();
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(x) FROM t")), QStringLiteral("1"));
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
    }

    void foreignKeyProblemsAreReported()
    {
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        const QString broken = dir.makeDb(QStringLiteral("broken.db"),
                                          QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                                                         "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER "
                                                         "REFERENCES p(id));"
                                                         "INSERT INTO c VALUES (1, 99);"));
        auto live = Connection::open(db);
        auto r = RestoreService::restore(**live, broken);
        QVERIFY(r.ok());
        QVERIFY(!r->healthy());
        QCOMPARE(r->foreignKeyViolations.size(), 1);
        QCOMPARE(r->foreignKeyViolations.first().table, QStringLiteral("c"));
        QCOMPARE(r->foreignKeyViolations.first().parent, QStringLiteral("p"));
        QCOMPARE(r->foreignKeyViolations.first().rowid, 1);
    }

    void newerMigrationInTheBackupIsWarned()
    {
        TempDir dir;
        const QString schema = QStringLiteral(
            "CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at "
            "numeric);"
            "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('h0', 1700000000000);");
        const QString db = dir.makeDb(QStringLiteral("app.db"), schema);
        const QString newer = dir.makeDb(
            QStringLiteral("newer.db"),
            schema +
                QStringLiteral(
                    "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('h1', 1700000001000);"));
        auto live = Connection::open(db);
        auto check = RestoreService::inspect(**live, newer);
        QVERIFY(check.ok());
        QCOMPARE(check->warnings.size(), 1);
        QVERIFY2(check->warnings.first().contains(QStringLiteral("newer migration")),
                 qPrintable(check->warnings.first()));
        QVERIFY(check->warnings.first().contains(QStringLiteral("1700000001000")));
        // The other way round (an older backup) is what restores are for: no warning.
        auto older = RestoreService::inspect(
            **live, db == newer ? db : dir.makeDb(QStringLiteral("older.db"), schema));
        QVERIFY(older.ok());
        QVERIFY(older->warnings.isEmpty());
        // The warning is carried into the restore result.
        auto r = RestoreService::restore(**live, newer);
        QVERIFY(r.ok());
        QCOMPARE(r->warnings, check->warnings);
    }

    void jsonAndSqlDumpRoundTrips_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("json") << "json";
        QTest::newRow("sql") << "sql";
    }
    void jsonAndSqlDumpRoundTrips()
    {
        QFETCH(QString, format);
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        const QString original = contentText(db);
        auto c = Connection::open(db);
        BackupRequest request;
        request.format = format;
        auto b = takeBackup(**c, request);
        QVERIFY2(b.ok(), b.ok() ? "" : qPrintable(b.error().message()));
        QVERIFY(b->info.path.endsWith(QLatin1Char('.') + format));
        QCOMPARE(b->info.format, format);
        QCOMPARE(b->info.sha256.toLatin1(), fileSha256(b->info.path));
        QVERIFY(readSidecar(b->info.path).has_value());
        c.value().reset();
        // Rows change (the schema stays: a JSON backup holds data only).
        execRaw(db, QStringLiteral("DELETE FROM child WHERE id = 10; UPDATE kinds SET t = 'changed';"
                                   "INSERT INTO counters (label) VALUES ('later');"));
        QVERIFY(contentText(db) != original);
        auto live = Connection::open(db);
        auto check = RestoreService::inspect(**live, b->info.path);
        QVERIFY(check.ok());
        QCOMPARE(check->format, format);
        auto r = RestoreService::restore(**live, b->info.path);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QVERIFY(r->healthy());
        QVERIFY(QFileInfo::exists(r->safetyBackupPath));
        live.value().reset();
        QCOMPARE(contentText(db), original);
    }
};

QTEST_GUILESS_MAIN(TestRestore)
#include "tst_restore.moc"
