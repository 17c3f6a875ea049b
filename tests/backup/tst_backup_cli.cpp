// `sluice backup` / `sluice restore` as real processes: options, exit codes, and the faults of issue 5
// (destination not writable, disk full, bad backup, write lock held by another process, SIGKILL in
// the middle of a backup and of a restore, a concurrent writer during backups).
#include "BackupTestSupport.h"
#include "MigrateTestSupport.h"
#include "TestSupport.h"
#include "backup/BackupCatalog.h"
#include "backup/BackupInfo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <csignal>

using namespace sluice;
using namespace sluice::test;

namespace {

QString sluiceBinary()
{
    return qEnvironmentVariable("SLUICE_BINARY");
}

// sqlite3's own digest of the database content (schema and rows), independent of the file layout.
QString sha3(const QString& db)
{
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {db, QStringLiteral(".sha3sum")});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        qFatal("sqlite3 .sha3sum failed on %s", qPrintable(db));
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QStringList filesIn(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// Kills the process after `ms` (never pid 0: that would signal this whole process group).
void killAfter(QProcess& p, int ms)
{
    QTest::qWait(ms);
    const qint64 pid = p.processId();
    if (p.state() == QProcess::Running && pid > 0)
        ::kill(pid_t(pid), SIGKILL);
    p.waitForFinished(30000);
}

// Inserts pairs of rows that cancel out (+x, -x) and counts them in another table, one transaction per
// pair, until killed: any consistent snapshot has sum(amount) = 0 and count(*) = 2 * pairs.n.
const char* kWriter = R"(
import sqlite3, sys, random, time
db = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
i = 0
while True:
    x = random.randint(1, 1000000)
    db.execute('BEGIN IMMEDIATE')
    db.execute('INSERT INTO ledger (amount, pad) VALUES (?, randomblob(500))', (x,))
    db.execute('INSERT INTO ledger (amount, pad) VALUES (?, randomblob(500))', (-x,))
    db.execute('UPDATE pairs SET n = n + 1')
    db.execute('COMMIT')
    time.sleep(0.005)  # a busy application, not a bulk load: readers get a turn
    i += 1
    if i == 20:
        print('writing', flush=True)
)";

} // namespace

class TestBackupCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpAndUsage()
    {
        ProcessResult h = runSluice({QStringLiteral("backup"), QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        for (const char* s : {"--to", "--format", "--keep", "--max-age-days", "--json", "data/backups"})
            QVERIFY2(h.out.contains(QLatin1String(s)), s);
        ProcessResult r = runSluice({QStringLiteral("restore"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("--yes")));
        ProcessResult all = runSluice({QStringLiteral("--help")});
        QVERIFY(all.out.contains(QStringLiteral("backup DB")));
        QVERIFY(all.out.contains(QStringLiteral("restore DB BACKUP")));

        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE t (x);"));
        ProcessResult badFormat =
            runSluice({QStringLiteral("backup"), db, QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(badFormat.exitCode, 2);
        QVERIFY(badFormat.err.contains(QStringLiteral("xml")));
        ProcessResult badKeep =
            runSluice({QStringLiteral("backup"), db, QStringLiteral("--keep"), QStringLiteral("0")});
        QCOMPARE(badKeep.exitCode, 2);
        QVERIFY(badKeep.err.contains(QStringLiteral("--keep")));
        ProcessResult missing = runSluice({QStringLiteral("backup"), dir.path(QStringLiteral("nope.db"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QStringLiteral("does not exist")));
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("backups"))));
    }

    void backupThenRestoreRoundTrip()
    {
        TempDir dir;
        const QString db = makeEverythingDb(dir, QStringLiteral("app.db"));
        const QString original = contentText(db);
        ProcessResult b = runSluice({QStringLiteral("backup"), db, QStringLiteral("--json")});
        QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        const QJsonObject o = QJsonDocument::fromJson(b.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        const QString backup = o.value(QStringLiteral("path")).toString();
        QCOMPARE(QFileInfo(backup).absolutePath(), dir.path(QStringLiteral("backups")));
        QVERIFY(QFileInfo::exists(backup + QStringLiteral(".json")));
        QCOMPARE(o.value(QStringLiteral("backup")).toObject().value(QStringLiteral("verified")).toBool(),
                 true);
        QCOMPARE(contentText(backup), original);

        execRaw(
            db,
            QStringLiteral(
                "DELETE FROM kinds; DROP TRIGGER child_audit; INSERT INTO counters (label) VALUES ('z');"));
        QVERIFY(contentText(db) != original);
        // Not on a terminal and no --yes: refused, nothing changed.
        const QByteArray before = fileSha256(db);
        ProcessResult noYes = runSluice({QStringLiteral("restore"), db, backup});
        QCOMPARE(noYes.exitCode, 2);
        QVERIFY2(noYes.err.contains(QStringLiteral("--yes")), qPrintable(noYes.err));
        QCOMPARE(fileSha256(db), before);

        ProcessResult r = runSluice(
            {QStringLiteral("restore"), db, backup, QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QJsonObject ro = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(ro.value(QStringLiteral("status")).toString(), QStringLiteral("restored"));
        QCOMPARE(ro.value(QStringLiteral("quickCheck")).toString(), QStringLiteral("ok"));
        QCOMPARE(contentText(db), original);
        const QString safety = ro.value(QStringLiteral("safetyBackup")).toString();
        QVERIFY(QFileInfo::exists(safety));

        // Undo: restore the safety backup (text output names the command).
        ProcessResult undo = runSluice({QStringLiteral("restore"), db, safety, QStringLiteral("--yes")});
        QVERIFY2(undo.exitCode == 0, qPrintable(undo.err));
        QVERIFY(undo.out.contains(QStringLiteral("undo with: sluice restore")));
        QVERIFY(contentText(db) != original);
        QCOMPARE(contentText(db), contentText(safety));
    }

    void keepAndExplicitFile()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE t (x);"));
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        for (int i = 0; i < 3; ++i) {
            ProcessResult b = runSluice({QStringLiteral("backup"), db, QStringLiteral("--to"), folder,
                                         QStringLiteral("--keep"), QStringLiteral("2")});
            QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        }
        QStringList backups = filesIn(folder).filter(QRegularExpression(QStringLiteral("\\.sqlite3$")));
        QCOMPARE(backups.size(), 2);
        QCOMPARE(filesIn(folder).size(), 4); // each with its sidecar
        const QString file = dir.path(QStringLiteral("exact.sqlite3"));
        ProcessResult e = runSluice({QStringLiteral("backup"), db, QStringLiteral("--to"), file});
        QCOMPARE(e.exitCode, 0);
        QVERIFY(QFileInfo::exists(file));
        ProcessResult again = runSluice({QStringLiteral("backup"), db, QStringLiteral("--to"), file});
        QCOMPARE(again.exitCode, 2);
        QVERIFY(again.err.contains(QStringLiteral("already exists")));
    }

    void destinationNotWritable()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE t (x);"));
        const QByteArray before = fileSha256(db);
        ProcessResult missing = runSluice(
            {QStringLiteral("backup"), db, QStringLiteral("--to"), dir.path(QStringLiteral("no/such/dir/"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("does not exist")), qPrintable(missing.err));
        const QString plain = dir.writeFile(QStringLiteral("plain"), "x");
        ProcessResult underFile = runSluice(
            {QStringLiteral("backup"), db, QStringLiteral("--to"), plain + QStringLiteral("/x.sqlite3")});
        QCOMPARE(underFile.exitCode, 2);
        QVERIFY2(underFile.err.contains(QStringLiteral("not a folder")), qPrintable(underFile.err));
        QCOMPARE(fileSha256(db), before);
        QCOMPARE(filesIn(dir.path(QString())),
                 (QStringList{QStringLiteral("app.db"), QStringLiteral("plain")}));
    }

    // RLIMIT_FSIZE stands in for a full disk: writes past the limit fail with EFBIG (SIGXFSZ ignored).
    void diskFullDuringBackup_data()
    {
        QTest::addColumn<bool>("wal");
        QTest::newRow("rollback journal (file copy)") << false;
        QTest::newRow("WAL (checkpointed: file copy)") << true;
    }
    void diskFullDuringBackup()
    {
        QFETCH(bool, wal);
        if (QStandardPaths::findExecutable(QStringLiteral("prlimit")).isEmpty())
            QSKIP("prlimit (util-linux) is not installed");
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 8000); // ~9 MB
        if (wal)
            execRaw(db, QStringLiteral("PRAGMA journal_mode=WAL;"));
        const QByteArray before = fileSha256(db);
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        QProcess p;
        p.start(QStringLiteral("prlimit"),
                {QStringLiteral("--fsize=2000000"), QStringLiteral("--"), QStringLiteral("sh"),
                 QStringLiteral("-c"), QStringLiteral("trap '' XFSZ; exec \"$0\" backup \"$1\" --to \"$2\""),
                 sluiceBinary(), db, folder});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(QStringLiteral("disk is full")) ||
                     err.contains(QStringLiteral("disk or database is full")) ||
                     err.contains(QStringLiteral("File too large")) ||
                     err.contains(
                         QStringLiteral("disk I/O error")), // SQLite's word for EFBIG on the backup-API path
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("partial copy was removed")), qPrintable(err));
        // The message names the backup the person asked for, not the hidden temporary file.
        QVERIFY2(!err.contains(QStringLiteral(".partial-")), qPrintable(err));
        QCOMPARE(filesIn(folder), QStringList());
        QCOMPARE(fileSha256(db), before);
    }

    void corruptBackupRefusedByCli()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 300);
        const QString src = makeBigDb(dir, QStringLiteral("src.db"), 300);
        QFile f(src);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString cut = dir.writeFile(QStringLiteral("cut.sqlite3"), f.readAll().left(50000));
        const QByteArray before = fileSha256(db);
        ProcessResult r = runSluice({QStringLiteral("restore"), db, cut, QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("truncated")), qPrintable(r.err));
        QCOMPARE(fileSha256(db), before);
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("backups"))));
    }

    void restoreWhileAnotherProcessHoldsTheWriteLock()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 300);
        ProcessResult b = runSluice({QStringLiteral("backup"), db, QStringLiteral("--json")});
        QCOMPARE(b.exitCode, 0);
        const QString backup =
            QJsonDocument::fromJson(b.out.toUtf8()).object().value(QStringLiteral("path")).toString();
        execRaw(db, QStringLiteral("DELETE FROM big WHERE i > 10"));
        const QString before = sha3(db);

        QProcess holder; // the sqlite3 shell in the middle of a write transaction
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN IMMEDIATE;\nINSERT INTO big VALUES (999999, x'00');\nSELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        QElapsedTimer t;
        t.start();
        ProcessResult r = runSluice({QStringLiteral("restore"), db, backup, QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("locked")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("not changed")), qPrintable(r.err));
        QVERIFY(t.elapsed() >= 4000); // it waited for the busy timeout first
        holder.write("ROLLBACK;\n.quit\n");
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(sha3(db), before);
    }

    // Without --yes on a terminal, restore asks first, naming the database and the backup's time;
    // anything but y/yes changes nothing. `script` gives the process a real terminal.
    void restorePromptNamesDatabaseAndTime()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("needs script (util-linux) for a terminal");
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 50);
        ProcessResult b = runSluice({QStringLiteral("backup"), db, QStringLiteral("--json")});
        QCOMPARE(b.exitCode, 0);
        const QString backup =
            QJsonDocument::fromJson(b.out.toUtf8()).object().value(QStringLiteral("path")).toString();
        execRaw(db, QStringLiteral("DELETE FROM big WHERE i > 10"));
        const QString before = sha3(db);
        // The prompt names when the backup was taken (its sidecar), not the file's modification
        // time, which a copy or a touch changes.
        const auto sidecar = readSidecar(backup);
        QVERIFY(sidecar && sidecar->created.isValid());
        {
            QFile f(backup);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime(QDate(2001, 1, 1), QTime(0, 0), Qt::UTC),
                                  QFileDevice::FileModificationTime));
        }
        const QString when = QStringLiteral("taken ") + sidecar->created.toUTC().toString(Qt::ISODate);
        auto ask = [&](const QByteArray& answer) {
            QProcess p;
            const QString command = QStringLiteral("'%1' restore '%2' '%3' --safety-dir '%4'")
                                        .arg(sluiceBinary(), db, backup, dir.path(QStringLiteral("safety")));
            p.start(script, {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
            p.waitForStarted();
            QByteArray out;
            QElapsedTimer t;
            t.start();
            while (!out.contains("[y/N]") && t.elapsed() < 30000 && p.waitForReadyRead(1000))
                out += p.readAll();
            p.write(answer + "\n");
            p.waitForFinished(60000);
            out += p.readAll();
            return std::make_pair(p.exitCode(), QString::fromUtf8(out));
        };
        auto [no, noText] = ask("n");
        QVERIFY2(noText.contains(QStringLiteral("Replace %1").arg(db)), qPrintable(noText));
        QVERIFY2(noText.contains(when), qPrintable(noText));
        QVERIFY2(noText.contains(QStringLiteral("not confirmed")), qPrintable(noText));
        QVERIFY(no != 0);
        QCOMPARE(sha3(db), before);
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("safety"))));

        auto [yes, yesText] = ask("y");
        QVERIFY2(yes == 0, qPrintable(yesText));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM big")), QStringLiteral("50"));
    }

    // A writer keeps committing during backups: each backup is one consistent moment, verified.
    void concurrentWriterDuringBackup_data()
    {
        QTest::addColumn<bool>("wal");
        QTest::newRow("rollback journal") << false;
        QTest::newRow("WAL") << true;
    }
    void concurrentWriterDuringBackup()
    {
        QFETCH(bool, wal);
        if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
            QSKIP("python3 is not installed");
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("app.db"),
            QStringLiteral("PRAGMA journal_mode=%1;"
                           "CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, pad BLOB);"
                           "CREATE TABLE pairs (n INTEGER NOT NULL); INSERT INTO pairs VALUES (0);"
                           "CREATE TABLE filler (b BLOB);"
                           "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 40000) "
                           "INSERT INTO filler SELECT randomblob(1000) FROM s;")
                .arg(wal ? QStringLiteral("WAL") : QStringLiteral("DELETE")));
        const QString script = dir.writeFile(QStringLiteral("writer.py"), kWriter);
        QProcess writer;
        writer.start(QStringLiteral("python3"), {script, db});
        QVERIFY(writer.waitForReadyRead(30000)); // it has committed a few pairs
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        QStringList taken;
        for (int i = 0; i < 6; ++i) {
            ProcessResult b = runSluice(
                {QStringLiteral("backup"), db, QStringLiteral("--to"), folder, QStringLiteral("--json")});
            QVERIFY2(b.exitCode == 0, qPrintable(b.err));
            taken
                << QJsonDocument::fromJson(b.out.toUtf8()).object().value(QStringLiteral("path")).toString();
        }
        writer.kill();
        writer.waitForFinished(10000);
        // Killed in the middle of a transaction, the writer leaves a hot journal: a read-write
        // connection rolls it back (the read-only query below could not).
        execRaw(db, QStringLiteral("SELECT count(*) FROM pairs"));
        const QString pairsWhileWriting = queryRaw(db, QStringLiteral("SELECT n FROM pairs"));
        QSet<QString> states;
        for (const QString& backup : taken) {
            QCOMPARE(queryRaw(backup, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
            QCOMPARE(queryRaw(backup, QStringLiteral("SELECT coalesce(sum(amount), 0) FROM ledger")),
                     QStringLiteral("0"));
            QCOMPARE(
                queryRaw(backup, QStringLiteral("SELECT count(*) FROM ledger")),
                QString::number(2 * queryRaw(backup, QStringLiteral("SELECT n FROM pairs")).toLongLong()));
            states << queryRaw(backup, QStringLiteral("SELECT n FROM pairs"));
        }
        QVERIFY2(pairsWhileWriting.toInt() >= 20, qPrintable(pairsWhileWriting));
        // With a rollback journal the copy holds the shared lock, so the writer waits for each
        // backup (that is the price of a consistent copy at disk speed; WAL does not block it).
        // Under load it may then get no turn between two backups: only WAL must show progress.
        if (wal)
            QVERIFY2(states.size() > 1, "the writer made progress between backups");
    }

    // SIGKILL in the middle of a backup: the source is untouched, and a file with the final name
    // exists only when it is the complete, verified copy.
    void killedDuringBackup()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 150000); // ~160 MB
        const QString digest = sha3(db);
        const QByteArray bytes = fileSha256(db);
        const QString folder = dir.path(QStringLiteral("b"));
        QDir().mkpath(folder);
        QElapsedTimer t;
        t.start();
        ProcessResult full =
            runSluice({QStringLiteral("backup"), db, QStringLiteral("--to"), folder}, 120000);
        QVERIFY2(full.exitCode == 0, qPrintable(full.err));
        const qint64 fullMs = t.elapsed();
        qInfo("a complete backup takes %lld ms", fullMs);
        QDir(folder).removeRecursively();
        int complete = 0, none = 0, leftovers = 0;
        QList<qint64> points{5, 20, 50};
        for (double f : {0.2, 0.4, 0.6, 0.8, 0.95})
            points << qint64(fullMs * f);
        for (qint64 ms : points) {
            QDir().mkpath(folder);
            QProcess p;
            p.start(sluiceBinary(), {QStringLiteral("backup"), db, QStringLiteral("--to"), folder});
            QVERIFY(p.waitForStarted());
            const qint64 pid = p.processId();
            killAfter(p, int(ms));
            // A partial file left behind names the killed process, is never listed as a backup,
            // and the next listing of the folder removes it.
            const QStringList partials = filesIn(folder).filter(QStringLiteral(".partial-"));
            for (const QString& name : partials)
                QVERIFY2(name.contains(QStringLiteral(".partial-%1-").arg(pid)), qPrintable(name));
            leftovers += int(partials.size());
            const QList<BackupInfo> listed = listBackups(folder);
            for (const BackupInfo& b : listed)
                QVERIFY2(!b.path.contains(QStringLiteral(".partial")), qPrintable(b.path));
            QVERIFY2(filesIn(folder).filter(QStringLiteral(".partial-")).isEmpty(),
                     qPrintable(filesIn(folder).join(QLatin1Char(' '))));
            const QStringList visible = QDir(folder).entryList(QDir::Files, QDir::Name);
            const QStringList finals = visible.filter(QRegularExpression(QStringLiteral("\\.sqlite3$")));
            QVERIFY(finals.size() <= 1);
            if (finals.isEmpty()) {
                ++none;
            } else {
                const QString path = QDir(folder).filePath(finals.first());
                QCOMPARE(queryRaw(path, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
                QCOMPARE(sha3(path), digest);
                ++complete;
            }
            QCOMPARE(fileSha256(db), bytes);
            QDir(folder).removeRecursively();
        }
        qInfo("killed %lld backups: %d left no backup, %d a complete one, %d partial files cleaned up",
              qint64(points.size()), none, complete, leftovers);
        QVERIFY(none > 0);
    }

    // SIGKILL in the middle of a restore: the live database is exactly the old or exactly the new
    // content, with integrity_check ok.
    void killedDuringRestore()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 120000);
        const QString backup = makeBigDb(dir, QStringLiteral("backup.sqlite3"), 100000);
        execRaw(backup, QStringLiteral("CREATE TABLE marker (v); INSERT INTO marker VALUES ('new');"));
        const QString oldDigest = sha3(db), newDigest = sha3(backup);
        const QString base = dir.path(QStringLiteral("base.db"));
        QVERIFY(QFile::copy(db, base));

        QElapsedTimer t;
        t.start();
        ProcessResult full = runSluice({QStringLiteral("restore"), db, backup, QStringLiteral("--yes"),
                                        QStringLiteral("--safety-dir"), dir.path(QStringLiteral("safety"))},
                                       180000);
        QVERIFY2(full.exitCode == 0, qPrintable(full.err));
        const qint64 fullMs = t.elapsed();
        QCOMPARE(sha3(db), newDigest);
        qInfo("a complete restore takes %lld ms", fullMs);

        int before = 0, after = 0;
        QList<qint64> points{20, 100};
        for (double f : {0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97})
            points << qint64(fullMs * f);
        for (qint64 ms : points) {
            const QString live = dir.path(QStringLiteral("live-%1.db").arg(ms));
            QVERIFY(QFile::copy(base, live));
            QProcess p;
            p.start(sluiceBinary(),
                    {QStringLiteral("restore"), live, backup, QStringLiteral("--yes"),
                     QStringLiteral("--safety-dir"), dir.path(QStringLiteral("safety-%1").arg(ms))});
            QVERIFY(p.waitForStarted());
            killAfter(p, int(ms));
            // The next opener rolls a hot journal back (sqlite3 opens read-write).
            const QString digest = sha3(live);
            QCOMPARE(queryRaw(live, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
            if (digest == oldDigest) {
                ++before;
            } else {
                QVERIFY2(
                    digest == newDigest,
                    qPrintable(QStringLiteral("killed after %1 ms: neither old nor new content").arg(ms)));
                ++after;
            }
            QFile::remove(live);
        }
        qInfo("killed %lld restores: %d left the old database, %d the new one", qint64(points.size()), before,
              after);
        QVERIFY(before > 0);
    }
};

QTEST_GUILESS_MAIN(TestBackupCli)
#include "tst_backup_cli.moc"
