#pragma once
// What typed text becomes as a staged value: the way SQLite's column affinity would store it, so
// the grid shows a staged 42 as the integer it will be. Empty text stays empty text (never NULL:
// NULL is set with its own action).
#include "edit/SqlValue.h"
#include "schema/Schema.h"

namespace sluice::ui {

SqlValue valueFromText(const QString& text, Affinity affinity);
// The value of a column's DEFAULT when it is a plain literal (42, -1.5, 'x', NULL, TRUE/FALSE);
// nothing for expressions (CURRENT_TIMESTAMP, (random())…), which are left to SQLite.
std::optional<SqlValue> literalDefault(const QString& defaultSql);
// The grid's display cell for a staged value.
Cell cellOf(const SqlValue& value);

} // namespace sluice::ui
