#pragma once
// Where backups of a database go when the user has not chosen a folder: the one rule shared by the
// CLI (`sluice backup`, `sluice restore`'s safety backup) and the GUI.
//  - inside a Drizzle project (a drizzle.config.* in the database's folder or up to 4 parents):
//    <project>/data/backups when <project>/data is a folder (the usual Docker volume layout),
//    else <project>/backups;
//  - otherwise: backups/ beside the database.
#include <QString>

namespace sluice {

QString defaultBackupFolder(const QString& databasePath);

} // namespace sluice
