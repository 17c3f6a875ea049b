#pragma once
// The dry run behind the Review: rehearses migrations on a temporary copy of the database (online
// backup; the real file is only read) and reports what they do to the data — row counts before and
// after, rows removed (and which look like cascades), foreign-key problems, integrity — and the
// schema after, from actually running them. It also replays the same files the way drizzle-orm's
// own migrator runs them, per driver, and says what would differ. Every run is a transaction on the
// one copy that ends in ROLLBACK; a driver that would run the very statements Sluice ran with the
// same foreign-key setting is not run again (its outcome is Sluice's).
#include "DrizzlePlanner.h"
#include "MigrationSource.h"
#include "Plan.h"
#include "core/Result.h"
#include "diff/SchemaTextDiff.h"
#include "schema/Schema.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

class Connection;
class JobControl;

struct DryRunInput
{
    // The pending migrations, in the order they would run (the drizzle replays use them as written).
    QList<MigrationSource> migrations;
    // The plan Sluice would execute; when absent it is built with DrizzlePlanner from `migrations`.
    std::optional<Plan> plan;
    DrizzlePlanOptions planOptions;
};

struct DryRunOptions
{
    QString tempFolder;          // where the copies go (default: the system temp folder)
    bool simulateDrizzle = true; // also replay drizzle-orm's better-sqlite3 and libsql paths
    bool quickCheck = false;     // PRAGMA quick_check instead of integrity_check (large files)
    // Take a driver's outcome from Sluice's run when it provably runs the same statements with the
    // same foreign-key setting (DriverReplay::derived). false: rehearse every driver (tests compare).
    bool deriveReplays = true;
};

// Where and why a run stopped.
struct DryRunFailure
{
    QString migration;  // step / migration name
    int statement = -1; // index into Plan::statements (Sluice's run), -1 otherwise
    int chunk = -1;     // chunk of the migration file (drizzle replays)
    int line = 0;       // 1-based line in the migration file, 0 when unknown
    QString sql;
    QString sqliteMessage; // SQLite's words: "NOT NULL constraint failed: t.c"
    int code = 0;          // SQLite extended result code
    QString message;       // the whole person-readable account
};

struct TableCount
{
    QString table;
    qint64 before = -1; // -1: the table does not exist on that side
    qint64 after = -1;
};

struct RowLoss
{
    QString table;
    qint64 rows = 0;
    // Set when the table references a table the migrations drop or rebuild with ON DELETE CASCADE:
    // the loss looks like a cascade from it.
    QString cascadeFrom;
};

struct ForeignKeyProblem
{
    QString table;
    QString parent;
    qint64 rows = 0;
    QList<qint64> sampleRowids; // up to five
};

struct DanglingReference
{
    QString table;
    QStringList columns;
    QString missingTable;
};

// What one of drizzle-orm's migrator paths would do with the same files.
struct DriverReplay
{
    QString driver;           // "better-sqlite3", "libsql"
    bool foreignKeys = false; // the foreign-key setting during its transaction
    bool ok = false;
    std::optional<DryRunFailure> failure;
    QList<TableCount> counts; // before = the real database, after = after this replay
    QStringList notes;        // e.g. "ran only the first of 2 statements in chunk 3 of 0007_x"
    QStringList differences;  // sentences: "would delete 12,000 rows from comments through ON DELETE CASCADE"
    QStringList schemaDifferences; // objects whose schema would differ from Sluice's result
    // Not rehearsed again: every chunk holds one statement and the foreign-key setting is Sluice's
    // (or no foreign key exists to act on), so the driver runs exactly Sluice's run.
    bool derived = false;
};

struct DryRunPhase
{
    QString name; // "copy", "Sluice's run", "better-sqlite3 replay" …
    qint64 ms = 0;
};

struct DryRunResult
{
    QString databasePath;
    QString planError; // the plan could not be built (Sluice refuses these files); nothing ran
    bool ok = false;   // Sluice's run succeeded and would commit
    std::optional<DryRunFailure> failure;
    int statements = 0; // statements in the plan
    QStringList planNotes;

    QList<TableCount> counts;
    QList<RowLoss> removed;
    QList<ForeignKeyProblem> foreignKeyViolations;
    QList<DanglingReference> danglingReferences;
    bool integrityOk = true;
    QStringList integrityMessages; // integrity_check's lines when not "ok"

    Schema schemaBefore;
    Schema schemaAfter; // equal to schemaBefore when the run failed
    SchemaDiff schemaDiff;

    QList<DriverReplay> drizzle;
    qint64 elapsedMs = 0;
    QList<DryRunPhase> phases; // where the time went

    const TableCount* count(const QString& table) const;
    const DriverReplay* replay(const QString& driver) const;
};

// Runs on the caller's thread (a worker: it copies the whole database). `source` is only read.
// Progress and cancel through `control` (may be null). An Err is returned only when the rehearsal
// itself could not happen (copy failed, cancelled); a failing migration is a result.
Result<DryRunResult> runDryRun(Connection& source, const DryRunInput& input,
                               const DryRunOptions& options = {}, JobControl* control = nullptr);

} // namespace sluice
