#pragma once
// A minimal reader of drizzle-kit's journal layout (`meta/_journal.json` + `<tag>.sql`) and
// drizzle-orm's pending rule, for `sluice migrate` until app/drizzle provides the full reader
// (both layouts, status, config discovery).
#include "MigrationSource.h"
#include "core/Connection.h"

#include <optional>

namespace sluice {

// One migration file read as drizzle-orm reads it: UTF-8 decode (invalid bytes → U+FFFD), sha256
// of the re-encoded text, chunks split at "--> statement-breakpoint".
Result<MigrationSource> readMigrationFile(const QString& path, const QString& name, qint64 createdAt);

// Every journal entry, in journal order (nothing is sorted, as in drizzle-orm).
Result<QList<MigrationSource>> readJournalFolder(const QString& folder);

// drizzle-orm's `SELECT … ORDER BY created_at DESC LIMIT 1` as JavaScript's Number() sees it;
// nullopt when the table is missing or empty (then every migration is pending).
Result<std::optional<double>>
lastAppliedCreatedAt(Connection& connection, const QString& table = QStringLiteral("__drizzle_migrations"));

// drizzle-orm's rule: with no row everything is pending, else entries whose `when` is newer than the
// newest recorded created_at (an older `when` is skipped forever).
QList<MigrationSource> pendingMigrations(const QList<MigrationSource>& all,
                                         std::optional<double> lastCreatedAt);

} // namespace sluice
