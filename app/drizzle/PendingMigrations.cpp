#include "PendingMigrations.h"

#include "MigrationsTableUpgrade.h"
#include "core/Connection.h"

#include <QSet>

namespace sluice {

namespace {

const QString kDeciding = QStringLiteral("Deciding which migrations are pending");

} // namespace

QStringList PendingRun::names() const
{
    QStringList out;
    for (const MigrationSource& m : pending)
        out << m.name;
    return out;
}

QList<MigrationSource> journalPendingMigrations(const QList<MigrationSource>& journalOrder,
                                                std::optional<double> lastCreatedAt)
{
    QList<MigrationSource> out;
    for (const MigrationSource& m : journalOrder)
        if (!lastCreatedAt || *lastCreatedAt < double(m.createdAt)) // NaN compares false
            out << m;
    return out;
}

Result<PendingRun> pendingRun(const MigrationFolder& folder, const AppliedMigrations& applied)
{
    // drizzle-orm reads every file before it looks at the database: a missing or unreadable one stops it.
    for (const FolderProblem& p : folder.problems)
        if (p.kind == FolderProblem::Kind::EntryWithoutFile || p.kind == FolderProblem::Kind::UnreadableFile)
            return DbError::plain(kDeciding, p.message, QStringLiteral("Nothing was changed."), p.file);

    PendingRun run;
    run.planOptions.migrationsTable = applied.table;
    if (folder.layout == MigrationLayout::Journal) {
        run.pending = journalPendingMigrations(
            folder.migrations, applied.rows.isEmpty() ? std::nullopt : applied.lastCreatedAtNumber);
        return run;
    }

    run.planOptions.bookkeeping = DrizzleBookkeeping::V1;
    QSet<QString> recorded;
    if (applied.hasNameColumn) {
        for (const AppliedRow& r : applied.rows)
            if (!r.name.isNull() && !r.name.isEmpty())
                recorded.insert(r.name);
    } else if (applied.tableExists) {
        const MigrationsTableUpgrade upgrade = planMigrationsTableUpgrade(folder.migrations, applied);
        if (const QString why = upgrade.refusal(applied); !why.isEmpty())
            return DbError::plain(kDeciding, why, QStringLiteral("Nothing was changed."), folder.path);
        for (const LegacyRowMatch& m : upgrade.matches)
            recorded.insert(m.name);
        run.planOptions.tableUpgrade = upgrade.statements(applied.table);
    }
    for (const MigrationSource& m : folder.migrations)
        if (!recorded.contains(m.name))
            run.pending << m;
    return run;
}

Status recheckPending(Connection& connection, const MigrationFolder& folder, const QString& table,
                      const QStringList& expected)
{
    auto applied = readAppliedMigrations(connection, table);
    if (!applied)
        return applied.error();
    auto now = pendingRun(folder, *applied);
    if (!now)
        return now.error();
    const QStringList names = now->names();
    if (names == expected)
        return {};
    QStringList gone;
    for (const QString& n : expected)
        if (!names.contains(n))
            gone << n;
    QStringList added;
    for (const QString& n : names)
        if (!expected.contains(n))
            added << n;
    QString what;
    if (!gone.isEmpty())
        what = QStringLiteral("%1 of the %2 pending migration(s) were applied by someone else after Sluice "
                              "read %3 (%4)")
                   .arg(gone.size())
                   .arg(expected.size())
                   .arg(table, gone.join(QStringLiteral(", ")));
    else
        what = QStringLiteral("%1 changed after Sluice read it: now pending: %2")
                   .arg(table, added.isEmpty() ? names.join(QStringLiteral(", "))
                                               : added.join(QStringLiteral(", ")));
    DbError e = DbError::plain(
        QStringLiteral("Checking the migrations table under the write lock"), what,
        QStringLiteral(
            "Another process (a deploy, drizzle-kit migrate, a second Sluice) migrated the database "
            "meanwhile; applying now would run migrations twice. Look at the status again and "
            "apply what is still pending."),
        connection.path());
    return e;
}

} // namespace sluice
