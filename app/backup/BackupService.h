#pragma once
// Online backup of a live database (sqlite3_backup_* on the raw handle): consistent even while
// other connections write, N pages per step with progress and cancel. The copy is written to a
// temporary file beside its final name, fsync'd, verified (quick_check, page count), then renamed
// into place with mode 0600: a backup file that exists is always complete.
#include "core/Connection.h"

#include <QDateTime>

namespace sluice {

class JobControl;

struct BackupOptions
{
    int pagesPerStep = 1024; // between progress reports and cancel checks
};

struct BackupResult
{
    QString path; // the verified backup
    qint64 pages = 0;
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
};

class BackupService
{
public:
    // `destination` is an existing folder (the file gets backupFileName()) or the path of a file
    // that must not exist yet. On failure (not writable, disk full, cancel, verification) the
    // temporary file is removed and the source is untouched.
    static Result<BackupResult> backup(Connection& source, const QString& destination,
                                       JobControl* control = nullptr, const BackupOptions& options = {});

    // "<db name>-<UTC yyyyMMdd-HHmmss>.sqlite3" ("app.db" → "app-20250101-120000.sqlite3").
    static QString backupFileName(const QString& databasePath,
                                  const QDateTime& when = QDateTime::currentDateTimeUtc());

    // Why a folder cannot receive a backup ("" when it can): missing, not a folder, not writable.
    static QString whyNotWritableFolder(const QString& folder);
};

} // namespace sluice
