// The backup around the copy: default folder, sidecar, last migration tag, catalog and retention.
#include "BackupTestSupport.h"
#include "MigrateTestSupport.h"
#include "TestSupport.h"
#include "backup/BackupCatalog.h"
#include "backup/BackupInfo.h"
#include "backup/BackupJob.h"
#include "backup/BackupLocation.h"
#include "backup/BackupRetention.h"
#include "backup/BackupService.h"
#include "backup/ExportVerification.h"
#include "backup/PartialFiles.h"
#include "core/Connection.h"
#include "formats/JsonBackup.h"
#include "formats/SqlDump.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <sys/stat.h>

using namespace sluice;
using namespace sluice::test;

namespace {

int modeOf(const QString& path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

// A backup file with a sidecar claiming `created` (and verified or not), as a real backup would leave.
QString fakeBackup(const QString& folder, const QString& name, const QDateTime& created, bool verified,
                   bool sidecar = true)
{
    const QString path = QDir(folder).filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("SQLite format 3");
    f.close();
    if (sidecar) {
        BackupInfo i;
        i.path = path;
        i.created = created;
        i.verified = verified;
        i.format = name.endsWith(QLatin1String(".json"))  ? QStringLiteral("json")
                   : name.endsWith(QLatin1String(".sql")) ? QStringLiteral("sql")
                                                          : QStringLiteral("sqlite");
        i.size = QFileInfo(path).size();
        if (!writeSidecar(i))
            qFatal("sidecar");
    }
    return path;
}

} // namespace

class TestBackupCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultFolderRule()
    {
        TempDir dir;
        // No project: backups/ beside the database.
        QDir().mkpath(dir.path(QStringLiteral("plain")));
        QCOMPARE(defaultBackupFolder(dir.path(QStringLiteral("plain/app.db"))),
                 dir.path(QStringLiteral("plain/backups")));
        // A Drizzle project without data/: <project>/backups, also for a database deeper inside.
        QDir().mkpath(dir.path(QStringLiteral("proj/db")));
        dir.writeFile(QStringLiteral("proj/drizzle.config.ts"), "export default {}");
        QCOMPARE(defaultBackupFolder(dir.path(QStringLiteral("proj/db/app.db"))),
                 dir.path(QStringLiteral("proj/backups")));
        // With data/: <project>/data/backups.
        QDir().mkpath(dir.path(QStringLiteral("proj/data")));
        QCOMPARE(defaultBackupFolder(dir.path(QStringLiteral("proj/data/app.db"))),
                 dir.path(QStringLiteral("proj/data/backups")));
        QCOMPARE(defaultBackupFolder(dir.path(QStringLiteral("proj/db/app.db"))),
                 dir.path(QStringLiteral("proj/data/backups")));
    }

