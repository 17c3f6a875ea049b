#pragma once
// The reverse of a reviewed schema change: after → before through the same planner, with the
// person's renames turned around (a column renamed a→b is renamed back b→a, so its values survive
// the round trip). What the forward change dropped cannot come back from the database itself:
// the rollback recreates those tables and columns empty (or with their defaults), and says so —
// their data lives only in the pre-change backup.
#include "RenameHints.h"
#include "SchemaPlanner.h"

namespace sluice {

struct RollbackPlan
{
    SchemaPlan plan; // after → before
    // "table comments (all its rows)", "column users.nickname": dropped by the forward change, so
    // recreated without their data by the rollback.
    QStringList notRestorable;
};

// The renames of `hints` (a change before → after) as hints for the change after → before. Names
// keep the spelling they have in `before`.
RenameHints invertRenameHints(const RenameHints& hints, const Schema& before);

// What the change before → after (with `hints`) drops for good: tables that disappear and columns
// of kept tables that disappear, in the words of RollbackPlan::notRestorable.
QStringList droppedByChange(const Schema& before, const Schema& after, const RenameHints& hints);

Result<RollbackPlan> planRollback(const Schema& before, const Schema& after, const RenameHints& hints = {},
                                  const SchemaPlanOptions& options = {});

} // namespace sluice
