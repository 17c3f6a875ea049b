#pragma once
// Helpers for the migration tests: drizzle-style migration folders and canonical database digests.
#include "migrate/MigrationSource.h"

#include <QList>
#include <QPair>
#include <QString>

namespace sluice::test {

constexpr qint64 kFirstWhen = 1700000000000;

// Writes <root>/<tag>.sql for each (tag, sql) and meta/_journal.json (when = kFirstWhen + i*1000).
// Returns the folder.
QString writeMigrationsFolder(const QString& root, const QList<QPair<QString, QString>>& migrations);

// The migrations of a folder written by writeMigrationsFolder, read as drizzle-orm reads them.
QList<MigrationSource> migrationSources(const QString& folder);

// sha256 of `sqlite3 DB .dump` (schema + every row, in a canonical text form).
QByteArray dumpDigest(const QString& dbPath);
QString dumpText(const QString& dbPath);

} // namespace sluice::test
