#pragma once
// Where a schema to compare comes from: a SQLite database file (read-only), or a `.sql` script run
// into a private in-memory database (so SQLite itself parses it and reports errors with a line).
#include "core/Result.h"
#include "schema/Schema.h"

namespace sluice {

struct LoadedSchema
{
    enum class Kind { Database, SqlScript };
    Kind kind = Kind::Database;
    QString path;
    Schema schema;
};

// The kind is recognised from the content (the SQLite header), not the file name.
Result<LoadedSchema> loadSchemaSource(const QString& path);

// Runs `script` statement by statement in a fresh in-memory database and reads its schema. An error
// names `fileName` and the 1-based line of the failing statement.
Result<Schema> schemaFromScript(const QString& script, const QString& fileName = {});

} // namespace sluice
