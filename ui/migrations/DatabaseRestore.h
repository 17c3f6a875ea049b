#pragma once
// Puts a backup back into a live database with SQLite's online backup API (pages copied from the
// backup's connection INTO a connection on the live file), then quick_check. Used by "Restore the
// pre-migration backup". Issue 5's backup feature will own restoring; this small helper lives here
// until it does (app/backup has backup only).
#include "core/Connection.h"

namespace sluice {
class JobControl;
}

namespace sluice::ui {

struct RestoreResult
{
    qint64 pages = 0;
    qint64 elapsedMs = 0;
};

// Runs on a worker: `live` is the worker's connection on the database to overwrite. The backup file
// is opened read-only and verified (quick_check) before anything is written. On failure or cancel
// SQLite leaves the live database as it was (the backup step writes in one transaction).
Result<RestoreResult> restoreDatabaseFromBackup(Connection& live, const QString& backupPath,
                                                JobControl* control = nullptr);

} // namespace sluice::ui
