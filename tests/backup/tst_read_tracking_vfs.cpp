// ReadTrackingVfs: a connection opened through it reads and writes like any other (rollback journal and
// WAL, with this process's other connections and their locks), and it reports where in the main
// database file it last read, through plain reads and through memory-mapped I/O.
#include "backup/ReadTrackingVfs.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace sluice;

namespace {

struct Db
{
    sqlite3* db = nullptr;
    Db(const QString& path, const char* vfs)
    {
        sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        vfs);
    }
    ~Db() { sqlite3_close_v2(db); }
    int exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
    qint64 scalar(const char* sql)
    {
        sqlite3_stmt* stmt = nullptr;
        qint64 value = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return value;
    }
};

} // namespace

class TestReadTrackingVfs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isRegisteredAndNotTheDefault()
    {
        const char* name = readTrackingVfsName();
        QVERIFY(name);
        QCOMPARE(readTrackingVfsName(), name); // registered once
        QVERIFY(sqlite3_vfs_find(name));
        QVERIFY(sqlite3_vfs_find(nullptr) != sqlite3_vfs_find(name));
    }

    void reportsTheLastReadOfTheMainFile_data()
    {
        QTest::addColumn<bool>("mapped");
        QTest::newRow("read") << false;
        QTest::newRow("memory-mapped") << true;
    }
    void reportsTheLastReadOfTheMainFile()
    {
        QFETCH(bool, mapped);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.db"));
        {
            Db setUp(path, nullptr);
            QCOMPARE(
                setUp.exec("PRAGMA page_size=4096; CREATE TABLE a(x);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                           "INSERT INTO a SELECT randomblob(500) FROM n;"
                           "CREATE TABLE b(x); INSERT INTO b VALUES (1);"),
                SQLITE_OK);
        }
        Db plain(path, nullptr);
        QCOMPARE(lastReadOffset(plain.db), nullptr); // not opened through it

        Db db(path, readTrackingVfsName());
        QVERIFY(db.db);
        const std::atomic<qint64>* at = lastReadOffset(db.db);
        QVERIFY(at);
        QCOMPARE(at->load(), qint64(0)); // only the header, read as the file was opened
        if (mapped)
            QCOMPARE(db.scalar("PRAGMA mmap_size=268435456"), qint64(268435456));
        // b's only page, its root, is the last page of the file: reading b reads there last.
        const qint64 root = db.scalar("SELECT rootpage FROM sqlite_schema WHERE name = 'b'");
        const qint64 pages = db.scalar("PRAGMA page_count");
        QCOMPARE(root, pages);
        QCOMPARE(db.scalar("SELECT x FROM b"), qint64(1));
        QCOMPARE(at->load(), (root - 1) * 4096);
        // a's pages lie before it: a full scan moves the position back into them.
        QCOMPARE(db.scalar("SELECT count(*) FROM a WHERE length(x) = 500"), qint64(2000));
        QVERIFY(at->load() >= 0);
        QVERIFY(at->load() < (root - 1) * 4096);
        QCOMPARE(at->load() % 4096, qint64(0));
    }

    void writesAndLocksLikeAnyConnection_data()
    {
        QTest::addColumn<QString>("journalMode");
        QTest::newRow("rollback journal") << QStringLiteral("delete");
        QTest::newRow("WAL") << QStringLiteral("wal");
    }
    void writesAndLocksLikeAnyConnection()
    {
        QFETCH(QString, journalMode);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.db"));
        Db tracked(path, readTrackingVfsName());
        QCOMPARE(tracked.exec(qPrintable(QStringLiteral("PRAGMA journal_mode=%1").arg(journalMode))),
                 SQLITE_OK);
        QCOMPARE(tracked.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)"), SQLITE_OK);

        // Another connection of this process, through the default VFS, sees the rows and the same locks.
        Db other(path, nullptr);
        QCOMPARE(other.scalar("SELECT sum(x) FROM t"), qint64(3));
        QCOMPARE(other.exec("BEGIN IMMEDIATE"), SQLITE_OK);
        QCOMPARE(tracked.exec("INSERT INTO t VALUES (3)"), SQLITE_BUSY); // the other's write lock holds
        QCOMPARE(other.exec("INSERT INTO t VALUES (10); COMMIT"), SQLITE_OK);
        QCOMPARE(tracked.scalar("SELECT sum(x) FROM t"), qint64(13));
        // A rollback through the tracked connection leaves nothing behind.
        QCOMPARE(tracked.exec("BEGIN; INSERT INTO t VALUES (100); ROLLBACK"), SQLITE_OK);
        QCOMPARE(other.scalar("SELECT sum(x) FROM t"), qint64(13));
        if (journalMode == QLatin1String("wal")) {
            QCOMPARE(tracked.exec("PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
            QCOMPARE(QFileInfo(path + QStringLiteral("-wal")).size(), qint64(0));
        }
        sqlite3_stmt* stmt = nullptr;
        QCOMPARE(sqlite3_prepare_v2(tracked.db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))),
                 QStringLiteral("ok"));
        sqlite3_finalize(stmt);
    }

    void refusesToLoadExtensions()
    {
        QTemporaryDir dir;
        Db db(dir.filePath(QStringLiteral("t.db")), readTrackingVfsName());
        sqlite3_vfs* vfs = sqlite3_vfs_find(readTrackingVfsName());
        QVERIFY(vfs);
        QCOMPARE(vfs->xDlOpen(vfs, "libm.so.6"), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestReadTrackingVfs)
#include "tst_read_tracking_vfs.moc"
