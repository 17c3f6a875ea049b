#pragma once
// The SQL that staged edits become, as a sluice Plan (app/migrate/Plan.h): the same "generated SQL
// is data" value the rest of Sluice previews, so the review view can show it like any other plan.
// One plan step per staged edit, one statement per step; values are always bound parameters.
//
//   UPDATE "t" SET "a" = ?, "b" = ? WHERE "id" = ?            (rowid alias / rowid / _rowid_ / oid)
//   UPDATE "t" SET "a" = ? WHERE "k1" = ? AND "k2" = ?        (WITHOUT ROWID: the primary key)
//   INSERT INTO "t" ("a", "b") VALUES (?, ?)                  (only the columns the user set)
//   INSERT INTO "t" DEFAULT VALUES                            (nothing set: every column by SQLite)
//   DELETE FROM "t" WHERE "id" = ?
//
// Order: deletions, then updates, then inserts (each group in staging order), so that deleting a
// row and adding one with the same unique value works whatever order the person staged them in.
// The plan is not run by PlanRunner: EditApplier runs it (see there for why).
#include "StagedChanges.h"
#include "core/Result.h"
#include "migrate/Plan.h"
#include "schema/Schema.h"

namespace sluice {

struct EditPlan
{
    Plan plan;
    QList<int> editIdOfStep; // plan.steps[i] comes from the staged edit with this id
    RowLocator locator;

    int stepOfEdit(int editId) const { return int(editIdOfStep.indexOf(editId)); }
};

// Fails (naming the edit and column) for unknown columns, changes to generated columns, tables that
// cannot be edited (views, virtual tables, rows with no addressable rowid).
Result<EditPlan> buildEditPlan(const Table& table, const StagedChanges& changes);

// The review text of one statement: the SQL as run (with ? placeholders) followed by one comment
// line per parameter ("--   ?1 = 'Bob'"). Shown, never run.
QString reviewText(const PlanStatement& statement);
// The review text of the whole plan: each step's name as a comment, then its statement.
QString reviewText(const EditPlan& plan);
// The statement with each ? replaced by the literal of its value (SqlValue::toSqlLiteral): for
// display and copy only; the engine never runs this text.
QString withLiterals(const PlanStatement& statement);

} // namespace sluice
