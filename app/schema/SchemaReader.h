#pragma once
#include "Schema.h"
#include "core/Result.h"

namespace sluice {

class Connection;

// Reads the schema of the connection's main database from sqlite_schema and the PRAGMA
// table-valued functions. A table whose details cannot be read (a damaged page, a virtual table
// whose module is missing) is still listed, with the problem in `problems`.
struct SchemaReadResult
{
    Schema schema;
    QStringList problems;
};
Result<SchemaReadResult> readSchema(Connection& connection);

// Exact row count of a table or view (may scan the whole table: call it on a worker).
Result<qint64> countRows(Connection& connection, const QString& tableOrView);

} // namespace sluice
