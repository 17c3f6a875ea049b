#pragma once
// Applying a planned schema change — the one way `sluice diff --apply`, the schema change review and
// the table designer do it: refuse a plan with blockers, take a verified backup first when asked,
// then run the plan through PlanRunner in one transaction; once the write lock is held, check that
// the database still has the schema the plan was computed from (another window or process may have
// changed it since), so a stale plan never runs. On any failure the database is exactly as before.
#include "SchemaPlanner.h"
#include "core/Connection.h"
#include "migrate/PlanRunner.h"

namespace sluice {

class JobControl;

struct SchemaChangeApplyOptions
{
    QString backupFolder;           // where the pre-change backup goes; empty: no backup
    bool ignoreColumnOrder = false; // the plan came from a target without column order (a snapshot)
};

struct SchemaChangeApplied
{
    QString backupPath; // the verified pre-change backup ("" without one)
    PlanRunResult run;
};

// A failure after the backup was taken names the backup in the error's hint.
Result<SchemaChangeApplied> applySchemaPlan(Connection& connection, const SchemaPlan& plan,
                                            const Schema& plannedFrom,
                                            const SchemaChangeApplyOptions& options = {},
                                            JobControl* control = nullptr);

} // namespace sluice
