// BackupService: a verified, private, complete copy or a clear error and no leftovers.
#include "MigrateTestSupport.h"
#include "TestSupport.h"
#include "backup/BackupService.h"
#include "core/Connection.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

#include <sys/stat.h>

using namespace sluice;
using namespace sluice::test;

class TestBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void copyIsVerifiedPrivateAndComplete()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("app.db"),
            QStringLiteral("CREATE TABLE t (i INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20000) "
                           "INSERT INTO t SELECT n, hex(zeroblob(100)) || n FROM s;"));
        const QByteArray before = fileSha256(db);
        QDir().mkpath(dir.path(QStringLiteral("backups")));
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        BackupOptions small;
        small.pagesPerStep = 16;
        auto r = BackupService::backup(**c, dir.path(QStringLiteral("backups")), nullptr, small);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QVERIFY2(
            QRegularExpression(QStringLiteral("/app-\\d{8}-\\d{6}\\.sqlite3$")).match(r->path).hasMatch(),
            qPrintable(r->path));
        QVERIFY(r->pages > 16);
        QCOMPARE(dumpDigest(r->path), dumpDigest(db));
        QCOMPARE(queryRaw(r->path, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(r->path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        // Only the backup itself is left in the folder: no temporary or journal files.
        QCOMPARE(QDir(dir.path(QStringLiteral("backups"))).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QFileInfo(r->path).fileName()});
        c.value().reset();
        QCOMPARE(fileSha256(db), before);

        // A second backup in the same second gets its own name.
        auto c2 = Connection::open(db);
        auto r2 = BackupService::backup(**c2, dir.path(QStringLiteral("backups")));
        QVERIFY(r2.ok());
        QVERIFY(r2->path != r->path);
    }

    void explicitFileName()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"),
                                      QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
        auto c = Connection::open(db);
        const QString target = dir.path(QStringLiteral("copy.sqlite3"));
        auto r = BackupService::backup(**c, target);
        QVERIFY(r.ok());
        QCOMPARE(r->path, target);
        QCOMPARE(queryRaw(target, QStringLiteral("SELECT x FROM t")), QStringLiteral("1"));
        // An existing file is never overwritten.
        auto again = BackupService::backup(**c, target);
        QVERIFY(!again.ok());
        QVERIFY(again.error().message().contains(QStringLiteral("already exists")));
    }

    void notWritableDestination()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("app.db"), QStringLiteral("CREATE TABLE t (x);"));
        const QByteArray before = fileSha256(db);
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        auto missing = BackupService::backup(**c, dir.path(QStringLiteral("nope/deeper/x.sqlite3")));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message().contains(QStringLiteral("does not exist")),
                 qPrintable(missing.error().message()));
        // A "folder" that is a regular file: nothing can be created under it, not even by root.
        const QString file = dir.writeFile(QStringLiteral("plain"), "x");
        auto underFile = BackupService::backup(**c, file + QStringLiteral("/x.sqlite3"));
        QVERIFY(!underFile.ok());
        QVERIFY2(underFile.error().message().contains(QStringLiteral("not a folder")),
                 qPrintable(underFile.error().message()));
        QCOMPARE(QDir(dir.path(QString())).entryList(QDir::Files | QDir::Hidden).size(), 2);
        c.value().reset();
        QCOMPARE(fileSha256(db), before);
    }

    void fileNameFormat()
    {
        const QDateTime t(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
        QCOMPARE(BackupService::backupFileName(QStringLiteral("/x/app.db"), t),
                 QStringLiteral("app-20250102-030405.sqlite3"));
        QCOMPARE(BackupService::backupFileName(QStringLiteral("/x/my.data.sqlite"), t),
                 QStringLiteral("my.data-20250102-030405.sqlite3"));
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
