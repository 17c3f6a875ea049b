#pragma once
#include <QString>

namespace sluice::ui {

// Where Backup Now writes and how many backups it keeps, remembered with QSettings. The folder is
// remembered per database (two databases never share a custom folder by accident); retention is
// one setting for all of them.
struct BackupSettings
{
    QString folder;     // empty: the default folder for the database
    int keepNewest = 0; // 0: no limit by count
    int maxAgeDays = 0; // 0: no limit by age

    static BackupSettings load(const QString& databasePath);
    void save(const QString& databasePath) const;

    // The folder used for `databasePath`: the chosen one, else the default.
    QString folderFor(const QString& databasePath) const;
    // Inside a Drizzle project: `<project>/data/backups` (`<project>/backups` without a data folder);
    // otherwise `backups/` beside the database.
    static QString defaultFolder(const QString& databasePath);
    bool hasRetention() const { return keepNewest > 0 || maxAgeDays > 0; }
};

} // namespace sluice::ui
