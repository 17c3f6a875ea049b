#pragma once
// Rows related through foreign keys, as things the GUI can open: a table plus a filter.
//  - parentLinks: for a cell of a foreign-key column, the parent table, column and value to open.
//  - childReferences: for a row, the rows of other tables (and of its own) that reference it,
//    grouped by child table and foreign key, each with a count.
// A foreign key without target columns refers to the parent's primary key (SQLite's rule).
#include "SqlValue.h"
#include "core/Connection.h"
#include "schema/Schema.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

class JobControl;

// Open `table` filtered by columns[i] = values[i] (all of them).
struct RelatedRows
{
    QString table;
    QStringList columns;
    SqlValueList values;
};

struct ParentLink
{
    int foreignKeyId = 0;
    RelatedRows target; // the parent table, filtered by its referenced column(s)
};

// The parent rows a child row's foreign-key cells point at (one per foreign key that `column` is
// part of). `row` gives the child row's values by column name (at least the key's columns). A key
// with a NULL in it references nothing and gives no link.
QList<ParentLink> parentLinks(const Schema& schema, const Table& child, const QString& column,
                              const QList<QPair<QString, SqlValue>>& row);

// The foreign keys of `child` that `column` is part of (the grid marks those cells as links).
QList<ForeignKey> foreignKeysOfColumn(const Table& child, const QString& column);

struct ChildReference
{
    QString childTable;
    int foreignKeyId = 0;
    QStringList childColumns; // the foreign key's columns in the child table
    QString onDelete;         // CASCADE, SET NULL, RESTRICT, NO ACTION …
    qint64 count = 0;         // rows referencing the row
    RelatedRows open;         // child table filtered by childColumns = the parent row's key values
};

// Every foreign key in the schema that points at `parent`, with the number of rows of the child
// table that reference the row identified by `parentKeyValues` (the parent's values for the
// referenced columns are read from the row by `locatorWhere`). Keys with a count of 0 are listed
// too (the panel shows them greyed); each count is one indexed SELECT when the child has an index
// on its key columns, a scan otherwise: run it on a worker.
Result<QList<ChildReference>> childReferences(Connection& connection, const Schema& schema,
                                              const Table& parent, const SqlValueList& rowIdentity,
                                              JobControl* control = nullptr);

} // namespace sluice
