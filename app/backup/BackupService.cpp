#include "BackupService.h"

#include "BackupInfo.h"
#include "PartialFiles.h"
#include "Sha256.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QThread>

#include <sqlite3.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <optional>
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

// First column of the first row of `sql` as text.
int scalarText(sqlite3* db, const char* sql, QString& out)
{
    sqlite3_stmt* st = nullptr;
    int r = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    if (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        out = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        r = SQLITE_OK;
    } else if (r == SQLITE_DONE) {
        out.clear();
        r = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return r;
}

DbError writeError(int e, const QString& path)
{
    if (e == ENOSPC || e == EFBIG || e == EDQUOT)
        return DbError::plain(
            kOp, QStringLiteral("the disk is full (%1) while writing %2").arg(errnoText(e), path),
            QStringLiteral("Free some space or choose another folder."), path);
    return DbError::plain(kOp, QStringLiteral("writing %1 failed: %2").arg(path, errnoText(e)), {}, path);
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

// Hashes a file while another thread is still writing it, reading only what has already been
// written (published with advance()): the checksum is of the bytes in the copy itself, taken in the
// same pass as the copy but off the copy loop, so the copy runs at the speed of the kernel's
// copy_file_range, and the source's read lock (which writers wait for) is not held while hashing.
class TrailingSha256
{
public:
    explicit TrailingSha256(const QString& path)
        : m_fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC))
    {
        m_thread = std::thread([this] { run(); });
    }
    ~TrailingSha256() { finish(false); }

    void advance(qint64 writtenUpTo)
    {
        std::lock_guard lock(m_mutex);
        m_written = writtenUpTo;
        m_changed.notify_all();
    }
    // Waits until everything written is hashed; "" when reading the copy failed or `complete` is
    // false (the copy was abandoned).
    QString finish(bool complete)
    {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
            m_abandoned = !complete;
            m_changed.notify_all();
        }
        if (m_thread.joinable())
            m_thread.join();
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        return complete && !m_failed ? m_hash.hexDigest() : QString();
    }

