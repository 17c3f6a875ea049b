#include "MigrationTableCheck.h"

#include "core/Connection.h"
#include "drizzle/AppliedMigrations.h"
#include "drizzle/DrizzleProject.h"
#include "drizzle/MigrationFolder.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace sluice {

namespace {

MigrationTableFinding finding(HealthSeverity severity, const QString& code, const QString& message,
                              qint64 rowid = 0, const QString& migration = {})
{
    return MigrationTableFinding{severity, code, message, rowid, migration};
}

// The rows themselves, whatever the folder says: drizzle-orm trusts `created_at` blindly.
void checkRows(const AppliedMigrations& applied, QList<MigrationTableFinding>& out)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const AppliedRow& row : applied.rows) {
        const QString label = row.name.isEmpty() ? QStringLiteral("row %1").arg(row.rowid)
                                                 : QStringLiteral("row %1 (%2)").arg(row.rowid).arg(row.name);
        if (row.hash.isEmpty())
            out.append(
                finding(HealthSeverity::Info, QStringLiteral("hash-empty"),
                        QStringLiteral("%1 records no hash (expo / op-sqlite migrators leave it empty): "
                                       "an edited migration file cannot be detected for it.")
                            .arg(label),
                        row.rowid, row.name));
        else if (!hex.match(row.hash).hasMatch())
            out.append(finding(HealthSeverity::Error, QStringLiteral("hash-malformed"),
                               QStringLiteral("%1 has hash “%2”, which is not 64 lowercase hex digits (a "
                                              "sha256): the row was not written by a drizzle migrator.")
                                   .arg(label, row.hash.left(80)),
                               row.rowid, row.name));
        if (!row.createdAtInteger())
            out.append(
                finding(HealthSeverity::Error, QStringLiteral("created-at-not-numeric"),
                        QStringLiteral(
                            "%1 has created_at %2, not a number: drizzle-orm compares the newest created_at "
                            "with each migration's timestamp, and with this value it decides wrongly "
                            "which migrations to run (NULL counts as 0, text as NaN).")
                            .arg(label, row.createdAt.isNull()
                                            ? QStringLiteral("NULL")
                                            : QStringLiteral("“%1”").arg(row.createdAt.toString())),
                        row.rowid, row.name));
    }
}

} // namespace

bool MigrationTableReport::ok() const
{
    for (const MigrationTableFinding& f : findings)
        if (f.severity != HealthSeverity::Info)
            return false;
    return true;
}

QString MigrationTableReport::summary() const
{
    int problems = 0;
    for (const MigrationTableFinding& f : findings)
        if (f.severity != HealthSeverity::Info)
            ++problems;
    const QString counts = QStringLiteral("%1 applied, %2 pending")
                               .arg(status.count(MigrationState::Applied))
                               .arg(status.count(MigrationState::Pending));
    if (problems == 0)
        return QStringLiteral("ok: ") + counts;
    return QStringLiteral("%1 problem%2 (%3)").arg(problems).arg(problems == 1 ? "" : "s", counts);
}

Result<std::optional<MigrationsLocation>>
findMigrationsFor(const QString& dbPath, const QString& migrationsDir, const QString& table)
{
    if (migrationsDir.isEmpty() && findDrizzleProjectDir(QFileInfo(dbPath).absolutePath()).isEmpty())
        return std::optional<MigrationsLocation>();
    auto location = locateMigrations(dbPath, migrationsDir, table, false);
    if (!location)
        return location.error();
    return std::optional<MigrationsLocation>(*location);
}

Result<MigrationTableReport> validateMigrationTable(Connection& connection,
                                                    const MigrationsLocation& location)
{
    MigrationTableReport report;
    report.location = location;
    report.table = location.table;
    auto folder = readMigrationFolder(location.migrationsDir);
    if (!folder)
        return folder.error();
    auto applied = readAppliedMigrations(connection, location.table);
    if (!applied)
        return applied.error();
    report.tableExists = applied->tableExists;
    report.rowCount = int(applied->rows.size());
    report.status = computeMigrationStatus(*folder, *applied);

    if (!applied->tableExists)
        report.findings.append(finding(HealthSeverity::Info, QStringLiteral("table-missing"),
                                       QStringLiteral("The database has no %1 table: no migration has been "
                                                      "applied to it yet.")
                                           .arg(location.table)));
    checkRows(*applied, report.findings);

    for (const MigrationStatusItem& item : report.status.items) {
        const QString name = item.name.isEmpty() ? QStringLiteral("row %1").arg(item.rowid) : item.name;
        auto add = [&](HealthSeverity severity, const QString& code, const QString& what) {
            report.findings.append(finding(severity, code,
                                           item.detail.isEmpty()
                                               ? QStringLiteral("%1: %2").arg(name, what)
                                               : QStringLiteral("%1: %2").arg(name, item.detail),
                                           item.rowid, item.name));
        };
        switch (item.state) {
        case MigrationState::Applied:
        case MigrationState::FileWithoutJournalEntry: // reported by the folder's own problems
            break;
        case MigrationState::Pending:
            add(HealthSeverity::Info, QStringLiteral("pending"), QStringLiteral("not applied yet."));
            break;
        case MigrationState::AppliedButEdited:
            add(HealthSeverity::Warning, QStringLiteral("applied-but-edited"),
                QStringLiteral(
                    "applied, but the file changed since (its hash differs from the recorded one)."));
            break;
        case MigrationState::RecordedButMissing:
            add(HealthSeverity::Warning, QStringLiteral("recorded-but-missing"),
                QStringLiteral("recorded as applied, but no migration file matches it."));
            break;
        case MigrationState::OutOfOrder:
            add(HealthSeverity::Warning, QStringLiteral("out-of-order"),
                QStringLiteral("older than the newest applied migration: drizzle-orm will never apply it."));
            break;
        case MigrationState::JournalEntryWithoutFile:
            add(HealthSeverity::Error, QStringLiteral("journal-entry-without-file"),
                QStringLiteral(
                    "in the journal but its .sql file is missing: drizzle-orm's migrate stops on it."));
            break;
        }
    }
    for (const FolderProblem& p : report.status.problems)
        report.findings.append(finding(HealthSeverity::Warning, QStringLiteral("folder-problem"),
                                       QStringLiteral("%1: %2").arg(folderProblemKindName(p.kind), p.message),
                                       0, p.name));
    return report;
}

} // namespace sluice
