#pragma once
// A plan as text for people and other tools: a script the sqlite3 shell runs as it is, or the body
// of a Drizzle migration file.
#include "migrate/Plan.h"

namespace sluice {

// For the sqlite3 shell: `.bail on` so the first error stops the script (the open transaction is
// then rolled back when the shell exits); foreign keys off before BEGIN when the plan needs it,
// a foreign-key check that fails the script before COMMIT if the change left a dangling reference,
// and foreign keys back on after COMMIT. Bound values are written as SQL literals.
QString renderSqliteScript(const Plan& plan, const QString& header = {});

// For a Drizzle migrations folder: statements separated by `--> statement-breakpoint`, no
// BEGIN/COMMIT of its own (drizzle's migrator wraps every run in one), and the
// `PRAGMA foreign_keys=OFF/ON` pair drizzle-kit itself writes around table rebuilds (Sluice's
// runner hoists them out of the transaction; drizzle-orm's migrator ignores them inside it).
QString renderDrizzleMigration(const Plan& plan);

// A value as a SQL literal: NULL, integer, real, 'text' (quotes doubled), X'blob'.
QString sqlLiteral(const QVariant& value);

} // namespace sluice
