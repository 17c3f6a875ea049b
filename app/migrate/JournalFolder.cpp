#include "JournalFolder.h"

#include "drizzle/AppliedMigrations.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/PendingMigrations.h"

namespace sluice {

Result<MigrationSource> readMigrationFile(const QString& path, const QString& name, qint64 createdAt)
{
    return readDrizzleMigrationFile(path, name, createdAt);
}

Result<QList<MigrationSource>> readJournalFolder(const QString& folder)
{
    auto read = readMigrationFolder(folder);
    if (!read)
        return read.error();
    for (const FolderProblem& p : read->problems)
        if (p.kind == FolderProblem::Kind::EntryWithoutFile || p.kind == FolderProblem::Kind::UnreadableFile)
            return DbError::plain(QStringLiteral("Reading the migrations folder"), p.message, {}, p.file);
    return read->migrations;
}

Result<std::optional<double>> lastAppliedCreatedAt(Connection& connection, const QString& table)
{
    auto applied = readAppliedMigrations(connection, table);
    if (!applied)
        return applied.error();
    return applied->lastCreatedAtNumber;
}

QList<MigrationSource> pendingMigrations(const QList<MigrationSource>& all,
                                         std::optional<double> lastCreatedAt)
{
    return journalPendingMigrations(all, lastCreatedAt);
}

} // namespace sluice
