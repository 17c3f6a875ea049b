#pragma once
// Where a database's migrations are: the one rule shared by `sluice status`, `sluice migrate` and the
// GUI. An explicit folder wins; otherwise the Drizzle project around the database, then around the
// folder given, then around the current folder (its `out` folder and `migrations.table`).
#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace sluice {

struct MigrationsLocation
{
    QString migrationsDir; // absolute
    QString table = QStringLiteral("__drizzle_migrations");
    QString projectDir; // empty when no drizzle.config was found
    QString configPath;
    QStringList notes; // what the project reader could not read
};

// `migrationsDir` and `table` may be empty (then discovered). `searchCurrentFolder` adds the
// process's current folder as a last place to look (the CLI does; the GUI does not).
Result<MigrationsLocation> locateMigrations(const QString& dbPath, const QString& migrationsDir = {},
                                            const QString& table = {}, bool searchCurrentFolder = true);

} // namespace sluice
