#include "EditorValue.h"

#include "TypedValue.h"
#include "edit/JsonText.h"
#include "edit/StrictTypes.h"
#include "grid/CellFormatter.h"

namespace sluice::ui {

EditorVerdict verdictForValue(const SqlValue& value, const Table& table, const Column& column)
{
    EditorVerdict v;
    const QString problem = strictTypeProblem(table, column, value);
    if (!problem.isEmpty()) {
        v.refusal = problem + QStringLiteral(". Nothing was staged: enter a value of the column's type, "
                                             "or press Escape to keep the old one.");
        return v;
    }
    v.value = value;
    return v;
}

EditorVerdict verdictForText(const QString& text, const ColumnEditor& editor, const Table& table,
                             const Column& column)
{
    const Affinity affinity =
        editor.kind == EditorKind::Text || editor.kind == EditorKind::Json ? Affinity::Text : column.affinity;
    EditorVerdict v = verdictForValue(valueFromText(text, affinity), table, column);
    if (!v.value || editor.kind != EditorKind::Json)
        return v;
    const JsonCheck json = checkJson(text);
    if (json.valid)
        return v;
    const QString where = QStringLiteral("%1.%2").arg(table.name, column.name);
    if (editor.constrained) {
        v.value.reset();
        v.refusal = QStringLiteral("Not valid JSON: %1. %2 only accepts JSON (%3), so nothing was staged: "
                                   "fix the JSON or press Escape to keep the old value.")
                        .arg(json.message(), where, editor.reason);
        return v;
    }
    v.warning = QStringLiteral("Not valid JSON: %1. %2 holds JSON (%3) but does not enforce it; keep "
                               "the value as plain text anyway?")
                    .arg(json.message(), where, editor.reason);
    return v;
}

QString editableText(const SqlValue& v)
{
    switch (v.storage()) {
    case SqlValue::Storage::Null:
        return {};
    case SqlValue::Storage::Integer:
        return QString::number(v.toInteger());
    case SqlValue::Storage::Real:
        return CellFormatter::formatReal(v.toReal());
    case SqlValue::Storage::Text:
        return v.toText();
    case SqlValue::Storage::Blob:
        return QString::fromUtf8(v.toBlob());
    }
    return {};
}

} // namespace sluice::ui
