#pragma once
// A consistent copy of a live SQLite database into a verified, private, complete file.
//
// Consistency: the copy is one moment of the database even while other connections write. The fast
// path (SnapshotFileCopy) copies the main file's bytes under a read transaction of its own; where the
// main file is not the snapshot (WAL frames not yet checkpointed into it, an in-memory database, the
// caller's own open transaction) SQLite's online backup API copies the pages inside one read
// transaction on the source connection, so it never has to restart.
// Verification: every backup is quick_check'ed and its page count compared — on the fast path in the
// same snapshot while the pages are written (the bytes checked are the bytes written), on the backup-API
// path on the copy itself after it is written.
// Durability: the copy is written to a hidden temporary file beside its final name, flushed, verified,
// then renamed into place with mode 0600: a backup file that exists is always complete. On any failure
// the temporary file is removed and the source untouched.
// Checksum: SHA-256 of the copy's bytes, computed while they are written (fast path) or while the copy
// is flushed and checked (backup-API path).
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

    // The error for a failed write of `path` (errno `e`): a full disk says so and what to do.
    static DbError writeFailure(int e, const QString& path);

    // Why a folder cannot receive a backup ("" when it can): missing, not a folder, not writable.
    static QString whyNotWritableFolder(const QString& folder);
};

} // namespace sluice
