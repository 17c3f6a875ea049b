#pragma once
// The backups in a folder, newest first: what the GUI's Backups panel lists and retention works on.
// A backup is a .sqlite3/.sqlite/.db/.db3, .json or .sql file; one with a Sluice sidecar is described
// by it, one without is listed from the file alone and counted as unverified. Sidecars themselves,
// hidden files (a backup still being written is hidden) and other files are not listed. Listing also
// removes the partial files of backups whose process was killed (PartialFiles.h).
#include "BackupInfo.h"

#include <QList>

namespace sluice {

QList<BackupInfo> listBackups(const QString& folder);

// True when the name is one BackupService gives: "<base>-yyyyMMdd-HHmmss[-N].<sqlite3|json|sql>".
bool isTimestampedBackupName(const QString& fileName, const QString& databaseBaseName);

} // namespace sluice