    void sidecarDescribesTheBackup()
    {
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        auto r = takeBackup(**c, BackupRequest{});
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        // The default folder was created beside the database.
        QCOMPARE(QFileInfo(r->info.path).absolutePath(), dir.path(QStringLiteral("backups")));
        const QString side = sidecarPath(r->info.path);
        QVERIFY(QFileInfo::exists(side));
        QCOMPARE(modeOf(side), 0600);
        QCOMPARE(modeOf(r->info.path), 0600);
        QFile f(side);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("source")).toString(), db);
        QCOMPARE(qint64(o.value(QStringLiteral("size")).toDouble()), QFileInfo(r->info.path).size());
        QCOMPARE(o.value(QStringLiteral("sha256")).toString().toLatin1(), fileSha256(r->info.path));
        QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("sqlite"));
        QCOMPARE(o.value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(o.value(QStringLiteral("sqliteVersion")).toString(), Connection::libraryVersion());
        QCOMPARE(o.value(QStringLiteral("sluiceVersion")).toString(), QStringLiteral(SLUICE_VERSION));
        const QDateTime created =
            QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
        QVERIFY(created.isValid());
        QCOMPARE(created.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(o.value(QStringLiteral("migrationTag")).isNull()); // no migrations table
        // No temporary files are left behind.
        QCOMPARE(QDir(dir.path(QStringLiteral("backups"))).entryList(QDir::Files | QDir::Hidden).size(), 2);
        QCOMPARE(contentText(r->info.path), contentText(db));

        auto read = readSidecar(r->info.path);
        QVERIFY(read.has_value());
        QCOMPARE(read->sha256, r->info.sha256);
        QVERIFY(read->verified);
    }

    void lastMigrationTagFromTheProject()
    {
        TempDir dir;
        QDir().mkpath(dir.path(QStringLiteral("proj")));
        dir.writeFile(QStringLiteral("proj/drizzle.config.ts"),
                      "export default { dialect: 'sqlite', out: './drizzle', dbCredentials: { url: "
                      "'file:./app.db' } }");
        writeMigrationsFolder(dir.path(QStringLiteral("proj/drizzle")),
                              {{QStringLiteral("0000_init"), QStringLiteral("CREATE TABLE a (x);")},
                               {QStringLiteral("0001_more"), QStringLiteral("CREATE TABLE b (x);")},
                               {QStringLiteral("0002_pending"), QStringLiteral("CREATE TABLE c (x);")}});
        const QString db = dir.makeDb(
            QStringLiteral("proj/app.db"),
            QStringLiteral(
                "CREATE TABLE a (x); CREATE TABLE b (x);"
                "CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, "
                "created_at numeric);"
                "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('h0', %1), ('h1', %2);")
                .arg(kFirstWhen)
                .arg(kFirstWhen + 1000));
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        auto r = takeBackup(**c, BackupRequest{});
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QCOMPARE(QFileInfo(r->info.path).absolutePath(), dir.path(QStringLiteral("proj/backups")));
        QCOMPARE(r->info.migrationTag, QStringLiteral("0001_more"));
        QCOMPARE(readSidecar(r->info.path)->migrationTag, QStringLiteral("0001_more"));
        QCOMPARE(*readSidecar(r->info.path)->migrationCreatedAt, kFirstWhen + 1000);
    }

    void catalogListsNewestFirst()
    {
        TempDir dir;
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString old =
            fakeBackup(folder, QStringLiteral("app-20200101-000000.sqlite3"), now.addDays(-30), true);
        const QString mid =
            fakeBackup(folder, QStringLiteral("app-20200102-000000.json"), now.addDays(-2), false);
        const QString fresh = fakeBackup(folder, QStringLiteral("app-20200103-000000.sqlite3"), now, true);
        // A file without a sidecar: listed, unverified, dated by its modification time.
        const QString bare = fakeBackup(folder, QStringLiteral("manual.sql"), now, false, false);
        QFile bareFile(bare);
        QVERIFY(bareFile.open(QIODevice::ReadWrite));
        QVERIFY(bareFile.setFileTime(now.addDays(-10), QFileDevice::FileModificationTime));
        bareFile.close();
        // Not backups: a hidden temporary, a text file.
        dir.writeFile(QStringLiteral("b/.app-x.sqlite3.partial-abc"), "x");
        dir.writeFile(QStringLiteral("b/notes.txt"), "x");

        const QList<BackupInfo> list = listBackups(folder);
        QStringList paths;
        for (const BackupInfo& b : list)
            paths << b.path;
        QCOMPARE(paths, (QStringList{fresh, mid, bare, old}));
        QCOMPARE(list.at(1).format, QStringLiteral("json"));
        QVERIFY(list.at(0).verified);
        QVERIFY(!list.at(2).hasSidecar);
        QVERIFY(!list.at(2).verified);
        QCOMPARE(list.at(2).format, QStringLiteral("sql"));
    }

    void retentionKeepsNewestAndYoung()
    {
        TempDir dir;
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QStringList made; // newest first
        for (int i = 0; i < 6; ++i)
            made << fakeBackup(folder, QStringLiteral("app-2020010%1-000000.sqlite3").arg(6 - i),
                               now.addDays(-i * 3), true);
        const QString other =
            fakeBackup(folder, QStringLiteral("other-20200101-000000.sqlite3"), now.addDays(-99), true);
        const QString manual = fakeBackup(folder, QStringLiteral("keepme.sqlite3"), now.addDays(-99), true);
        const QString db = dir.path(QStringLiteral("app.db"));

        // Default: nothing goes.
        QVERIFY(backupsToPrune(folder, db, RetentionPolicy{}, now).isEmpty());

        // keep 2 → the 4 older go, with their sidecars; other databases' and hand-named files stay.
        RetentionResult r = applyRetention(folder, db, RetentionPolicy{2, 0}, now);
        QCOMPARE(r.deleted, made.mid(2));
        for (const QString& p : made.mid(2)) {
            QVERIFY(!QFileInfo::exists(p));
            QVERIFY(!QFileInfo::exists(sidecarPath(p)));
        }
        for (const QString& p : {made.at(0), made.at(1), other, manual})
            QVERIFY(QFileInfo::exists(p));
    }

    void retentionAgeAndUnion()
    {
        TempDir dir;
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QStringList made;
        for (int i = 0; i < 5; ++i) // ages 0, 3, 6, 9, 12 days
            made << fakeBackup(folder, QStringLiteral("app-2020010%1-000000.sqlite3").arg(5 - i),
                               now.addDays(-i * 3), true);
        const QString db = dir.path(QStringLiteral("app.db"));
        // Younger than 7 days: 0, 3, 6 stay.
        QCOMPARE(backupsToPrune(folder, db, RetentionPolicy{0, 7}, now).size(), 2);
        // keep 4 OR younger than 7: a backup either rule keeps is kept → only the oldest goes.
        const QList<BackupInfo> both = backupsToPrune(folder, db, RetentionPolicy{4, 7}, now);
        QCOMPARE(both.size(), 1);
        QCOMPARE(both.first().path, made.last());
    }

    void retentionNeverDeletesTheNewestVerified()
    {
        TempDir dir;
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString unverified1 =
            fakeBackup(folder, QStringLiteral("app-20200103-000000.sqlite3"), now, false);
        const QString unverified2 =
            fakeBackup(folder, QStringLiteral("app-20200102-000000.sql"), now.addDays(-1), false);
        const QString verified =
            fakeBackup(folder, QStringLiteral("app-20200101-000000.sqlite3"), now.addDays(-50), true);
        const QString olderVerified =
            fakeBackup(folder, QStringLiteral("app-20191231-000000.sqlite3"), now.addDays(-60), true);
        RetentionResult r =
            applyRetention(folder, dir.path(QStringLiteral("app.db")), RetentionPolicy{1, 0}, now);
        QCOMPARE(r.deleted, (QStringList{unverified2, olderVerified}));
        QVERIFY(QFileInfo::exists(unverified1));
        QVERIFY(QFileInfo::exists(verified)); // beyond --keep 1, but the newest verified one
    }

    void backupWithRetentionThroughTakeBackup()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString older =
            fakeBackup(folder, QStringLiteral("app-20200101-000000.sqlite3"), now.addDays(-5), true);
        auto c = Connection::open(db);
        BackupRequest request;
        request.destination = folder;
        request.retention.keepNewest = 1;
        auto r = takeBackup(**c, request);
        QVERIFY(r.ok());
        QCOMPARE(r->retention.deleted, QStringList{older});
        QCOMPARE(listBackups(folder).size(), 1);
        QCOMPARE(listBackups(folder).first().path, r->info.path);
    }

    // Partial files of a killed backup carry their process id: the next backup into the folder and
    // the catalog listing remove those whose process is gone, never a live one's, never list them.
    void deadPartialsRemovedLiveOnesKept()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        // A pid that certainly ran and is gone: a child that has exited and been reaped.
        QProcess child;
        child.start(QStringLiteral("true"), {});
        QVERIFY(child.waitForStarted());
        const qint64 deadPid = child.processId();
        QVERIFY(child.waitForFinished());
        auto touch = [&](const QString& name) {
            QFile f(QDir(folder).filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("SQLite format 3");
        };
        const QString dead = QStringLiteral(".app-20200101-000000.sqlite3.partial-%1-aB3xYz").arg(deadPid);
        const QString deadWal = dead + QStringLiteral("-wal");
        const QString deadJson = QStringLiteral(".app-20200101-000000.json.partial-%1-Qw12Er").arg(deadPid);
        const QString mine = QStringLiteral(".app-20200101-000001.sqlite3.partial-%1-zzzzzz")
                                 .arg(QCoreApplication::applicationPid());
        const QString init = QStringLiteral(".app-20200101-000002.sqlite3.partial-1-yyyyyy"); // pid 1 runs
        const QString legacy = QStringLiteral(".app-20200101-000003.sqlite3.partial-xxxxxx"); // no pid
        for (const QString& n : {dead, deadWal, deadJson, mine, init, legacy})
            touch(n);
        QVERIFY(isPartialFileName(dead));
        QVERIFY(isPartialFileName(deadWal));
        QVERIFY(!isPartialFileName(legacy));
        QVERIFY(!isPartialFileName(QStringLiteral("app-20200101-000000.sqlite3")));

        // Listing removes the dead process's files and lists none of them.
        QVERIFY(listBackups(folder).isEmpty());
        auto hidden = [&] {
            return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
        };
        QStringList expected{mine, init, legacy};
        expected.sort();
        QCOMPARE(hidden(), expected);

        // The next backup into the folder does the same.
        touch(dead);
        auto c = Connection::open(db);
        BackupRequest request;
        request.destination = folder;
        auto r = takeBackup(**c, request);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QVERIFY(!QFileInfo::exists(QDir(folder).filePath(dead)));
        QVERIFY(QFileInfo::exists(QDir(folder).filePath(mine)));
        QVERIFY(QFileInfo::exists(QDir(folder).filePath(init)));
        QCOMPARE(listBackups(folder).size(), 1);
        QCOMPARE(listBackups(folder).first().path, r->info.path);
    }

    // JSON and SQL backups are read back (JSON parsed in full, the dump loaded into a scratch
    // database) and recorded as verified, with the checksum of the file on disk.
    void jsonAndSqlBackupsAreVerified()
    {
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        for (const QString& format : {QStringLiteral("json"), QStringLiteral("sql")}) {
            BackupRequest request;
            request.destination = folder;
            request.format = format;
            auto r = takeBackup(**c, request);
            QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
            QVERIFY(r->info.verified);
            QCOMPARE(r->info.sha256.toLatin1(), fileSha256(r->info.path));
            auto side = readSidecar(r->info.path);
            QVERIFY(side.has_value());
            QVERIFY(side->verified);
            QCOMPARE(side->format, format);
            bool listed = false;
            for (const BackupInfo& b : listBackups(folder))
                if (b.path == r->info.path)
                    listed = b.verified;
            QVERIFY(listed);
        }
        // Only the backups and their sidecars remain: the dump's scratch database is gone.
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).size(), 4);
    }

    // Verification compares what was written with what reads back, table by table.
    void exportVerificationCatchesDifferences()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("app.db"),
            QStringLiteral("CREATE TABLE a (x); INSERT INTO a VALUES (1), (2); CREATE TABLE b (y);"));
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        for (const QString& format : {QStringLiteral("json"), QStringLiteral("sql")}) {
            const QString out = dir.path(QStringLiteral("out.") + format);
            auto written =
                format == QLatin1String("json") ? writeJsonBackup(**c, out) : writeSqlDump(**c, out);
            QVERIFY(written.ok());
            QVERIFY(verifyExport(format, *written).ok());
            ExportSummary claimed = *written;
            for (auto& [table, rows] : claimed.tableRows)
                if (table == QLatin1String("a"))
                    rows = 3;
            Status wrong = verifyExport(format, claimed);
            QVERIFY(!wrong.ok());
            QVERIFY2(wrong.error().message().contains(QStringLiteral("“a”: 3 rows written, 2 read back")),
                     qPrintable(wrong.error().message()));
            // A file cut short does not read back at all.
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() - 12));
            f.close();
            QVERIFY(!verifyExport(format, *written).ok());
            QFile::remove(out);
        }
        QCOMPARE(QDir(QFileInfo(db).absolutePath())
                     .entryList({QStringLiteral("*.partial-*")}, QDir::Files | QDir::Hidden)
                     .size(),
                 0);
    }

    void unknownFormatRefused()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE t (x);"));
        auto c = Connection::open(db);
        BackupRequest request;
        request.format = QStringLiteral("xml");
        auto r = takeBackup(**c, request);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message().contains(QStringLiteral("xml")));
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("backups"))));
    }
};

QTEST_GUILESS_MAIN(TestBackupCatalog)
#include "tst_backupcatalog.moc"
