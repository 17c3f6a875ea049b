#pragma once
// Which old backups of a database to delete. A backup is kept when ANY rule keeps it (like
// `restic forget --keep-last N --keep-within D`): it is among the newest `keepNewest`, or younger
// than `maxAgeDays`. With neither rule set everything is kept. Whatever the rules say, the newest
// verified backup is never deleted. Only files named the way Sluice names this database's backups
// ("<base>-yyyyMMdd-HHmmss[-N].sqlite3|json|sql") are considered, so a folder shared with other
// files (or with the database itself) is safe; a backup's sidecar goes with it.
#include "BackupInfo.h"

#include <QList>
#include <QStringList>

namespace sluice {

struct RetentionPolicy
{
    int keepNewest = 0; // 0: no count rule
    int maxAgeDays = 0; // 0: no age rule
    bool keepsEverything() const { return keepNewest <= 0 && maxAgeDays <= 0; }
};

struct RetentionResult
{
    QStringList deleted; // backup files removed (with their sidecars)
    QStringList failed;  // could not be removed ("path: reason")
};

// The backups of `databasePath` in `folder` that `policy` would delete, newest first excluded.
QList<BackupInfo> backupsToPrune(const QString& folder, const QString& databasePath,
                                 const RetentionPolicy& policy,
                                 const QDateTime& now = QDateTime::currentDateTimeUtc());

RetentionResult applyRetention(const QString& folder, const QString& databasePath,
                               const RetentionPolicy& policy,
                               const QDateTime& now = QDateTime::currentDateTimeUtc());

} // namespace sluice
