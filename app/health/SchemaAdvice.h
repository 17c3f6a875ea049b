#pragma once
// Advice on a schema: each finding with its severity, why it matters, and the SQL that fixes it. The
// SQL is a plan for the migration review to show and run; nothing here runs it.
#include "HealthSeverity.h"
#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

class Connection;
class JobControl;

struct AdviceFinding
{
    // Stable identifiers:
    //  "fk-without-index"   (warning) a foreign key's child columns lead no index: every delete or key
    //                       update in the parent scans the whole child table. Fix: CREATE INDEX.
    //  "fk-parent-not-unique" (error) the parent columns are neither its primary key nor UNIQUE: SQLite
    //                       reports "foreign key mismatch" on every write to the child. Fix: CREATE
    //                       UNIQUE INDEX on the parent (fails if the parent holds duplicates).
    //  "no-primary-key"     (warning) a rowid table without a declared key: rows have no stable
    //                       identity (VACUUM may renumber rowids). No SQL: only the author knows the key.
    //  "autoincrement"      (info) AUTOINCREMENT on an INTEGER PRIMARY KEY: every insert also reads and
    //                       writes sqlite_sequence. Only needed when ids must never be reused after the
    //                       highest row is deleted. Fix: the table rebuild of DESIGN §5 without it.
    //  "text-dates"         (info) a column whose sampled values are all ISO-8601 date text. No SQL:
    //                       changing the storage changes what the application reads; advice only.
    QString code;
    HealthSeverity severity = HealthSeverity::Info;
    QString table;
    QStringList columns;
    QString title;       // one line: "comments.post_id has no index"
    QString explanation; // why it matters, and what the fix does (or why there is no SQL)
    QString fixSql;      // statements separated by ";\n", ready for the migration review; "" when none
    QStringList samples; // example values behind the finding (text-dates)
};

// Reads the schema from `connection` and samples column values (a few rows per text column).
Result<QList<AdviceFinding>> adviseSchema(Connection& connection, JobControl* control = nullptr);

} // namespace sluice
