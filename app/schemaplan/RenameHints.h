#pragma once
// Renames cannot be guessed from two schemas: a column that disappears while a similar one appears
// may have been renamed or dropped-and-added, and only the person knows. The answers given (GUI
// dialog, `--rename users.name=full_name`, `--rename-table a=b`) travel as RenameHints; without
// one the planner drops and creates, and marks the data loss.
#include "core/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace sluice {

struct RenameHints
{
    QMap<QString, QString> tables; // old table name (lower case) → new name
    // table (its old or new name, lower case) → old column (lower case) → new column name
    QMap<QString, QMap<QString, QString>> columns;

    bool isEmpty() const { return tables.isEmpty() && columns.isEmpty(); }
    // "table.old=new" for columns, "old=new" for tables; a malformed one is an error naming it.
    static Result<RenameHints> parse(const QStringList& columnRenames, const QStringList& tableRenames);
};

// A pair the planner noticed but could not decide: offered to the person as "renamed from …?".
struct RenameCandidate
{
    enum class Kind { Table, Column };
    Kind kind = Kind::Column;
    QString table; // for a column: the table (target name)
    QString from;  // the name that disappears
    QString to;    // the name that appears
    // Why the two look alike, in words: "both TEXT, NOT NULL, default ''" or "3 of 4 columns in
    // common: id, name, email".
    QString reason;
};

} // namespace sluice
