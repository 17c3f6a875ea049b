// The fast backup path (SnapshotFileCopy): when it is taken and when it declines, that its copy is the
// database byte for byte and row for row, that its checksum is the copy's, that a database failing
// quick_check is refused with nothing left behind, and that it leaves the POSIX locks of the other
// connections of this process alone (closing a descriptor of the file would drop them all).
#include "BackupTestSupport.h"
#include "TestSupport.h"
#include "backup/BackupInfo.h"
#include "backup/BackupService.h"
#include "backup/SnapshotFileCopy.h"
#include "core/Connection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>

#include <sqlite3.h>

using namespace sluice;
using namespace sluice::test;

namespace {

// A raw connection of this process, as another part of Sluice (or the application) would hold.
struct RawConnection
{
    sqlite3* db = nullptr;
    explicit RawConnection(const QString& path)
    {
        sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    }
    ~RawConnection() { sqlite3_close_v2(db); }
    int exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
};

// Runs SQL in a separate sqlite3 process with no busy timeout: another program on the same file.
ProcessResult otherProcess(const QString& db, const QString& sql)
{
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {db, sql});
    p.waitForFinished(30000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString hiddenFilesIn(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name).join(u' ');
}

} // namespace

class TestSnapshotCopy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void copyIsTheDatabaseAndItsChecksumIsTheCopys_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("rows");
        QTest::addColumn<qint64>("readAhead"); // bytes; 0: the default (an eighth of the memory)
        QTest::newRow("4096-byte pages, ~100 MB: several windows") << 4096 << 100000 << qint64(0);
        // 512-byte pages and an odd page count: the file does not end on a 4096-byte block, so the
        // last write cannot be O_DIRECT.
        QTest::newRow("512-byte pages, odd size") << 512 << 301 << qint64(0);
        // Many windows shared by the two writers, the last of them partial and not O_DIRECT while the
        // other writer's windows are.
        QTest::newRow("512-byte pages, ~75 MB, odd size") << 512 << 36001 << qint64(0);
        // A database larger than the read-ahead may go past its writes (little memory, or a very large
        // file): the writers start before the whole file is read, and the reads follow the writes.
        QTest::newRow("~100 MB, read-ahead limited to 16 MiB") << 4096 << 100000 << (qint64(16) << 20);
    }
    void copyIsTheDatabaseAndItsChecksumIsTheCopys()
    {
        QFETCH(int, pageSize);
        QFETCH(int, rows);
        QFETCH(qint64, readAhead);
        testing::setSnapshotReadAheadLimit(readAhead);
        auto unlimit = qScopeGuard([] { testing::setSnapshotReadAheadLimit(0); });
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("app.db"),
            QStringLiteral("PRAGMA page_size=%1; CREATE TABLE big (i INTEGER PRIMARY KEY, v BLOB, t TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %2) "
                           "INSERT INTO big SELECT i, randomblob(900 + i % 200), 'row ' || i FROM n;"
                           "CREATE INDEX big_t ON big(t);")
                .arg(pageSize)
                .arg(rows));
        const qint64 size = QFileInfo(db).size();
        if (pageSize == 512)
            QVERIFY2(size % 4096 != 0, "the case needs a file that does not end on a 4096-byte block");
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        BackupOptions options;
        options.computeSha256 = true;
        auto b = BackupService::backup(**c, dir.path(QStringLiteral("copy.sqlite3")), nullptr, options);
        QVERIFY2(b.ok(), b.ok() ? "" : qPrintable(b.error().message()));
        QCOMPARE(b->method, QStringLiteral("file-copy"));
        QCOMPARE(b->bytes, size);
        QCOMPARE(b->pages, size / pageSize);
        QCOMPARE(fileSha256(b->path), fileSha256(db)); // byte for byte
        QCOMPARE(b->sha256.toLatin1(), fileSha256(b->path));
        QCOMPARE(contentText(b->path), contentText(db));
        QCOMPARE(queryRaw(b->path, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(QFileInfo(b->path).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        QVERIFY2(!hiddenFilesIn(QFileInfo(db).absolutePath()).contains(QStringLiteral("partial")),
                 qPrintable(hiddenFilesIn(QFileInfo(db).absolutePath())));
    }

    // WAL: frames not yet in the main file are checkpointed (passive) and the main file copied; when
    // another connection's older snapshot stops the checkpoint, the backup API copies the pages.
    void walDatabases()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("wal.db"),
                                      QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE t (x);"));
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        QVERIFY((*c)->exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")).ok());
        QVERIFY((*c)->exec(QStringLiteral("INSERT INTO t VALUES (1), (2)")).ok());
        QVERIFY(QFileInfo(db + QStringLiteral("-wal")).size() > 0);
        auto fast = BackupService::backup(**c, dir.path(QStringLiteral("fast.sqlite3")));
        QVERIFY2(fast.ok(), fast.ok() ? "" : qPrintable(fast.error().message()));
        QCOMPARE(fast->method, QStringLiteral("file-copy"));
        QCOMPARE(queryRaw(fast->path, QStringLiteral("SELECT sum(x) FROM t")), QStringLiteral("3"));

        // An older reader elsewhere pins frames that the checkpoint may not move past.
        RawConnection reader(db);
        QCOMPARE(reader.exec("BEGIN; SELECT count(*) FROM t;"), SQLITE_OK);
        QVERIFY((*c)->exec(QStringLiteral("INSERT INTO t VALUES (40)")).ok());
        auto slow = BackupService::backup(**c, dir.path(QStringLiteral("slow.sqlite3")));
        QVERIFY2(slow.ok(), slow.ok() ? "" : qPrintable(slow.error().message()));
        QCOMPARE(slow->method, QStringLiteral("backup-api"));
        QCOMPARE(queryRaw(slow->path, QStringLiteral("SELECT sum(x) FROM t")), QStringLiteral("43"));
        reader.exec("COMMIT");
    }

    // quick_check runs on the snapshot being copied: a damaged database is refused, and no backup
    // (not even a hidden partial file) is left.
    void damagedDatabaseIsRefused()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("bad.db"),
            QStringLiteral("CREATE TABLE t (i INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                           "INSERT INTO t SELECT i, 'value ' || i FROM n;"));
        // Scramble the middle of the index's root page's cell area.
        const qint64 pageSize = queryRaw(db, QStringLiteral("PRAGMA page_size")).toLongLong();
        const qint64 root =
            queryRaw(db, QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name='t_v'")).toLongLong();
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek((root - 1) * pageSize + 8);
        f.write(QByteArray(64, '\x7f'));
        f.close();
        QVERIFY(queryRaw(db, QStringLiteral("PRAGMA quick_check")) != QStringLiteral("ok"));
        const QString folder = dir.path(QStringLiteral("backups"));
        QDir().mkpath(folder);
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        auto b = BackupService::backup(**c, folder);
        QVERIFY(!b.ok());
        QVERIFY2(b.error().message().contains(QStringLiteral("quick_check")),
                 qPrintable(b.error().message()));
        QCOMPARE(hiddenFilesIn(folder), QString());
    }

    // The copy opens and closes its own descriptors of the database file. POSIX locks belong to the
    // process: had it closed them in the process's descriptor table, every lock of every connection of
    // this process on that file would be gone. Another process proves they are still held.
    void otherConnectionsKeepTheirLocks()
    {
        TempDir dir;
        const QString db = makeBigDb(dir, QStringLiteral("app.db"), 3000);
        RawConnection holder(db);
        QCOMPARE(holder.exec("BEGIN; SELECT count(*) FROM big;"), SQLITE_OK); // a shared lock
        {
            auto c = Connection::open(db);
            QVERIFY(c.ok());
            auto b = BackupService::backup(**c, dir.path(QStringLiteral("copy.sqlite3")));
            QVERIFY2(b.ok(), b.ok() ? "" : qPrintable(b.error().message()));
            QCOMPARE(b->method, QStringLiteral("file-copy"));
        }
        const ProcessResult blocked = otherProcess(db, QStringLiteral("DELETE FROM big;"));
        QVERIFY2(blocked.exitCode != 0 && blocked.err.contains(QStringLiteral("locked")),
                 qPrintable(QStringLiteral("the writer was not held off (exit %1): %2")
                                .arg(blocked.exitCode)
                                .arg(blocked.err)));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM big")), QStringLiteral("3000"));
        holder.exec("COMMIT");
        QCOMPARE(otherProcess(db, QStringLiteral("DELETE FROM big WHERE i = 1;")).exitCode, 0);
    }

    // In WAL mode every open connection holds a shared lock on the database file; the last one to close
    // checkpoints and deletes the -wal file. If the backup had dropped this process's locks, another
    // process closing its connection would believe it was the last one.
    void walConnectionsKeepTheirLocks()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("wal.db"),
                                      QStringLiteral("PRAGMA journal_mode=WAL; CREATE TABLE t (x);"));
        RawConnection holder(db);
        QCOMPARE(holder.exec("PRAGMA wal_autocheckpoint=0; INSERT INTO t VALUES (1);"), SQLITE_OK);
        {
            auto c = Connection::open(db);
            QVERIFY(c.ok());
            auto b = BackupService::backup(**c, dir.path(QStringLiteral("copy.sqlite3")));
            QVERIFY2(b.ok(), b.ok() ? "" : qPrintable(b.error().message()));
            QCOMPARE(b->method, QStringLiteral("file-copy"));
        }
        QVERIFY(QFileInfo::exists(db + QStringLiteral("-wal")));
        QCOMPARE(otherProcess(db, QStringLiteral("SELECT count(*) FROM t;")).exitCode, 0);
        QVERIFY2(QFileInfo::exists(db + QStringLiteral("-wal")),
                 "another process closing its connection removed the -wal file: it did not see our lock");
        QCOMPARE(holder.exec("INSERT INTO t VALUES (2);"), SQLITE_OK);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotCopy)
#include "tst_snapshot_copy.moc"
