#pragma once
// What an editor's text becomes once committed, by the column's editor kind, and whether it may be
// staged at all. Shared by the grid's delegate and the cell detail panel so both refuse and warn
// alike:
//  - a STRICT table's column refuses a value of the wrong type (StrictTypes) before anything is
//    staged;
//  - a JSON column refuses invalid JSON when a CHECK (json_valid(…)) enforces it, and otherwise
//    warns (the person may keep it as plain text).
#include "edit/ColumnEditorKind.h"
#include "edit/SqlValue.h"

#include <optional>

namespace sluice::ui {

struct EditorVerdict
{
    std::optional<SqlValue> value; // what to stage (none when refused)
    QString refusal;               // why it cannot be staged
    QString warning;               // staged only once the person agrees
};

// The text an editor starts from: NULL as empty text (the editors mark NULL themselves), reals as
// the grid shows them, BLOBs as UTF-8.
QString editableText(const SqlValue& value);

EditorVerdict verdictForText(const QString& text, const ColumnEditor& editor, const Table& table,
                             const Column& column);
// A value from a typed editor (a toggle, a date-time, a file): only the STRICT rule applies.
EditorVerdict verdictForValue(const SqlValue& value, const Table& table, const Column& column);

} // namespace sluice::ui
