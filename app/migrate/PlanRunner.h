#pragma once
// The one runner of plans (DESIGN §3): transaction handling, foreign-key pragma placement, the
// foreign-key check and rollback live here and nowhere else. The dry run reuses it on a copy.
#include "Plan.h"
#include "core/Connection.h"

#include <functional>

namespace sluice {

class JobControl;

struct PlanRunOptions
{
    // false: run everything and every check — including the deferred foreign keys COMMIT would
    // refuse — then ROLLBACK instead of COMMIT: a rehearsal that leaves the database as it was (the
    // dry run rehearses on a copy this way, so one copy serves several runs).
    bool commit = true;
    // Called inside the transaction after the last statement of each step (e.g. to count rows per
    // step); a failure aborts the run like a failing statement.
    std::function<Status(Connection&, int step)> afterStep;
    // Called once the write lock is held (right after BEGIN IMMEDIATE), before any statement runs:
    // the place to re-check preconditions that another process could have changed meanwhile (e.g.
    // that the migrations are still pending). A failure rolls back and is reported as the run's
    // error.
    std::function<Status(Connection&)> afterBegin;
};

struct PlanRunResult
{
    int statementsRun = 0;
    qint64 elapsedMs = 0;
    bool committed = false;
    // Foreign-key violations that existed before the run and still exist (not caused by it).
    int preexistingForeignKeyViolations = 0;
};

class PlanRunner
{
public:
    // Executes `plan` on `connection` in one BEGIN IMMEDIATE transaction. Progress ("statement i of
    // n", the step's name) and cancel go through `control` (may be null). Any failure — SQL error,
    // constraint, new foreign-key violation, cancel, busy — rolls back: the database is exactly as
    // before, and the error names the step, the statement and its line, and SQLite's reason.
    static Result<PlanRunResult> run(Connection& connection, const Plan& plan, JobControl* control = nullptr,
                                     const PlanRunOptions& options = {});
};

} // namespace sluice
