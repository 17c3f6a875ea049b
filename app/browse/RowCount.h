#pragma once
// How many rows a browse shows: an estimate that costs two index lookups, and the exact count
// (a scan: run it on a worker).
#include "RowQueryBuilder.h"
#include "core/Connection.h"

#include <optional>

namespace sluice {

struct RowidRange
{
    qint64 min = 0;
    qint64 max = -1;
    qint64 span() const { return max - min + 1; }
};

// min(rowid) and max(rowid) of a rowid table (each one b-tree lookup); nothing for other sources
// and for empty tables.
Result<std::optional<RowidRange>> readRowidRange(Connection& c, const RowSource& source);

// A cheap estimate of the unfiltered row count: the rowid span of a rowid table, else the row count
// ANALYZE stored in sqlite_stat1; nothing when neither is known.
std::optional<qint64> estimateRowCount(Connection& c, const RowSource& source);

// count(*) over the filtered rows.
Result<qint64> exactRowCount(Connection& c, const RowQueryBuilder& builder);

} // namespace sluice
