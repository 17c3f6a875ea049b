#pragma once
#include <QDateTime>
#include <QList>
#include <QString>

namespace sluice::ui {

// One backup file as the Backups panel lists it.
struct BackupEntry
{
    QString path;
    QDateTime created; // UTC
    qint64 size = 0;
    QString migrationTag;  // the last applied Drizzle migration when the backup was taken
    bool verified = false; // a sidecar vouches for it (written only after the copy was checked)
    QString format;        // "SQLite", "JSON", "SQL dump"
    QString sidecarPath;   // "" when there is none
};

// The backups in `folder`, newest first: SQLite copies, JSON exports and SQL dumps, each with the
// details of its JSON sidecar (`<file>.json`) when it has one. A missing folder lists nothing.
QList<BackupEntry> listBackupFiles(const QString& folder);

// The entry for one file anywhere (a file dropped on the panel, or chosen in a file dialog).
BackupEntry describeBackupFile(const QString& path);

} // namespace sluice::ui
