#pragma once
// Drizzle migrations → a Plan, with drizzle-orm's semantics (chunks in order, bookkeeping rows
// byte-identical) but safe: foreign-key pragmas hoisted out of the transaction, the whole run in
// one transaction including the creation of the migrations table.
#include "MigrationSource.h"
#include "Plan.h"
#include "core/Result.h"

namespace sluice {

struct DrizzlePlanOptions
{
    QString migrationsTable = QStringLiteral("__drizzle_migrations"); // drizzle's `migrationsTable`
    // Start with CREATE TABLE IF NOT EXISTS for the migrations table (drizzle-orm always runs it).
    bool createMigrationsTable = true;
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
    static QString createMigrationsTableSql(const QString& table = QStringLiteral("__drizzle_migrations"));
    // drizzle-orm's bookkeeping INSERT; binds: hash, created_at.
    static QString recordMigrationSql(const QString& table = QStringLiteral("__drizzle_migrations"));
    // drizzle-orm's escapeName: "name" with embedded quotes doubled.
    static QString quoteName(const QString& table);
};

} // namespace sluice
