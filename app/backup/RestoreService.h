#pragma once
// Puts a backup back into a live database so that its other readers see the old or the new database,
// never a mix: the backup is checked before anything is touched (a truncated, corrupt or foreign file
// is refused), a safety backup of the live database is taken, then the backup is copied INTO the live
// database with the online backup API (one write transaction on the live file: a process killed
// half-way leaves the old database, which SQLite's journal restores). Afterwards quick_check and
// foreign_key_check run on the live database and are reported. "Undo restore" is a restore from the
// returned safety backup.
#include "MigrationMark.h"
#include "core/Connection.h"

#include <QList>
#include <QStringList>

namespace sluice {

class JobControl;

struct RestoreOptions
{
    QString safetyFolder;     // empty: defaultBackupFolder(live), created when missing
    bool safetyBackup = true; // false only for undo-of-undo style callers that keep their own copy
    int busyTimeoutMs = 5000; // how long to wait for other connections' locks on the live database
    int pagesPerStep = 4096;  // between progress reports and cancel checks
};

struct ForeignKeyViolation
{
    QString table;
    qint64 rowid = 0;
    QString parent;
    int constraintIndex = 0;
};

// What restore learns about a backup before it touches anything.
struct BackupCheck
{
    QString path;
    QString format; // "sqlite", "json", "sql"
    qint64 pages = 0;
    qint64 pageSize = 0;
    MigrationMark migration; // the backup's last applied migration
    QStringList warnings;    // e.g. a newer migration than the live database's
};

struct RestoreResult
{
    QString backupPath;
    QString format;
    QString safetyBackupPath; // restore from it to undo ("" when none was taken)
    QString quickCheck;       // "ok" or what quick_check reported
    QList<ForeignKeyViolation> foreignKeyViolations;
    QStringList warnings;
    qint64 pages = 0;
    qint64 elapsedMs = 0;
    bool healthy() const { return quickCheck == QLatin1String("ok") && foreignKeyViolations.isEmpty(); }
};

class RestoreService
{
public:
    // Checks `backupPath` (format by content; for SQLite files: header, size against page count,
    // quick_check on a read-only connection) and compares its last migration with `live`'s.
    // Nothing is written.
    static Result<BackupCheck> inspect(Connection& live, const QString& backupPath);

    static Result<RestoreResult> restore(Connection& live, const QString& backupPath,
                                         JobControl* control = nullptr, const RestoreOptions& options = {});
};

} // namespace sluice
