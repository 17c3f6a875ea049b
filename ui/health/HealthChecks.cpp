#include "HealthChecks.h"

#include "health/DatabaseStatistics.h"
#include "health/ForeignKeyCheck.h"
#include "health/IntegrityCheck.h"
#include "health/Maintenance.h"
#include "health/MigrationTableCheck.h"
#include "health/SchemaAdvice.h"
#include "worker/DbWorker.h"

#include <QFileInfo>
#include <QLocale>

namespace sluice::ui {

namespace {

QString bytes(qint64 n)
{
    return QStringLiteral("%1 (%2 bytes)").arg(QLocale::c().formattedDataSize(n)).arg(n);
}

} // namespace

Result<HealthReport> integrityReport(Connection& c, JobControl& control, bool quick, int maxErrors)
{
    HealthReport r;
    r.title = quick ? QStringLiteral("Quick Check") : QStringLiteral("Integrity Check");
    IntegrityOptions options;
    options.quick = quick;
    options.maxErrors = qMax(1, maxErrors);
    auto report = checkIntegrity(c, options, &control);
    if (!report)
        return report.error();
    r.columns = {QStringLiteral("Result")};
    if (report->ok())
        r.rows << HealthRow{{QStringLiteral("ok")}, {}, {}, {}, {}};
    for (const QString& problem : report->problems)
        r.rows << HealthRow{{problem}, {}, {}, {}, {}};
    r.problems = !report->ok();
    r.summary = report->ok()
                    ? QStringLiteral("ok — no problems found (%1 ms).").arg(report->elapsedMs)
                    : QStringLiteral("%1. Restore a backup (File ▸ Restore from Backup…), or copy the data "
                                     "out and check the copy.")
                          .arg(report->summary());
    return r;
}

Result<HealthReport> foreignKeyReport(Connection& c, JobControl& control, int maxRows)
{
    HealthReport r;
    r.title = QStringLiteral("Foreign Key Check");
    r.columns = {QStringLiteral("Table"), QStringLiteral("Rowid"), QStringLiteral("Parent table"),
                 QStringLiteral("Constraint")};
    ForeignKeyCheckOptions options;
    options.maxRows = qMax(1, maxRows);
    auto report = checkForeignKeys(c, options, &control);
    if (!report)
        return report.error();
    for (const ForeignKeyCheckViolation& v : report->violations) {
        HealthRow line;
        line.cells = {v.table, v.rowid ? QString::number(*v.rowid) : QStringLiteral("(no rowid)"),
                      v.parentTable, v.constraintText()};
        line.table = v.table;
        if (v.rowid)
            line.rowid = *v.rowid;
        r.rows << line;
    }
    r.problems = !report->ok();
    r.summary =
        report->ok()
            ? QStringLiteral("ok — every foreign key points at an existing row.")
            : QStringLiteral("%1. Double-click one to see it in the Data tab.").arg(report->summary());
    return r;
}

Result<HealthReport> statisticsReport(Connection& c, JobControl& control)
{
    HealthReport r;
    r.title = QStringLiteral("Database Statistics");
    r.columns = {QStringLiteral("Item"), QStringLiteral("Value")};
    auto stats = readDatabaseStatistics(c, {}, &control);
    if (!stats)
        return stats.error();
    auto add = [&r](const QString& item, const QString& value) {
        r.rows << HealthRow{{item, value}, {}, {}, {}, {}};
    };
    add(QStringLiteral("File"), stats->path);
    add(QStringLiteral("File size"), bytes(stats->fileSize));
    add(QStringLiteral("Page size"), QString::number(stats->pageSize));
    add(QStringLiteral("Page count"), QString::number(stats->pageCount));
    add(QStringLiteral("Free pages"), QStringLiteral("%1 (%2 reclaimable by VACUUM)")
                                          .arg(stats->freelistCount)
                                          .arg(QLocale::c().formattedDataSize(stats->freelistBytes())));
    add(QStringLiteral("Journal mode"), stats->journalMode);
    add(QStringLiteral("WAL file size"),
        stats->walSize >= 0 ? bytes(stats->walSize) : QStringLiteral("no WAL file"));
    add(QStringLiteral("Auto-vacuum"), stats->autoVacuumName());
    add(QStringLiteral("Encoding"), stats->encoding);
    add(QStringLiteral("user_version"), QString::number(stats->userVersion));
    add(QStringLiteral("application_id"), QString::number(stats->applicationId));
    add(QStringLiteral("SQLite version"), stats->sqliteVersion);
    if (!stats->dbstatAvailable)
        add(QStringLiteral("Per-table sizes"), stats->dbstatNote);
    for (const ObjectSize& o : stats->objects)
        add(QStringLiteral("Size of %1%2").arg(o.isIndex ? QStringLiteral("index ") : QString(), o.name),
            QStringLiteral("%1 in %2 page(s)").arg(QLocale::c().formattedDataSize(o.bytes)).arg(o.pages));
    r.summary = QStringLiteral("%1 pages of %2 bytes; %3 free.")
                    .arg(stats->pageCount)
                    .arg(stats->pageSize)
                    .arg(stats->freelistCount);
    return r;
}

Result<HealthReport> migrationsTableReport(Connection& c, JobControl& control)
{
    HealthReport r;
    r.title = QStringLiteral("Migrations Table");
    r.columns = {QStringLiteral("Severity"), QStringLiteral("Migration"), QStringLiteral("Finding")};
    control.progress(0, 0, QStringLiteral("Reading the migrations…"));
    auto where = findMigrationsFor(c.path());
    if (!where)
        return where.error();
    if (!*where) {
        r.summary =
            QStringLiteral("No Drizzle project found beside or above this database (no drizzle.config): "
                           "nothing to validate.");
        return r;
    }
    auto report = validateMigrationTable(c, **where);
    if (!report)
        return report.error();
    for (const MigrationTableFinding& f : report->findings)
        r.rows << HealthRow{{healthSeverityName(f.severity), f.migration, f.message}, {}, {}, {}, {}};
    r.problems = !report->ok();
    r.summary = QStringLiteral("%1 (table %2, folder %3).")
                    .arg(report->summary(), report->table, report->location.migrationsDir);
    return r;
}

Result<qint64> vacuumReclaimableBytes(Connection& c)
{
    auto estimate = estimateVacuum(c);
    if (!estimate)
        return estimate.error();
    return estimate->reclaimBytes;
}

Result<HealthReport> maintenanceReport(Connection& c, JobControl& control, Maintenance what)
{
    HealthReport r;
    r.title = what == Maintenance::Vacuum    ? QStringLiteral("VACUUM")
              : what == Maintenance::Analyze ? QStringLiteral("ANALYZE")
                                             : QStringLiteral("Optimize");
    auto done = what == Maintenance::Vacuum    ? runVacuum(c, &control)
                : what == Maintenance::Analyze ? runAnalyze(c, &control)
                                               : runOptimize(c, &control);
    if (!done)
        return done.error();
    r.columns = {QStringLiteral("Item"), QStringLiteral("Value")};
    r.rows << HealthRow{{QStringLiteral("Statement"), done->operation}, {}, {}, {}, {}};
    r.rows << HealthRow{
        {QStringLiteral("Time"), QStringLiteral("%1 ms").arg(done->elapsedMs)}, {}, {}, {}, {}};
    r.rows << HealthRow{{QStringLiteral("File size before"), bytes(done->sizeBefore)}, {}, {}, {}, {}};
    r.rows << HealthRow{{QStringLiteral("File size after"), bytes(done->sizeAfter)}, {}, {}, {}, {}};
    r.summary = QStringLiteral("Done: %1").arg(done->summary);
    return r;
}

Result<HealthReport> schemaAdviceReport(Connection& c, JobControl& control)
{
    HealthReport r;
    r.title = QStringLiteral("Schema Advice");
    r.columns = {QStringLiteral("Table"), QStringLiteral("Severity"), QStringLiteral("Finding"),
                 QStringLiteral("Why")};
    auto findings = adviseSchema(c, &control);
    if (!findings)
        return findings.error();
    for (const AdviceFinding& f : *findings) {
        HealthRow row;
        row.cells = {f.table, healthSeverityName(f.severity), f.title, f.explanation};
        row.fixSql = f.fixSql;
        row.fixTitle = f.title;
        r.rows << row;
    }
    r.problems = !findings->isEmpty();
    r.summary = findings->isEmpty()
                    ? QStringLiteral("No advice: the schema looks fine.")
                    : QStringLiteral("%1 finding(s). Select one with a fix and press Review Fix to "
                                     "see its SQL; nothing is run from here.")
                          .arg(findings->size());
    return r;
}

} // namespace sluice::ui
