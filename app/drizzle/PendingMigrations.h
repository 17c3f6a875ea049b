#pragma once
// What drizzle-orm's migrator would run on a database, for both folder layouts, and the plan options
// that make Sluice's bookkeeping identical to what that drizzle-orm writes:
//  - journal layout (drizzle-orm 0.x): every entry whose `when` is newer than the newest recorded
//    created_at (all of them when there is no row), in journal order; rows (hash, created_at).
//  - folder-per-migration layout (drizzle 1.0): every folder whose name is not recorded, in folder
//    order; rows (hash, created_at, name, applied_at), after upgrading a 0.x table the way 1.0 does.
#include "AppliedMigrations.h"
#include "MigrationFolder.h"
#include "migrate/DrizzlePlanner.h"

#include <QList>
#include <QStringList>

namespace sluice {

class Connection;

struct PendingRun
{
    QList<MigrationSource> pending; // in the order drizzle-orm runs them
    DrizzlePlanOptions planOptions; // table, bookkeeping version, table upgrade
    QStringList names() const;
};

// Fails, changing nothing, where drizzle-orm's migrator would stop before running anything: a journal
// entry without its file, an unreadable migration file, a 0.x table with rows that match no folder
// (drizzle 1.0's upgrade refuses those).
Result<PendingRun> pendingRun(const MigrationFolder& folder, const AppliedMigrations& applied);

// drizzle-orm 0.x's rule for the journal layout: with no row (`lastCreatedAt` unset) everything is
// pending, else the entries whose `when` is newer than Number(newest created_at); NaN: none.
QList<MigrationSource> journalPendingMigrations(const QList<MigrationSource>& journalOrder,
                                                std::optional<double> lastCreatedAt);

// For PlanRunOptions::afterBegin: re-reads the migrations table on `connection` (inside the write
// transaction, so nobody can change it any more) and fails when the pending migrations are no longer
// `expected` — another process applied some between the planning and BEGIN IMMEDIATE — instead of
// applying them a second time.
Status recheckPending(Connection& connection, const MigrationFolder& folder, const QString& table,
                      const QStringList& expected);

} // namespace sluice
