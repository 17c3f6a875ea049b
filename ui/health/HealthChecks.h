#pragma once
// The Health menu's checks as reports for the Health dock. Each runs on a worker's connection,
// reports progress through `control`, and stops when it is cancelled (the worker interrupts the
// running statement).
#include "HealthReport.h"
#include "core/Connection.h"

namespace sluice {
class JobControl;
struct Schema;
} // namespace sluice

namespace sluice::ui {

// `PRAGMA integrity_check(maxErrors)` or `quick_check(maxErrors)`: "ok" or the problems found.
Result<HealthReport> integrityReport(Connection& c, JobControl& control, bool quick, int maxErrors = 100);

// Each row of `PRAGMA foreign_key_check` with its constraint spelled out ("comments.post_id →
// posts.id"); a double-click on one shows the row.
Result<HealthReport> foreignKeyReport(Connection& c, JobControl& control, int maxRows = 10000);

// File, page and journal facts, and each table's and index's size when SQLite has `dbstat`.
Result<HealthReport> statisticsReport(Connection& c, JobControl& control);

// The Drizzle migrations table against the project's migrations folder (which migrations are
// applied, edited after being applied, recorded without a file, skipped forever).
Result<HealthReport> migrationsTableReport(Connection& c, JobControl& control);

// What VACUUM would give back: the free pages' bytes (freelist_count × page_size).
Result<qint64> vacuumReclaimableBytes(Connection& c);

enum class Maintenance { Vacuum, Analyze, Optimize };
Result<HealthReport> maintenanceReport(Connection& c, JobControl& control, Maintenance what);

// Findings about the schema, each with the SQL that would fix it (not run here).
Result<HealthReport> schemaAdviceReport(Connection& c, JobControl& control);

} // namespace sluice::ui