private:
    void run()
    {
        if (m_fd < 0) {
            m_failed = true;
            return;
        }
        QByteArray buffer(4 << 20, Qt::Uninitialized);
        qint64 hashed = 0;
        for (;;) {
            qint64 target;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return m_written > hashed || m_closing; });
                if (m_abandoned || (m_closing && m_written <= hashed))
                    return;
                target = m_written;
            }
            while (hashed < target) {
                const ssize_t r = ::pread(m_fd, buffer.data(),
                                          size_t(qMin<qint64>(buffer.size(), target - hashed)), hashed);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0) {
                    m_failed = true;
                    return;
                }
                m_hash.add(buffer.constData(), r);
                hashed += r;
            }
        }
    }

    int m_fd;
    Sha256 m_hash;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    qint64 m_written = 0;
    bool m_closing = false;
    bool m_abandoned = false;
    bool m_failed = false;
    std::thread m_thread;
};

} // namespace

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

    int rc = snapshot.begin();
    if (rc != SQLITE_OK)
        return cleanup(rawError(src, rc, kOp, source.path()));
    QString value;
    if ((rc = scalarText(src, "PRAGMA main.page_size", value)) != SQLITE_OK)
        return cleanup(rawError(src, rc, kOp, source.path()));
    const qint64 pageSize = value.toLongLong();
    if ((rc = scalarText(src, "PRAGMA main.page_count", value)) != SQLITE_OK)
        return cleanup(rawError(src, rc, kOp, source.path()));
    qint64 pageCount = value.toLongLong();
    if ((rc = scalarText(src, "PRAGMA main.journal_mode", value)) != SQLITE_OK)
        return cleanup(rawError(src, rc, kOp, source.path()));
    const QString journalMode = value.toLower();
    const char* mainFile = sqlite3_db_filename(src, "main");
    const bool fileCopy =
        options.allowFileCopy && journalMode != QLatin1String("wal") && mainFile && *mainFile && pageSize > 0;

    BackupResult result;
    std::optional<TrailingSha256> trailing; // the file-copy path hashes while it copies
    if (fileCopy) {
        // Under the shared lock no other connection can change the main file, and the first
        // pageCount pages of it are exactly the database (a hot journal was rolled back by BEGIN's
        // first read). The kernel copies them without bringing them through user space.
        result.method = QStringLiteral("file-copy");
        const int in = ::open(mainFile, O_RDONLY | O_CLOEXEC);
        if (in < 0)
            return cleanup(
                DbError::plain(kOp, QStringLiteral("cannot read %1: %2").arg(source.path(), errnoText(errno)),
                               {}, source.path()));
        const int out = ::open(QFile::encodeName(tempPath).constData(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (out < 0) {
            const int e = errno;
            ::close(in);
            return cleanup(writeError(e, tempPath));
        }
        ::posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
        // The kernel copies the pages (copy_file_range: no trip through user space) while the
        // writer lock is held; a second thread hashes the copy right behind it, from the page
        // cache. Each chunk's writeback is started at once, so the final fsync has little left.
        const qint64 total = pageCount * pageSize;
        qint64 done = 0;
        constexpr qint64 chunk = 8 << 20; // between progress reports and cancel checks
        if (options.computeSha256)
            trailing.emplace(tempPath);
        bool useCopyRange = true;
        QByteArray buffer;
        int failure = 0;
        bool cancelled = false;
        while (done < total) {
            const qint64 want = qMin(chunk, total - done);
            ssize_t n = -1;
            if (useCopyRange) {
                loff_t offIn = done;
                n = ::copy_file_range(in, &offIn, out, nullptr, size_t(want), 0);
                if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                    useCopyRange = false; // another filesystem or an old kernel: plain reads and writes
                    continue;
                }
            } else {
                if (buffer.isEmpty())
                    buffer.resize(int(chunk));
                const ssize_t r = ::pread(in, buffer.data(), size_t(want), done);
                n = r;
                for (ssize_t written = 0; r > 0 && written < r;) {
                    const ssize_t w = ::write(out, buffer.constData() + written, size_t(r - written));
                    if (w < 0) {
                        n = -1;
                        break;
                    }
                    written += w;
                }
            }
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                failure = errno;
                break;
            }
            if (n == 0) { // the file is shorter than its page count says
                failure = -1;
                break;
            }
            ::sync_file_range(out, done, n, SYNC_FILE_RANGE_WRITE); // a hint: errors show at fsync
            done += n;
            if (trailing)
                trailing->advance(done);
            if (control) {
                control->progress(done / pageSize, pageCount, QStringLiteral("Copying pages"));
                if (control->isCancelled()) {
                    cancelled = true;
                    break;
                }
            }
        }
        // Every page is copied: writers may go on while the copy is hashed, flushed and checked.
        ::close(in);
        snapshot.end();
        if (::close(out) != 0 && !failure)
            failure = errno;
        if (cancelled)
            return cleanup(DbWorker::cancelledError());
        if (failure == -1)
            return cleanup(DbError::plain(
                kOp, QStringLiteral("%1 is shorter than its %2 pages").arg(source.path()).arg(pageCount),
                QStringLiteral("Run an integrity check on the database."), source.path()));
        if (failure)
            return cleanup(writeError(failure, finalPath));
    } else {
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
                return cleanup(writeError(ENOSPC, finalPath));
            return cleanup(rawError(dst, code, kOp, finalPath));
        }
        rc = sqlite3_close_v2(dst);
        dst = nullptr;
        if (rc != SQLITE_OK)
            return cleanup(DbError::fromSqlite(rc, QString::fromUtf8(sqlite3_errstr(rc)), kOp, finalPath));
    }
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
    if (options.computeSha256 && !trailing)
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
    if (trailing)
        sha = trailing->finish(true);
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
