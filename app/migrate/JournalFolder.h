#pragma once
// Deprecated forwarders kept only for tests/migrate/MigrateTestSupport.cpp and tst_planrunner.cpp,
// which this change may not edit: the one reader of migration folders is readMigrationFolder()
// (app/drizzle/MigrationFolder.h) and the one pending rule is app/drizzle/PendingMigrations.h.
// Delete this file once those two tests call them directly.
#include "MigrationSource.h"
#include "core/Connection.h"

#include <optional>

namespace sluice {

// readDrizzleMigrationFile().
Result<MigrationSource> readMigrationFile(const QString& path, const QString& name, qint64 createdAt);

// readMigrationFolder()'s migrations of a journal folder; fails where drizzle-orm would stop.
Result<QList<MigrationSource>> readJournalFolder(const QString& folder);

// readAppliedMigrations()'s lastCreatedAtNumber; nullopt when the table is missing or empty.
Result<std::optional<double>>
lastAppliedCreatedAt(Connection& connection, const QString& table = QStringLiteral("__drizzle_migrations"));

// journalPendingMigrations().
QList<MigrationSource> pendingMigrations(const QList<MigrationSource>& all,
                                         std::optional<double> lastCreatedAt);

} // namespace sluice
