#pragma once
#include "StatementResult.h"
#include "core/Result.h"

namespace sluice {

class Connection;
class JobControl;

// Runs an editor script on a connection, one statement at a time, with the statement boundaries
// and lines of splitStatements(). Stops at the first error: the statements before it keep their
// effects exactly as SQLite leaves them (in autocommit each one is already committed; inside a
// BEGIN the transaction stays open, unless SQLite itself rolled it back, and transactionOpen says so).
//
// Needs the raw sqlite3 handle (column storage classes, sqlite3_changes, error offsets); without it
// the result carries a DbError saying why. No statement stays open after it returns, so no read
// transaction is left behind in autocommit. Cancellation: JobControl (DbWorker::cancel) between
// statements, sqlite3_interrupt / the progress handler inside one; reported as SQLITE_INTERRUPT.
ScriptResult runScript(Connection& connection, const QString& script, const RunOptions& options = {},
                       const JobControl* control = nullptr);

// Ends the transaction a script left open.
enum class TransactionEnd { Commit, Rollback };
Status endTransaction(Connection& connection, TransactionEnd how);

// Whether the connection is inside a transaction (not in autocommit).
bool isInTransaction(Connection& connection);

} // namespace sluice
