#include "BackupService.h"

#include "worker/DbWorker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QThread>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Backing up the database");

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
    DbError e = DbError::fromSqlite(
        code ? code : rc, db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc)),
        operation, path);
    return e;
}

} // namespace

QString BackupService::backupFileName(const QString& databasePath, const QDateTime& when)
{
    const QString base = QFileInfo(databasePath).completeBaseName();
    return QStringLiteral("%1-%2.sqlite3")
        .arg(base.isEmpty() ? QStringLiteral("database") : base,
             when.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")));
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

Result<BackupResult> BackupService::backup(Connection& source, const QString& destination,
                                           JobControl* control, const BackupOptions& options)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* src = source.handle();
    if (!src)
        return DbError::plain(kOp, source.rawHandleProblem(), {}, source.path());

    // Destination: a folder gets a timestamped name; anything else is the file to create.
    QString finalPath;
    const QFileInfo destInfo(destination);
    if (destInfo.isDir()) {
        const QDir dir(destInfo.absoluteFilePath());
        finalPath = dir.filePath(backupFileName(source.path()));
        // Two backups within one second: keep both.
        for (int n = 2; QFileInfo::exists(finalPath); ++n)
            finalPath =
                dir.filePath(backupFileName(source.path())
                                 .replace(QStringLiteral(".sqlite3"), QStringLiteral("-%1.sqlite3").arg(n)));
    } else {
        if (destInfo.exists())
            return DbError::plain(kOp, QStringLiteral("%1 already exists").arg(destination),
                                  QStringLiteral("Choose a new file name or a folder."), destination);
        finalPath = destInfo.absoluteFilePath();
    }
    const QString folder = QFileInfo(finalPath).absolutePath();
    if (const QString why = whyNotWritableFolder(folder); !why.isEmpty())
        return DbError::plain(
            kOp, why, QStringLiteral("Choose a folder you can write to. The database was not changed."),
            folder);

    // QTemporaryFile creates the file with mode 0600, so the copy is never readable by others.
    QTemporaryFile temp(QDir(folder).filePath(QStringLiteral(".") + QFileInfo(finalPath).fileName() +
                                              QStringLiteral(".partial-XXXXXX")));
    temp.setAutoRemove(false);
    if (!temp.open())
        return DbError::plain(
            kOp, QStringLiteral("cannot create a file in %1: %2").arg(folder, temp.errorString()),
            QStringLiteral("Check the folder's permissions and free space. The database was not "
                           "changed."),
            folder);
    const QString tempPath = temp.fileName();
    temp.close();

    sqlite3* dst = nullptr;
    auto cleanup = [&](DbError e) -> Result<BackupResult> {
        if (dst)
            sqlite3_close_v2(dst);
        dst = nullptr;
        removeWithSidecars(tempPath);
        if (!e.hint.isEmpty())
            e.hint += QLatin1Char(' ');
        e.hint += QStringLiteral("The partial copy was removed; the database itself was not changed.");
        return e;
    };

    int rc = sqlite3_open_v2(QFile::encodeName(tempPath).constData(), &dst,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return cleanup(rawError(dst, rc, kOp, tempPath));

    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return cleanup(rawError(dst, sqlite3_errcode(dst), kOp, tempPath));
    const int step = qMax(1, options.pagesPerStep);
    qint64 pageCount = 0;
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
            // Another connection holds a lock: try the same step again, for at most ~30 s.
            if (++busyRetries > 1500)
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
        DbError e = rawError(dst, rc != SQLITE_DONE ? rc : finish, kOp, finalPath);
        return cleanup(e);
    }

    // Verify the copy on its own connection before it gets its final name.
    if (control)
        control->progress(pageCount, pageCount, QStringLiteral("Verifying the copy"));
    auto scalarText = [&](const char* sql, QString& out) {
        sqlite3_stmt* st = nullptr;
        int r = sqlite3_prepare_v2(dst, sql, -1, &st, nullptr);
        if (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
            out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            r = SQLITE_OK;
        }
        sqlite3_finalize(st);
        return r;
    };
    QString check, pages;
    if (scalarText("PRAGMA quick_check", check) != SQLITE_OK)
        return cleanup(rawError(dst, SQLITE_ERROR, QStringLiteral("Verifying the backup"), finalPath));
    if (check != QLatin1String("ok"))
        return cleanup(DbError::plain(QStringLiteral("Verifying the backup"),
                                      QStringLiteral("quick_check of the copy reported: %1").arg(check), {},
                                      finalPath));
    if (scalarText("PRAGMA page_count", pages) != SQLITE_OK)
        return cleanup(rawError(dst, SQLITE_ERROR, QStringLiteral("Verifying the backup"), finalPath));
    if (pages.toLongLong() != pageCount)
        return cleanup(DbError::plain(
            QStringLiteral("Verifying the backup"),
            QStringLiteral("the copy has %1 pages, the source %2").arg(pages).arg(pageCount), {}, finalPath));
    rc = sqlite3_close_v2(dst);
    dst = nullptr;
    if (rc != SQLITE_OK)
        return cleanup(DbError::fromSqlite(rc, QString::fromUtf8(sqlite3_errstr(rc)), kOp, finalPath));

    if (!fsyncPath(tempPath, false))
        return cleanup(DbError::plain(kOp,
                                      QStringLiteral("flushing the copy to disk failed: %1")
                                          .arg(QString::fromLocal8Bit(strerror(errno))),
                                      {}, finalPath));
    ::chmod(QFile::encodeName(tempPath).constData(), 0600);
    if (::rename(QFile::encodeName(tempPath).constData(), QFile::encodeName(finalPath).constData()) != 0)
        return cleanup(DbError::plain(kOp,
                                      QStringLiteral("renaming the copy into place failed: %1")
                                          .arg(QString::fromLocal8Bit(strerror(errno))),
                                      {}, finalPath));
    fsyncPath(folder, true); // make the rename itself durable

    BackupResult r;
    r.path = finalPath;
    r.pages = pageCount;
    r.bytes = QFileInfo(finalPath).size();
    r.elapsedMs = clock.elapsed();
    return r;
}

} // namespace sluice
