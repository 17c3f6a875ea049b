#pragma once
// What a new row shows before the person types anything ("column defaults pre-filled").
// Only constant DEFAULTs are evaluated (a literal, possibly signed or in parentheses: 0, 'viewer',
// -1.5, X'00', NULL, TRUE): evaluating CURRENT_TIMESTAMP, random() or (strftime('%s','now')) now
// would freeze a moment that SQLite should take at insert, so those are reported as "set by SQLite
// at insert" with their expression, and the inserted row leaves them out. Generated columns and
// the rowid alias (including AUTOINCREMENT) are always left to SQLite.
#include "SqlValue.h"
#include "core/Connection.h"
#include "schema/Schema.h"

namespace sluice {

struct InsertDefault
{
    enum class Kind {
        Value,    // a constant: pre-fill `value` (it is what SQLite would store)
        AtInsert, // an expression evaluated by SQLite at insert: show `expression`, leave the column out
        Assigned, // rowid alias / AUTOINCREMENT / generated: SQLite assigns it
        None      // no DEFAULT: NULL unless the person sets it
    };
    QString column;
    Kind kind = Kind::None;
    SqlValue value;
    QString expression;
};

// One entry per column of the table, in column order (hidden columns excluded).
Result<QList<InsertDefault>> insertDefaults(Connection& connection, const Table& table);

// Whether a DEFAULT expression is a constant literal (see above).
bool isConstantDefault(const QString& defaultSql);

} // namespace sluice
