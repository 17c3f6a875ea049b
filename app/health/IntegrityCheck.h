#pragma once
// PRAGMA integrity_check / quick_check with a cap on the problems reported, progress and cancel.
#include "core/Result.h"

#include <QStringList>

namespace sluice {

class Connection;
class JobControl;

struct IntegrityOptions
{
    bool quick = false;  // PRAGMA quick_check: skips the index-versus-table comparison (O(N) not O(N log N))
    int maxErrors = 100; // SQLite stops after this many problems (the pragma's argument); at least 1
};

struct IntegrityReport
{
    bool quick = false;
    int maxErrors = 100;
    // SQLite's messages, verbatim ("row 12 missing from index idx_x", "Page 7: btreeInitPage() returns
    // error code 11" …). Empty when the database is ok.
    QStringList problems;
    // SQLite stopped at maxErrors: there may be more.
    bool truncated = false;
    // Set when SQLite could not finish the check because the file is too damaged (SQLITE_CORRUPT while
    // reading the schema or a page): the database is corrupt, `problems` holds SQLite's message.
    bool aborted = false;
    qint64 elapsedMs = 0;

    bool ok() const { return problems.isEmpty(); }
    // One line: "ok", "3 problems", "100 problems (stopped at the limit of 100)".
    QString summary() const;
};

// Runs the check on `connection` (read-only is fine). Progress: CheckProgress's VM-step count against
// an estimate of page_count × a per-page step figure measured on typical tables (≈600 steps per page
// for integrity_check, ≈350 for quick_check). It is coarse: SQLite's first phase (walking every b-tree)
// is a single VM instruction during which the count stands still — about 10% of the time on a small
// database, more than half on a 1 GB one whose pages are not cached — and the per-page figure depends
// on row width and the number of indexes, so the bar may finish early (it is then held below 100%
// until the end) or jump at the end. Cancel works in both phases and returns
// DbWorker::cancelledError()-style SQLITE_INTERRUPT errors (DbError::isInterrupted()).
// Errors (could not run): the file is not a database, cannot be read, the job was cancelled.
Result<IntegrityReport> checkIntegrity(Connection& connection, const IntegrityOptions& options = {},
                                       JobControl* control = nullptr);

} // namespace sluice
