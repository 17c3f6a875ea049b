#pragma once
// Validation of drizzle's migrations table against the project's migrations folder: the table's rows
// are well-formed, and every recorded migration matches a file, unchanged, in order. The decision of
// what is applied is computeMigrationStatus's (app/drizzle); this only turns it into findings.
#include "HealthSeverity.h"
#include "core/Result.h"
#include "drizzle/MigrationStatus.h"
#include "drizzle/MigrationsLocation.h"

#include <QList>
#include <QString>

#include <optional>

namespace sluice {

class Connection;

struct MigrationTableFinding
{
    HealthSeverity severity = HealthSeverity::Warning;
    // Stable identifiers: "table-missing" (info: nothing applied yet), "pending" (info),
    // "hash-empty" (info: expo / op-sqlite migrators record no hash), "hash-malformed" (error: not 64
    // lowercase hex digits), "created-at-not-numeric" (error: drizzle-orm reads it as NaN and then
    // re-applies every migration), "applied-but-edited", "recorded-but-missing", "out-of-order"
    // (warnings), "journal-entry-without-file" (error), "folder-problem" (warning).
    QString code;
    QString message;   // one sentence naming the row or the migration, and why it matters
    qint64 rowid = 0;  // the row of the migrations table concerned, 0 when none
    QString migration; // the migration's tag / folder name, when there is one
};

struct MigrationTableReport
{
    MigrationsLocation location; // where the folder and table name came from
    QString table;
    bool tableExists = false;
    int rowCount = 0;
    MigrationStatus status; // computeMigrationStatus's answer, for a detailed view
    QList<MigrationTableFinding> findings;

    // No warning or error finding (info findings such as pending migrations do not count).
    bool ok() const;
    QString summary() const; // "ok: 12 applied, 1 pending" / "2 problems: …"
};

// The migrations of the project `dbPath` belongs to. `migrationsDir`/`table` override discovery (as
// `sluice status --migrations/--table`). Without an explicit folder, only the database's folder and its
// parents are searched (not the current folder: a check run from cron must not pick up an unrelated
// project), and finding no drizzle.config is not an error: the answer is nullopt.
Result<std::optional<MigrationsLocation>>
findMigrationsFor(const QString& dbPath, const QString& migrationsDir = {}, const QString& table = {});

// Reads the table with `connection` (read-only is fine) and the folder from disk.
Result<MigrationTableReport> validateMigrationTable(Connection& connection,
                                                    const MigrationsLocation& location);

} // namespace sluice
