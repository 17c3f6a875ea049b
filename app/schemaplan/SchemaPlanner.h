#pragma once
// Schema A → schema B as a Plan (app/migrate/Plan.h) that PlanRunner executes in one transaction.
//
// Per table, the cheapest correct statement: ALTER TABLE … RENAME TO / RENAME COLUMN for the renames
// the person confirmed, ADD COLUMN / DROP COLUMN where SQLite allows them (DESIGN §5), and otherwise
// the documented rebuild (sqlite.org lang_altertable §7): create the new table from B's own CREATE
// text under a temporary name, copy the kept columns (and implicit rowids, and the AUTOINCREMENT
// counter), drop the old table, rename the new one into place, recreate indexes, triggers and views,
// with foreign keys off before BEGIN and `foreign_key_check` before COMMIT (the runner's part).
// Tables are dropped children-first and created parents-first.
//
// The planner only reads the two schemas; whether the data fits (a NOT NULL column added to a
// non-empty table, a UNIQUE index over duplicates) is for the dry run to find out.
#include "RenameHints.h"
#include "migrate/Plan.h"
#include "schema/Schema.h"

namespace sluice {

struct SchemaPlan
{
    Plan plan;
    // Disappearing and appearing objects that look alike, not covered by a hint: ask about them.
    QList<RenameCandidate> renameCandidates;
    // What will be lost or may fail, in words, for the review (also marked per statement).
    QStringList warnings;
    // Triggers and views of the target that name a column or table it does not have: the plan would
    // apply and leave them failing whenever they fire or are read (TriggerViewCheck.h). Also in
    // `warnings`. The plan must not be applied while there are any.
    QStringList blockers;
    bool losesData = false;
    bool needsAttention() const { return !blockers.isEmpty(); }
    bool isEmpty() const { return plan.statements.isEmpty(); }
};

struct SchemaPlanOptions
{
    // false for targets that do not order columns (Drizzle snapshots: drizzle-kit appends a column
    // added in the middle of a TypeScript table): a different order alone is then no change.
    bool columnOrderMatters = true;
};

Result<SchemaPlan> planSchemaChange(const Schema& from, const Schema& to, const RenameHints& hints = {},
                                    const SchemaPlanOptions& options = {});

} // namespace sluice
