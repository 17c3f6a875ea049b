#pragma once
// Risk marks for the Review: reads migration SQL as drizzle-orm will run it (chunk by chunk) and
// says, statement by statement, what can lose data or fail, against the schema the database has
// now. Reading only: the SQL is never run on the user's database. To follow a migration's effect
// on the schema, its DDL is replayed on an empty in-memory copy of the schema (no data).
#include "MigrationSource.h"
#include "schema/Schema.h"

#include <QList>
#include <QString>

namespace sluice {

class Connection;

enum class LintSeverity { Danger, Warning, Info };
QString lintSeverityName(LintSeverity s); // "danger", "warning", "info"

struct LintFinding
{
    int migration = 0;  // index into the list given to lintMigrations (0 for lintMigration)
    int chunk = -1;     // index into the migration's chunks (split at "--> statement-breakpoint")
    int statement = -1; // index of the statement inside the chunk, -1 when it concerns the chunk
    int line = 0;       // 1-based line in the migration file
    LintSeverity severity = LintSeverity::Info;
    QString code;        // stable identifier: "drop-table", "rebuild-cascade", … (see MigrationLint.cpp)
    QString title;       // short: "DROP TABLE comments loses 12,000 rows"
    QString explanation; // the why, with the concrete names and numbers
    QString object;      // the table (or column "t.c") concerned, when there is one
};

// One statement of a migration file, located the way the Review shows it.
struct LocatedStatement
{
    int chunk = 0;
    int statement = 0; // index inside the chunk
    int line = 0;      // 1-based line of its first character in the file
    QString text;
};

// The chunks exactly as drizzle-orm splits the file (MigrationSource::chunks when filled in).
QStringList migrationChunks(const MigrationSource& migration);
// 1-based line in the file at which each chunk starts.
QList<int> chunkStartLines(const MigrationSource& migration);
// Every statement of the file, chunk by chunk, with its line.
QList<LocatedStatement> locateStatements(const MigrationSource& migration);

struct LintOptions
{
    // When set, row counts come from this connection to the real database ("loses 12,000 rows").
    // The counts run full scans: call lint on a worker when a connection is given.
    Connection* data = nullptr;
};

// Findings for a list of migrations applied in order on a database whose schema is `current`.
// Sorted by migration, then line.
QList<LintFinding> lintMigrations(const QList<MigrationSource>& migrations, const Schema& current,
                                  const LintOptions& options = {});
QList<LintFinding> lintMigration(const MigrationSource& migration, const Schema& current,
                                 const LintOptions& options = {});

} // namespace sluice
