#pragma once
// PRAGMA foreign_key_check, with each violation's columns resolved for display and navigation.
#include "core/Result.h"

#include <QList>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace sluice {

class Connection;
class JobControl;

// (Not "ForeignKeyViolation": app/backup's RestoreService has a struct of that name in the same namespace.)
struct ForeignKeyCheckViolation
{
    QString table;               // the child table holding the row
    std::optional<qint64> rowid; // the row (none for a WITHOUT ROWID table)
    QString parentTable;         // the table the row should point at
    int fkIndex = 0;             // the constraint's id in pragma_foreign_key_list(table)
    QStringList childColumns;    // the constraint's columns in `table`
    // The parent columns it refers to; when the constraint names none, the parent's primary key.
    QStringList parentColumns;
    // The child columns' values in that row (empty when the row has no rowid).
    QVariantList childValues;

    // "comments.post_id → posts.id" (columns joined with ", " inside parentheses when several).
    QString constraintText() const;
};

struct ForeignKeyCheckOptions
{
    QString table;      // check only this table ("" = every table)
    int maxRows = 1000; // stop after this many violations; at least 1
};

struct ForeignKeyReport
{
    QList<ForeignKeyCheckViolation> violations; // in SQLite's order (table by table)
    bool truncated = false;                     // stopped at maxRows: there are more
    qint64 elapsedMs = 0;
    bool ok() const { return violations.isEmpty(); }
    QString summary() const; // "ok", "3 rows violate foreign keys", "… (stopped at 1000)"
};

// Works whatever PRAGMA foreign_keys is set to (the check reads the declared constraints). Cancellable
// between rows and within the pragma (CheckProgress; the total is unknown, so progress reports steps
// against 0). Read-only connections are fine.
Result<ForeignKeyReport> checkForeignKeys(Connection& connection, const ForeignKeyCheckOptions& options = {},
                                          JobControl* control = nullptr);

} // namespace sluice
