#include "BackupService.h"

#include "BackupInfo.h"
#include "PartialFiles.h"
#include "RawQuery.h"
#include "Sha256.h"
#include "SnapshotFileCopy.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QThread>

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Backing up the database");
const QString kVerify = QStringLiteral("Verifying the backup");

QString errnoText(int e)
{
    return QString::fromLocal8Bit(strerror(e));
}

bool fsyncPath(const QString& path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(), directory ? O_RDONLY | O_DIRECTORY : O_RDWR);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

void removeWithSidecars(const QString& path)
{
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

DbError rawError(sqlite3* db, int rc, const QString& operation, const QString& path)
{
    const int code = db ? sqlite3_extended_errcode(db) : rc;
    return DbError::fromSqlite(
        code ? code : rc, db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc)),
        operation, path);
}

// A read transaction on the source for the whole copy: in rollback-journal mode its shared lock
// keeps every writer out of the main file, in WAL mode it pins one snapshot. Either way the copy is
// one moment of the database, and the backup API never has to restart because another connection
// wrote between two steps.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(sqlite3* db) : m_db(db) {}
    ~ReadSnapshot() { end(); }
    int begin()
    {
        if (!sqlite3_get_autocommit(m_db))
            return SQLITE_OK; // the caller's own transaction already pins a snapshot
        int rc = sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            return rc;
        m_owned = true;
        QString ignored;
        return scalarText(m_db, "SELECT count(*) FROM sqlite_schema", ignored);
    }
    void end()
    {
        if (m_owned)
            sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        m_owned = false;
    }

private:
    sqlite3* m_db;
    bool m_owned = false;
};

} // namespace

DbError BackupService::writeFailure(int e, const QString& path)
{
    if (e == ENOSPC || e == EFBIG || e == EDQUOT)
        return DbError::plain(
            kOp, QStringLiteral("the disk is full (%1) while writing %2").arg(errnoText(e), path),
            QStringLiteral("Free some space or choose another folder."), path);
    return DbError::plain(kOp, QStringLiteral("writing %1 failed: %2").arg(path, errnoText(e)), {}, path);
}

QString BackupService::backupFileName(const QString& databasePath, const QDateTime& when,
                                      const QString& suffix)
{
    const QString base = QFileInfo(databasePath).completeBaseName();
    return QStringLiteral("%1-%2.%3")
        .arg(base.isEmpty() ? QStringLiteral("database") : base,
             when.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")), suffix);
}

QString BackupService::whyNotWritableFolder(const QString& folder)
{
    const QFileInfo info(folder);
    if (!info.exists())
        return QStringLiteral("the folder %1 does not exist").arg(folder);
    if (!info.isDir())
        return QStringLiteral("%1 is not a folder").arg(folder);
    if (::access(QFile::encodeName(info.absoluteFilePath()).constData(), W_OK | X_OK) != 0)
        return QStringLiteral("the folder %1 is not writable by this user").arg(folder);
    return {};
}

Result<QString> BackupService::resolveDestination(const QString& databasePath, const QString& destination,
                                                  const QString& suffix)
{
    QString finalPath;
    const QFileInfo destInfo(destination);
    if (destInfo.isDir()) {
        const QDir dir(destInfo.absoluteFilePath());
        const QString name = backupFileName(databasePath, QDateTime::currentDateTimeUtc(), suffix);
        finalPath = dir.filePath(name);
        // Two backups within one second: keep both.
        const QString stem = name.chopped(suffix.size() + 1);
        for (int n = 2; QFileInfo::exists(finalPath) || QFileInfo::exists(sidecarPath(finalPath)); ++n)
            finalPath = dir.filePath(QStringLiteral("%1-%2.%3").arg(stem).arg(n).arg(suffix));
    } else {
        if (destInfo.exists())
            return DbError::plain(kOp, QStringLiteral("%1 already exists").arg(destination),
                                  QStringLiteral("Choose a new file name or a folder. Nothing was changed."),
                                  destination);
        finalPath = destInfo.absoluteFilePath();
    }
    const QString folder = QFileInfo(finalPath).absolutePath();
    if (const QString why = whyNotWritableFolder(folder); !why.isEmpty())
        return DbError::plain(
            kOp, why, QStringLiteral("Choose a folder you can write to. The database was not changed."),
            folder);
    return finalPath;
}

Result<QString> BackupService::createTemporaryBeside(const QString& finalPath)
{
    const QString folder = QFileInfo(finalPath).absolutePath();
    // QTemporaryFile creates the file with mode 0600, so the copy is never readable by others; the
    // leading dot keeps it out of listings (and out of the backup catalog) until it is complete.
    removeDeadPartials(folder); // what a killed backup left here
    QTemporaryFile temp(partialFileTemplate(finalPath));
    temp.setAutoRemove(false);
    if (!temp.open())
        return DbError::plain(
            kOp, QStringLiteral("cannot create a file in %1: %2").arg(folder, temp.errorString()),
            QStringLiteral("Check the folder's permissions and free space. The database was not changed."),
            folder);
    const QString path = temp.fileName();
    temp.close();
    return path;
}

Status BackupService::commitTemporary(const QString& tempPath, const QString& finalPath, bool alreadySynced)
{
    if (!alreadySynced && !fsyncPath(tempPath, false)) {
        const int e = errno;
        removeWithSidecars(tempPath);
        return DbError::plain(
            kOp, QStringLiteral("flushing the copy to disk failed: %1").arg(errnoText(e)),
            QStringLiteral("The partial copy was removed; the database itself was not changed."), finalPath);
    }
    ::chmod(QFile::encodeName(tempPath).constData(), 0600);
    // The final name must not appear over an existing file (a folder backup raced by another one).
    const QByteArray from = QFile::encodeName(tempPath), to = QFile::encodeName(finalPath);
    int renamed = ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE);
    if (renamed != 0 && (errno == EINVAL || errno == ENOSYS) && !QFileInfo::exists(finalPath))
        renamed = ::rename(from.constData(), to.constData()); // a filesystem without RENAME_NOREPLACE
    if (renamed != 0) {
        const int e = errno;
        removeWithSidecars(tempPath);
        return DbError::plain(
            kOp, QStringLiteral("giving the copy its final name failed: %1").arg(errnoText(e)),
            QStringLiteral("The partial copy was removed; the database itself was not changed."), finalPath);
    }
    fsyncPath(QFileInfo(finalPath).absolutePath(), true); // make the new name itself durable
    return {};
}

