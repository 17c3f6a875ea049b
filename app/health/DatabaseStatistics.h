#pragma once
// Facts about one database file: sizes, page figures, settings, and per-table / per-index size.
#include "core/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace sluice {

class Connection;
class JobControl;

// One b-tree (table, index, or SQLite's own sqlite_schema …) as the dbstat virtual table measures it.
struct ObjectSize
{
    QString name;  // the b-tree's name (index name for an index)
    QString table; // the table it belongs to (itself for a table)
    bool isIndex = false;
    qint64 pages = 0;           // pages it occupies (overflow pages included)
    qint64 bytes = 0;           // pages × page size
    qint64 unusedBytes = 0;     // bytes inside those pages that hold nothing
    std::optional<qint64> rows; // count(*) for tables, when asked for (StatisticsOptions::rowCounts)
};

struct DatabaseStatistics
{
    QString path;
    qint64 fileSize = 0;
    qint64 walSize = -1; // the -wal file's size, -1 when there is none
    qint64 pageSize = 0;
    qint64 pageCount = 0;
    qint64 freelistCount = 0; // pages on the freelist (reusable; VACUUM gives them back to the disk)
    QString journalMode;      // "delete", "wal" …
    int autoVacuum = 0;       // PRAGMA auto_vacuum: 0 none, 1 full, 2 incremental
    QString encoding;         // "UTF-8" …
    qint64 userVersion = 0;
    qint64 applicationId = 0;
    QString sqliteVersion; // the library's, sqlite_version()

    // dbstat is a compile-time option of SQLite (SQLITE_ENABLE_DBSTAT_VTAB; Debian's library has it).
    bool dbstatAvailable = false;
    QString dbstatNote;        // why there are no object sizes, when there are none
    QList<ObjectSize> objects; // largest first; empty without dbstat or when not asked for

    qint64 freelistBytes() const { return freelistCount * pageSize; }
    QString autoVacuumName() const; // "none", "full", "incremental"
};

struct StatisticsOptions
{
    bool objectSizes = true; // read dbstat (reads every page of the file: run it on a worker)
    bool rowCounts = false;  // count(*) every table too (cost: a scan of each table's smallest index)
};

// Progress: dbstat's VM steps against an estimate from the page count; cancellable.
Result<DatabaseStatistics> readDatabaseStatistics(Connection& connection,
                                                  const StatisticsOptions& options = {},
                                                  JobControl* control = nullptr);

} // namespace sluice
