#pragma once
// A prepared statement on a connection's raw handle, reading and binding SqlValues exactly
// (int64 stays int64, BLOB stays bytes, NULL stays NULL). Qt Sql converts on the way; edits,
// conflict checks and exports need the values as SQLite holds them.
#include "SqlValue.h"
#include "core/Connection.h"

struct sqlite3_stmt;

namespace sluice {

class BoundStatement
{
public:
    // Prepares exactly one statement; check ok() / error().
    BoundStatement(Connection& connection, const QString& sql, const QString& operation);
    ~BoundStatement();
    BoundStatement(const BoundStatement&) = delete;
    BoundStatement& operator=(const BoundStatement&) = delete;

    bool ok() const { return m_stmt != nullptr; }
    const DbError& error() const { return m_error; }

    Status bind(const SqlValueList& values);
    Status bind(const QVariantList& values); // QVariants as SqlValue::fromVariant reads them
    // Steps once: true when a row is available, false when done; an error otherwise.
    Result<bool> step();
    // Steps to the end (for statements that return nothing of interest).
    Status run();
    Status reset();

    int columnCount() const;
    QString columnName(int i) const;
    SqlValue value(int i) const;

private:
    DbError fail(const QString& operation) const;
    Connection& m_connection;
    sqlite3_stmt* m_stmt = nullptr;
    QString m_sql;
    QString m_operation;
    DbError m_error;
};

} // namespace sluice
