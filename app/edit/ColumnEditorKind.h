#pragma once
// Which editor fits a column, from what the database says (declared type, STRICT, CHECK
// constraints) and, when the project is a Drizzle project, what its schema says (mode, enum):
//   Boolean            Drizzle integer({mode:'boolean'}), CHECK (c IN (0, 1)), declared BOOLEAN/BOOL
//   TimestampSeconds   Drizzle integer({mode:'timestamp'})
//   TimestampMillis    Drizzle integer({mode:'timestamp_ms'})
//   Json               Drizzle text({mode:'json'}) / blob({mode:'json'}), CHECK (json_valid(c)), declared
//   JSON Enum               Drizzle text({enum:[…]}), CHECK (c IN ('a', 'b', …)) Integer, Real, Text, Blob by
//   affinity (NUMERIC counts as Real); Any for a column without a type.
// Drizzle hints win over CHECK constraints, which win over the declared type.
#include "schema/Schema.h"

#include <QString>
#include <QStringList>

namespace sluice {

// What a Drizzle schema says about one column (see DrizzleHints.h).
struct DrizzleColumnHint
{
    QString builder;        // integer, text, blob, real, numeric …
    QString mode;           // boolean, timestamp, timestamp_ms, json, bigint, buffer … (empty: none)
    QStringList enumValues; // text({enum: [...]})
};

enum class EditorKind {
    Integer,
    Real,
    Text,
    Blob,
    Boolean,
    TimestampSeconds,
    TimestampMillis,
    Json,
    Enum,
    Any
};

struct ColumnEditor
{
    EditorKind kind = EditorKind::Any;
    QStringList enumValues;   // Enum: the allowed values in order
    bool constrained = false; // a CHECK enforces it (invalid JSON / other values are refused by SQLite)
    QString reason;           // "Drizzle mode 'timestamp'", "CHECK (status IN (...))", "INTEGER affinity"
};

ColumnEditor columnEditorKind(const Table& table, const Column& column,
                              const DrizzleColumnHint* hint = nullptr);

QString editorKindName(EditorKind kind);

} // namespace sluice
