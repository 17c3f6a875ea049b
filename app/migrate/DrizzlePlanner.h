#pragma once
// Drizzle migrations → a Plan, with drizzle-orm's semantics (chunks in order, bookkeeping rows
// byte-identical) but safe: foreign-key pragmas hoisted out of the transaction, the whole run in
// one transaction including the creation of the migrations table.
#include "MigrationSource.h"
#include "Plan.h"
#include "core/Result.h"

#include <QDateTime>

namespace sluice {

// Which drizzle-orm writes the bookkeeping: 0.x (journal layout: id SERIAL, hash, created_at) or 1.0
// (folder-per-migration layout: id INTEGER PRIMARY KEY, hash, created_at, name, applied_at).
enum class DrizzleBookkeeping { V0, V1 };

struct DrizzlePlanOptions
{
    QString migrationsTable = QStringLiteral("__drizzle_migrations"); // drizzle's `migrationsTable`
    // Start with CREATE TABLE IF NOT EXISTS for the migrations table (drizzle-orm always runs it).
    bool createMigrationsTable = true;
    DrizzleBookkeeping bookkeeping = DrizzleBookkeeping::V0;
    // V1 on a table drizzle-orm 0.x created: drizzle 1.0's upgrade (ADD COLUMN name, applied_at and
    // the UPDATEs naming the old rows), run first inside the same transaction.
    QList<PlanStatement> tableUpgrade;
    // V1: the applied_at recorded for every migration (drizzle 1.0 writes `new Date().toISOString()`,
    // e.g. "2026-11-22T02:31:19.962Z"); empty: the time the plan is made.
    QString appliedAt;
};

class DrizzlePlanner
{
public:
    // One step per migration, in the given order (the caller decides which are pending). Refuses,
    // naming the file and line: an empty migration or a chunk with no statement (drizzle-orm's
    // migrator fails the whole run on it), BEGIN/COMMIT/END/ROLLBACK/SAVEPOINT/RELEASE in a file.
    static Result<Plan> plan(const QList<MigrationSource>& migrations,
                             const DrizzlePlanOptions& options = {});

    // The statement drizzle-orm's better-sqlite3/sql.js path (SQLiteSyncDialect.migrate) runs,
    // whitespace included, so that sqlite_schema.sql ends up byte-identical to drizzle-orm's.
    static QString createMigrationsTableSql(const QString& table = QStringLiteral("__drizzle_migrations"),
                                            DrizzleBookkeeping bookkeeping = DrizzleBookkeeping::V0);
    // drizzle-orm's bookkeeping INSERT; binds: hash, created_at (V1: then name, applied_at).
    static QString recordMigrationSql(const QString& table = QStringLiteral("__drizzle_migrations"),
                                      DrizzleBookkeeping bookkeeping = DrizzleBookkeeping::V0);
    // drizzle 1.0's applied_at for a moment: JavaScript's Date.toISOString() (UTC, milliseconds, "Z").
    static QString isoTimestamp(const QDateTime& when);
    // drizzle-orm's escapeName: "name" with embedded quotes doubled.
    static QString quoteName(const QString& table);
};

} // namespace sluice
