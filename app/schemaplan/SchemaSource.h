#pragma once
// Where a schema to compare comes from: a SQLite database file (read-only), a `.sql` script run
// into a private in-memory database (so SQLite itself parses it and reports errors with a line),
// or a drizzle-kit snapshot (see DrizzleSnapshotSchema.h).
#include "core/Result.h"
#include "schema/Schema.h"

namespace sluice {

struct LoadedSchema
{
    enum class Kind { Database, SqlScript, DrizzleSnapshot };
    Kind kind = Kind::Database;
    QString path;
    Schema schema;
    // Drizzle does not order columns, so neither does a comparison with a snapshot.
    bool columnOrderMatters() const { return kind != Kind::DrizzleSnapshot; }
};

// The kind is recognised from the content (the SQLite header), not the file name.
Result<LoadedSchema> loadSchemaSource(const QString& path);

// Runs `script` statement by statement in a fresh in-memory database and reads its schema. An error
// names `fileName` and the 1-based line of the failing statement.
Result<Schema> schemaFromScript(const QString& script, const QString& fileName = {});

} // namespace sluice
