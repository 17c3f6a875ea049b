#pragma once
// VACUUM, ANALYZE and PRAGMA optimize: the three maintenance operations that write. Each refuses on a
// read-only connection with a message, and runs on a worker with progress and cancel.
#include "core/Result.h"

#include <QString>

#include <optional>

namespace sluice {

class Connection;
class JobControl;

// What VACUUM would give back, and whether there is room to run it.
struct VacuumEstimate
{
    qint64 fileSize = 0;
    qint64 pageSize = 0;
    qint64 pageCount = 0;
    qint64 freelistPages = 0;
    // freelist pages × page size: what VACUUM certainly returns to the disk.
    qint64 reclaimBytes = 0;
    // Free space inside used pages (dbstat's `unused`, tables and indexes), when dbstat is available and
    // it was asked for. VACUUM rebuilds every b-tree densely, so part of this is returned too; it is an
    // upper bound, not a promise: rebuilt pages keep some room (index pages, cells that do not fit).
    std::optional<qint64> unusedInPagesBytes;
    // VACUUM writes a complete copy of the database to the temporary folder, then writes it back
    // through the rollback journal (or the WAL) beside the database: both places need about the
    // database's size free.
    qint64 requiredBytes = 0;
    qint64 freeBytesBesideDatabase = -1; // -1 when unknown
    qint64 freeBytesInTempFolder = -1;
    QString tempFolder;
    bool enoughDisk = true;
    QString diskNote; // why there is not enough room, naming the folder
};

// Reads the figures (and dbstat's unused bytes when `measureUnused`: a read of the whole file).
Result<VacuumEstimate> estimateVacuum(Connection& connection, bool measureUnused = false,
                                      JobControl* control = nullptr);

struct MaintenanceResult
{
    QString operation;     // "VACUUM", "ANALYZE", "PRAGMA optimize"
    qint64 sizeBefore = 0; // the database file's size (plus its WAL) before and after
    qint64 sizeAfter = 0;
    qint64 elapsedMs = 0;
    QString summary; // "VACUUM: 12.0 MB → 8.0 MB (4.0 MB reclaimed) in 1.2 s"
};

// VACUUM refuses (without touching the file) on a read-only connection, inside an open transaction,
// and when estimateVacuum says the disk is too full. A cancelled VACUUM is rolled back by SQLite and
// leaves the database as it was.
Result<MaintenanceResult> runVacuum(Connection& connection, JobControl* control = nullptr);
Result<MaintenanceResult> runAnalyze(Connection& connection, JobControl* control = nullptr);
// PRAGMA optimize (runs ANALYZE only where SQLite thinks it pays off; cheap).
Result<MaintenanceResult> runOptimize(Connection& connection, JobControl* control = nullptr);

} // namespace sluice
