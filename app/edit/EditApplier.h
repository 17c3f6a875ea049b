#pragma once
// Applies staged edits to one table in one BEGIN IMMEDIATE transaction, all or nothing.
//
//  1. STRICT type check of every staged value (nothing is started when one is refused).
//  2. Foreign keys: with `enforceForeignKeys` (the default for edits) PRAGMA foreign_keys=ON is set
//     before BEGIN (SQLite ignores it inside a transaction) and the previous setting restored after;
//     otherwise the connection's own setting is used. Inside the transaction defer_foreign_keys is on,
//     so the order in which edits were staged does not matter (add the parent, then the child, or
//     the reverse); violations are found at COMMIT and mapped to rows with PRAGMA foreign_key_check.
//  3. Conflict detection with the write lock held: every edited or deleted row is re-read by its
//     identity and compared with the values as loaded (typeof + value; for a value the grid read
//     only a prefix of: typeof, full length and that prefix). A row changed or deleted on disk
//     refuses the whole apply (nothing written) unless `overwriteConflicts`.
//  4. The statements of buildEditPlan; any error rolls everything back and names the staged edit
//     (and the column, when SQLite's message or the constraint tells it).
//
// Not PlanRunner: it reports failures as text for a migration, and runs a full foreign_key_check
// of the database before and after every run; edits need the failing edit and column as data, the
// conflict check under the lock, and a foreign-key check only when COMMIT reports a violation.
// Run it on a worker (DbWorker): it waits for the write lock up to the connection's busy timeout.
#include "CellProblem.h"
#include "EditPlan.h"
#include "StagedChanges.h"
#include "core/Connection.h"
#include "schema/Schema.h"

#include <optional>

namespace sluice {

class JobControl;

struct ApplyOptions
{
    bool overwriteConflicts = false; // write even over rows changed or deleted on disk
    bool enforceForeignKeys = true;  // turn PRAGMA foreign_keys on for the apply (restored afterwards)
};

struct RowConflict
{
    int editId = 0;
    RowIdentity row;
    QString rowText;            // "id = 5"
    bool deletedOnDisk = false; // the row no longer exists
    QStringList changedColumns; // columns whose value on disk differs from the loaded one
};

struct ApplyReport
{
    bool committed = false;
    // Why nothing was written, when committed is false (conflicts, a constraint, busy, read-only…).
    std::optional<DbError> error;
    QList<RowConflict> conflicts; // refused because of these (or overwritten, with overwriteConflicts)
    QList<CellProblem> problems;  // the staged edit(s) and cell(s) the failure belongs to
    int statementsRun = 0;
    // Rowids SQLite gave the inserted rows (rowid tables), as (edit id, rowid).
    QList<QPair<int, qint64>> insertedRowids;
    QStringList notes; // e.g. "Update id = 7 changed no row: the row no longer exists"
};

ApplyReport applyStagedEdits(Connection& connection, const Table& table, const StagedChanges& changes,
                             const ApplyOptions& options = {}, JobControl* control = nullptr);

// The columns named by a constraint message ("NOT NULL constraint failed: t.c",
// "UNIQUE constraint failed: t.a, t.b", "cannot store TEXT value in INTEGER column t.c"), without
// the table prefix; empty when the message names none.
QStringList columnsInConstraintMessage(const QString& sqliteMessage, const QString& table);

} // namespace sluice
