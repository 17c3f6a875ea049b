#pragma once
// The last Drizzle migration a database has had, as recorded in its migrations table: what a backup's
// sidecar remembers, and what restore compares (a backup taken after a migration the live database
// has not had is worth a warning).
#include <QString>

#include <optional>

namespace sluice {

class Connection;

struct MigrationMark
{
    std::optional<qint64> createdAt; // drizzle's created_at (journal `when`, ms) of the newest row
    QString hash;                    // that row's hash
    QString tag;                     // its tag / folder name, when the project's migrations folder names it
    bool known() const { return createdAt.has_value(); }
};

// Reads `connection`'s migrations table (the project's configured name when `projectDatabasePath` is
// inside a Drizzle project, else __drizzle_migrations). No table or no rows: an empty mark. The tag
// comes from the project's migrations folder (matched by created_at, then by hash) or, for drizzle
// 1.0 tables, from the row's `name`. `projectDatabasePath` is the file used to find the project (the
// live database's path, also when `connection` is a backup of it).
MigrationMark lastMigrationMark(Connection& connection, const QString& projectDatabasePath);

} // namespace sluice
