#pragma once
// What "the same schema" means for the schema planner: each object reduced to canonical lines that
// keep everything SQLite enforces (column order, types, NOT NULL, DEFAULT, primary key, COLLATE,
// GENERATED, CHECK, UNIQUE, foreign keys and their actions, WITHOUT ROWID, STRICT, AUTOINCREMENT,
// index terms and WHERE, view and trigger bodies) and nothing it ignores (quoting, whitespace,
// keyword and identifier case, constraint names, the table name's spelling inside its own CREATE).
#include "schema/Schema.h"

#include <QStringList>

namespace sluice {

QString columnShape(const Column& column);
// One line per column (in order), then the table-level facts in a stable order.
// `ignoreColumnOrder`: columns sorted by name instead (for Drizzle snapshots, which do not order them).
QStringList tableShape(const Table& table, bool ignoreColumnOrder = false);
// An explicit index's terms, uniqueness and WHERE (not its table's name, which a rename changes).
QString indexShape(const Index& index);
// Every user object of the schema ("table users: …", "index …", "view …", "trigger …"), sorted:
// two schemas are equal for the planner exactly when these lists are equal.
QStringList schemaShape(const Schema& schema, bool ignoreColumnOrder = false);

} // namespace sluice