Result<BackupResult> BackupService::backup(Connection& source, const QString& destination,
                                           JobControl* control, const BackupOptions& options)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* src = source.handle();
    if (!src)
        return DbError::plain(kOp, source.rawHandleProblem(), {}, source.path());

    auto resolved = resolveDestination(source.path(), destination);
    if (!resolved)
        return resolved.error();
    const QString finalPath = *resolved;
    auto temporary = createTemporaryBeside(finalPath);
    if (!temporary)
        return temporary.error();
    const QString tempPath = *temporary;

    sqlite3* dst = nullptr;
    ReadSnapshot snapshot(src);
    auto cleanup = [&](DbError e) -> Result<BackupResult> {
        if (dst)
            sqlite3_close_v2(dst);
        dst = nullptr;
        snapshot.end();
        removeWithSidecars(tempPath);
        if (!e.hint.isEmpty())
            e.hint += QLatin1Char(' ');
        e.hint += QStringLiteral("The partial copy was removed; the database itself was not changed.");
        return e;
    };

    BackupResult result;
    if (options.allowFileCopy) {
        // The fast path: the main file's bytes under a read transaction, checked and hashed while
        // they are written (SnapshotFileCopy.h says when it applies and why it is consistent).
        auto fast = copySnapshotFile(src, tempPath, finalPath, control, options.computeSha256);
        if (!fast)
            return cleanup(fast.error());
        if (fast->has_value()) {
            const SnapshotCopy& copy = **fast;
            if (auto committed = commitTemporary(tempPath, finalPath, true); !committed)
                return committed.error();
            result.method = QStringLiteral("file-copy");
            result.path = finalPath;
            result.pages = copy.pageCount;
            result.bytes = QFileInfo(finalPath).size();
            result.elapsedMs = clock.elapsed();
            result.sha256 = copy.sha256;
            return result;
        }
    }

    // The online backup API: WAL frames newer than the main file, an in-memory database, or the
    // caller's own transaction.
    int rc = snapshot.begin();
    if (rc != SQLITE_OK)
        return cleanup(rawError(src, rc, kOp, source.path()));
    qint64 pageCount = 0;
    result.method = QStringLiteral("backup-api");
    rc = sqlite3_open_v2(QFile::encodeName(tempPath).constData(), &dst,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return cleanup(rawError(dst, rc, kOp, tempPath));
    // The copy is flushed once, as a whole, before it is renamed: no journal or syncs needed
    // while it is written (a crash leaves only a hidden temporary file).
    sqlite3_exec(dst, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return cleanup(rawError(dst, sqlite3_errcode(dst), kOp, tempPath));
    const int step = qMax(1, options.pagesPerStep);
    int busyRetries = 0;
    for (;;) {
        rc = sqlite3_backup_step(b, step);
        pageCount = sqlite3_backup_pagecount(b);
        if (control)
            control->progress(pageCount - sqlite3_backup_remaining(b), pageCount,
                              QStringLiteral("Copying pages"));
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busyRetries > 1500) // ~30 s
                break;
            QThread::msleep(20);
        } else if (rc != SQLITE_OK) {
            break;
        }
        if (control && control->isCancelled()) {
            sqlite3_backup_finish(b);
            return cleanup(DbWorker::cancelledError());
        }
    }
    const int finish = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE || finish != SQLITE_OK) {
        const int code = rc != SQLITE_DONE ? rc : finish;
        if ((code & 0xff) == SQLITE_FULL)
            return cleanup(BackupService::writeFailure(ENOSPC, finalPath));
        return cleanup(rawError(dst, code, kOp, finalPath));
    }
    rc = sqlite3_close_v2(dst);
    dst = nullptr;
    if (rc != SQLITE_OK)
        return cleanup(DbError::fromSqlite(rc, QString::fromUtf8(sqlite3_errstr(rc)), kOp, finalPath));
    snapshot.end(); // writers may go on while the copy is verified

    // Verify the copy on its own connection while another thread flushes it to disk (and hashes
    // it): the check reads the page cache, the flush waits for the device, so they overlap.
    if (control)
        control->progress(pageCount, pageCount, QStringLiteral("Verifying the copy"));
    int syncErrno = 0;
    QString sha;
    std::thread flusher([&] {
        if (!fsyncPath(tempPath, false))
            syncErrno = errno ? errno : EIO;
    });
    // The backup API's copy is hashed from the page cache while it is flushed and checked.
    std::thread hasher;
    if (options.computeSha256)
        hasher = std::thread([&] {
            if (auto h = fileSha256Hex(tempPath))
                sha = *h;
        });
    QString check, pages;
    DbError verifyError;
    bool verified = false;
    rc = sqlite3_open_v2(QFile::encodeName(tempPath).constData(), &dst,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        verifyError = rawError(dst, rc, kVerify, finalPath);
    else if ((rc = scalarText(dst, "PRAGMA quick_check", check)) != SQLITE_OK)
        verifyError = rawError(dst, rc, kVerify, finalPath);
    else if (check != QLatin1String("ok"))
        verifyError = DbError::plain(
            kVerify, QStringLiteral("quick_check of the copy reported: %1").arg(check), {}, finalPath);
    else if ((rc = scalarText(dst, "PRAGMA page_count", pages)) != SQLITE_OK)
        verifyError = rawError(dst, rc, kVerify, finalPath);
    else if (pages.toLongLong() != pageCount)
        verifyError = DbError::plain(
            kVerify, QStringLiteral("the copy has %1 pages, the source %2").arg(pages).arg(pageCount), {},
            finalPath);
    else
        verified = true;
    if (dst)
        sqlite3_close_v2(dst);
    dst = nullptr;
    flusher.join();
    if (hasher.joinable())
        hasher.join();
    if (!verified)
        return cleanup(verifyError);
    if (syncErrno)
        return cleanup(DbError::plain(
            kOp, QStringLiteral("flushing the copy to disk failed: %1").arg(errnoText(syncErrno)), {},
            finalPath));
    if (options.computeSha256 && sha.isEmpty())
        return cleanup(DbError::plain(
            kOp, QStringLiteral("cannot read the copy back to compute its checksum"), {}, finalPath));
    // Verification opened the copy read-write: flush again only if that wrote anything (WAL files
    // of a WAL-mode copy are removed on close; the main file is unchanged by a read).
    if (auto committed = commitTemporary(tempPath, finalPath, true); !committed)
        return committed.error();

    result.path = finalPath;
    result.pages = pageCount;
    result.bytes = QFileInfo(finalPath).size();
    result.elapsedMs = clock.elapsed();
    result.sha256 = sha;
    return result;
}

} // namespace sluice
