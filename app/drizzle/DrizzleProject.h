#pragma once
// A Drizzle project on disk: its config, its .env files, the migrations folder and the database
// the config points at. Found from a folder or from a database file inside the project.
#include "DatabaseUrl.h"
#include "DrizzleConfig.h"
#include "EnvFile.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

struct DrizzleProject
{
    QString dir;                         // the folder holding the config (or the one given)
    std::optional<DrizzleConfig> config; // none: the user names the migrations folder
    QList<EnvFile> envFiles;             // .env.local before .env (the first that sets a key wins)
    QString migrationsDir;               // absolute: config `out`, "./drizzle" by default
    QString migrationsTable = QStringLiteral("__drizzle_migrations");
    QString databaseUrl;       // the URL drizzle would use, resolved through .env
    QString databaseUrlOrigin; // ".env line 1", "drizzle.config.ts line 8 (fallback)" …
    DatabaseLocation database;
    QStringList notes; // things we could not read, with the file and line
};

// Looks for drizzle.config.* in `start` (a folder, or a file whose folder is used) and up to
// `levels` parents. Returns the folder, or "" when there is none.
QString findDrizzleProjectDir(const QString& start, int levels = 4);
// The config file in `dir` ("" when none).
QString drizzleConfigIn(const QString& dir);

// Loads the project in `dir`. Without a config the migrations folder defaults to dir/drizzle.
// Environment variables are taken from the project's .env.local and .env only, not from the
// shell, so the answer does not depend on where Sluice runs.
Result<DrizzleProject> loadDrizzleProject(const QString& dir);

} // namespace sluice
