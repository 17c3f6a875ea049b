#pragma once
// JSON backups in the shape of the common Drizzle backup scripts:
//
//   {"metadata": {"format": "sluice-json-backup", "version": 1, "created": "<ISO 8601 UTC>",
//                 "sqliteVersion": "...", "source": "<file name>", "tables": ["parent", "child", ...],
//                 "sequences": {"<AUTOINCREMENT table>": <sqlite_sequence.seq>, ...}},
//    "parent": [ {"id": 1, "name": "..."}, ... ],
//    "child":  [ ... ] }
//
// One row object per line, tables parents first. Values (see JsonValue.h): integers as JSON numbers
// with every digit (exact beyond 2^53), reals with '.' or an exponent and the shortest digits that
// read back to the same double, text as strings, NULL as null, BLOB as {"$blob": "<base64>"} and TEXT
// that is not valid UTF-8 as {"$textBytes": "<base64>"}, infinite REALs as {"$real": "Infinity"} or
// {"$real": "-Infinity"} (JSON numbers cannot be infinite). A JSON backup holds data, not schema: views,
// triggers and indexes are not in it, and it restores into a database that already has the tables.
#include "BackupSummaries.h"
#include "core/Connection.h"

namespace sluice {

class JobControl;

// Writes every table's rows from one read transaction (a consistent snapshot while others write),
// row by row (memory stays flat), to a temporary file that is fsync'd and renamed into place with
// mode 0600. `destinationFile` must not exist; an existing folder gets "<db>-<UTC timestamp>.json".
Result<ExportSummary> writeJsonBackup(Connection& source, const QString& destinationFile,
                                      JobControl* control = nullptr);

// Replaces the rows of every table in the backup, in one transaction: the whole file is checked
// first (syntax, tables and columns exist), then, with foreign-key enforcement off for the restore
// (so emptying a parent never cascades into tables the file does not hold; put back afterwards and
// replaced by a full foreign_key_check before commit), rows are deleted children first and inserted
// parents first, and each AUTOINCREMENT table's sqlite_sequence is set to the larger of its
// restored max id and the sequence recorded in the backup. Triggers on the restored tables do not
// fire: the backup already holds what they wrote when the rows were first made, so they are
// dropped and recreated inside the transaction. Any problem (truncated file, unknown table or
// column, a value SQLite refuses, a constraint or foreign-key violation) rolls everything back and
// names the table and row. Tables of the database that the backup lacks keep their rows (warned).
Result<ImportSummary> restoreJsonBackup(Connection& live, const QString& file, JobControl* control = nullptr);

// Reads the whole file back as the restore would (every row decoded, nothing written anywhere) and
// returns the rows per table in file order: how a JSON backup is verified after it is written.
Result<QList<QPair<QString, qint64>>> readJsonBackupRowCounts(const QString& file,
                                                              JobControl* control = nullptr);

} // namespace sluice
