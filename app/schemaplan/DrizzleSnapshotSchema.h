#pragma once
// A drizzle-kit snapshot (SQLite dialect: meta/NNNN_snapshot.json, versions 5 and 6, drizzle-kit 0.x;
// <timestamp>_<name>/snapshot.json, version 7, drizzle-kit 1.0) as a Schema:
// the snapshot is turned into the CREATE statements drizzle-kit would write for it (columns with
// their type, PRIMARY KEY, AUTOINCREMENT, NOT NULL, DEFAULT and GENERATED clauses; composite
// primary keys; foreign keys with their actions; UNIQUE and CHECK constraints; indexes with their
// WHERE; views) and those run in a private in-memory database, so the Schema comes from SQLite
// itself exactly as for a database file.
//
// Drizzle does not order columns: a column added to the middle of a TypeScript table is appended by
// ALTER TABLE ADD COLUMN. Comparisons against a snapshot therefore ignore column order.
#include "RenameHints.h"
#include "core/Result.h"
#include "schema/Schema.h"

namespace sluice {

struct SnapshotSchema
{
    Schema schema;
    QString script; // the CREATE statements it was built from
    RenameHints
        renames; // renames the snapshot records (_meta in v5/v6, renames in v7): drizzle-kit's answers
};

Result<SnapshotSchema> schemaFromDrizzleSnapshot(const QByteArray& json, const QString& fileName = {});

// True when the bytes look like a drizzle-kit snapshot (a JSON object with "dialect" and "tables"
// or "ddl").
bool looksLikeDrizzleSnapshot(const QByteArray& head);

} // namespace sluice
