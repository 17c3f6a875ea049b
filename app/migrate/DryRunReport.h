#pragma once
// Text and JSON faces of the Review's results, for `sluice migrate --dry-run [--json]` and tests.
#include "DryRun.h"
#include "MigrationLint.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace sluice {

// A plain-text account for a terminal: Sluice's result, row counts that changed, problems found,
// the schema objects that changed, and what drizzle-orm's migrator would do differently.
QString formatDryRunReport(const DryRunResult& result);
QJsonObject dryRunToJson(const DryRunResult& result);

// One line per finding: "0004_x.sql:3: danger [rebuild-cascade] title — explanation".
QString formatLintFindings(const QList<LintFinding>& findings, const QList<MigrationSource>& migrations);
QJsonArray lintFindingsToJson(const QList<LintFinding>& findings, const QList<MigrationSource>& migrations);

} // namespace sluice
