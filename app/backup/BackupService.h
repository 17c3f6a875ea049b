#pragma once
// A consistent copy of a live SQLite database into a verified, private, complete file.
//
// Consistency: the copy is taken inside one read transaction on the source connection, so it is the
// database as of one moment even while other connections write (in rollback-journal mode a writer
// waits while the pages are copied, not while the copy is hashed, flushed and checked; in WAL mode
// it carries on and the copy is the snapshot).
// Speed: in rollback-journal mode the read transaction's shared lock guarantees the main file holds
// exactly that snapshot, so its bytes are copied in the kernel (copy_file_range); in WAL mode part of
// the snapshot lives in the -wal file, so the online backup API (sqlite3_backup_*) copies the pages.
// Durability: the copy is written to a hidden temporary file beside its final name, fsync'd,
// verified (quick_check, page count), then renamed into place with mode 0600: a backup file that
// exists is always complete. On any failure the temporary file is removed and the source untouched.
// Checksum: SHA-256 of the copy's bytes, read back from the copy by a second thread right behind the
// kernel copy (file-copy path) or while it is flushed and checked (backup-API path).
#include "core/Connection.h"

#include <QDateTime>

namespace sluice {

class JobControl;

struct BackupOptions
{
    int pagesPerStep = 4096;    // backup-API path: pages between progress reports and cancel checks
    bool allowFileCopy = true;  // false: always use the backup API (tests compare both paths)
    bool computeSha256 = false; // hash the copy while it is verified (BackupResult::sha256)
};

struct BackupResult
{
    QString path; // the verified backup
    qint64 pages = 0;
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
    QString method; // "file-copy" or "backup-api"
    QString sha256; // lowercase hex, when asked for
};

class BackupService
{
public:
    // `destination` is an existing folder (the file gets backupFileName()) or the path of a file
    // that must not exist yet. On failure (not writable, disk full, cancel, verification) the
    // temporary file is removed and the source is untouched.
    static Result<BackupResult> backup(Connection& source, const QString& destination,
                                       JobControl* control = nullptr, const BackupOptions& options = {});

    // "<db name>-<UTC yyyyMMdd-HHmmss>.<suffix>" ("app.db" → "app-20250101-120000.sqlite3").
    static QString backupFileName(const QString& databasePath,
                                  const QDateTime& when = QDateTime::currentDateTimeUtc(),
                                  const QString& suffix = QStringLiteral("sqlite3"));

    // The final path for a backup of `databasePath` at `destination` (a folder: a new timestamped
    // name, "-2", "-3" … within one second; else a file that must not exist), after checking that
    // its folder is writable. Errors say what to do and that nothing was changed.
    static Result<QString> resolveDestination(const QString& databasePath, const QString& destination,
                                              const QString& suffix = QStringLiteral("sqlite3"));

    // A hidden temporary file (mode 0600) beside `finalPath` for the copy to be written to.
    static Result<QString> createTemporaryBeside(const QString& finalPath);

    // Flushes `tempPath` to disk, gives it mode 0600 and renames it to `finalPath` (then flushes the
    // folder so the rename survives a power cut). On failure `tempPath` is removed.
    static Status commitTemporary(const QString& tempPath, const QString& finalPath,
                                  bool alreadySynced = false);

    // Why a folder cannot receive a backup ("" when it can): missing, not a folder, not writable.
    static QString whyNotWritableFolder(const QString& folder);
};

} // namespace sluice
