#pragma once
// Helpers for the Review tests: migrations as MigrationSource values (read the way drizzle-orm
// reads them) and the demo database built by resources/demo/make-demo-db.py.
#include "migrate/MigrationSource.h"
#include "schema/Schema.h"

#include <QList>
#include <QString>

namespace sluice::test {

// A migration from SQL text ("--> statement-breakpoint" separates chunks).
MigrationSource migrationFromSql(const QString& name, const QString& sql, qint64 createdAt = 1);
// Demo migrations by tag, read from resources/demo/drizzle with their journal `when`.
QList<MigrationSource> demoMigrations(const QStringList& tags);
// Builds the demo database at `path` with the last `pending` migrations left out.
void makeDemoDb(const QString& path, int pending = 2);
// The schema of a database file.
Schema schemaOf(const QString& path);

} // namespace sluice::test
