#pragma once
// One complete backup as the CLI and the GUI take it: the copy in the chosen format (SQLite file,
// JSON export or SQL dump) written under a temporary name and renamed into place, its sidecar
// (checksum, versions, last migration, verified), then the retention rules applied to the folder.
#include "BackupInfo.h"
#include "BackupRetention.h"
#include "core/Connection.h"

namespace sluice {

class JobControl;

struct BackupRequest
{
    // A folder (the file gets a timestamped name) or a file that must not exist yet. Empty: the
    // default folder (defaultBackupFolder), created when missing.
    QString destination;
    QString format = QStringLiteral("sqlite"); // "sqlite", "json", "sql"
    RetentionPolicy retention;                 // applied to the folder afterwards; default keeps all
};

struct BackupOutcome
{
    BackupInfo info; // what the sidecar says
    RetentionResult retention;
    qint64 elapsedMs = 0;
};

// "sqlite", "json", "sql": the formats takeBackup accepts; other names get a clear error.
QStringList backupFormatNames();

Result<BackupOutcome> takeBackup(Connection& source, const BackupRequest& request,
                                 JobControl* control = nullptr);

} // namespace sluice
