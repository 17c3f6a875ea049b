#pragma once
// Editing the rows of a view through its INSTEAD OF triggers.
// SQLite refuses INSERT/UPDATE/DELETE on a view unless an INSTEAD OF trigger for that operation
// exists; the operations with a trigger are the only ones offered. A view has no rowid or key, so
// its rows are located by every column's loaded value (`"c1" IS ? AND "c2" IS ? …`, IS so NULLs
// match), and the applier refuses an edit whose values match more than one row of the view.
// The edit engine takes a Table: viewAsTable() gives one whose `sql` is the CREATE VIEW statement,
// which is how RowLocator and the applier tell a view from a table.
#include "StagedChanges.h"
#include "core/Connection.h"
#include "schema/Schema.h"

namespace sluice {

struct ViewWriteAccess
{
    bool insert = false;
    bool update = false;
    bool remove = false;

    bool any() const { return insert || update || remove; }
    bool allows(StagedEdit::Kind kind) const;
};

// Which INSTEAD OF triggers the view `view` has, from the triggers' CREATE statements.
ViewWriteAccess viewWriteAccess(const QList<Trigger>& triggers, const QString& view);
// The same read from the database (the applier checks it under its write lock).
Result<ViewWriteAccess> readViewWriteAccess(Connection& connection, const QString& view);

// A Table standing for the view in the edit engine: its columns (no types, no keys, no rowid).
Table viewAsTable(const View& view);
// Whether `table` came from viewAsTable (its CREATE statement is a CREATE VIEW).
bool isViewTable(const Table& table);

// Why the view's rows are read-only ("v has no INSTEAD OF triggers …"), or which operations are
// not offered; empty when all three are.
QString viewAccessText(const QString& view, const ViewWriteAccess& access);

} // namespace sluice
