#pragma once
// Small classifications of single statements that the planner and the runner both need.
#include <QString>

namespace sluice {

// The statement's first keyword when it controls transactions (BEGIN, COMMIT, END, ROLLBACK,
// SAVEPOINT, RELEASE), upper-cased; empty otherwise.
QString transactionControlKeyword(const QString& statement);

// For `PRAGMA [main.]foreign_keys = <value>`: 1 (on) or 0 (off); -1 when the statement is not an
// assignment of that pragma (reading it is harmless and returns -1).
int foreignKeysAssignment(const QString& statement);

} // namespace sluice
