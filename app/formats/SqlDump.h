#pragma once
// SQL dumps: a text script that the sqlite3 command-line shell loads back into an empty database
// (`sqlite3 new.db < dump.sql`) to give the same schema and the same rows, in the layout of
// `sqlite3 DB .dump`:
//   PRAGMA foreign_keys=OFF; BEGIN TRANSACTION;
//   each table's CREATE statement followed by its rows as INSERTs (exact literals, see SqlLiteral.h);
//   DELETE FROM sqlite_sequence + its rows; ANALYZE sqlite_schema + sqlite_stat1 rows when present;
//   indexes, triggers and views in creation order; COMMIT;
// Virtual tables are written as the shell writes them (an INSERT into sqlite_schema under
// PRAGMA writable_schema), which the shell loads; restoreSqlDump() refuses those (Sluice opens
// files in defensive mode, where the schema cannot be written directly).
#include "BackupSummaries.h"
#include "core/Connection.h"

namespace sluice {

class JobControl;

// From one read transaction, row by row, to a temporary file that is fsync'd and renamed into place
// with mode 0600. `destinationFile` must not exist; an existing folder gets "<db>-<UTC timestamp>.sql".
Result<ExportSummary> writeSqlDump(Connection& source, const QString& destinationFile,
                                   JobControl* control = nullptr);

// Replaces the whole database with the dump, in one transaction: foreign keys off (before BEGIN,
// as the dump itself says), every existing table, view, index and trigger dropped, the dump's
// statements run, the dump's end (COMMIT) required so that a truncated file is refused, then
// foreign-key violations are reported as warnings (the dump is a faithful copy, violations
// included). Any failing statement rolls everything back and is named with its line number. The
// dump may not ATTACH, DETACH or end the transaction itself. Read line by line: memory stays flat.
Result<ImportSummary> restoreSqlDump(Connection& live, const QString& file, JobControl* control = nullptr);

} // namespace sluice
