#pragma once
// What a Drizzle project says about its columns' editors (mode: 'boolean' / 'timestamp' /
// 'timestamp_ms' / 'json', text enums), for columnEditorKind().
// A drizzle-kit snapshot keeps almost none of it: `mode` and `enum` leave no trace there, except a
// boolean-mode column's default, written as JSON true/false (drizzle-facts §4). So hints come from
// two places:
//  - the latest snapshot: booleans with a default;
//  - the schema source (schema.ts): the column builders' options, read with a small scanner that
//    recognises `sqliteTable('name', { key: integer('col', { mode: 'x' }) … })` and
//    `text('col', { enum: ['a', 'b'] })`. It does not evaluate TypeScript: a column whose name or
//    options are computed, or whose enum is a constant defined elsewhere, gets no hint.
#include "ColumnEditorKind.h"
#include "core/Result.h"

#include <QHash>
#include <QString>

namespace sluice {

struct DrizzleHints
{
    // table (lower case) → column (lower case) → hint
    QHash<QString, QHash<QString, DrizzleColumnHint>> tables;

    const DrizzleColumnHint* find(const QString& table, const QString& column) const;
    bool isEmpty() const { return tables.isEmpty(); }
    // Adds `other`'s hints; on the same column the source's mode/enum wins over the snapshot's.
    void merge(const DrizzleHints& other);
};

Result<DrizzleHints> readDrizzleSnapshotHints(const QString& snapshotPath);
DrizzleHints drizzleSchemaSourceHints(const QString& typeScriptSource);

// The newest snapshot of a migrations folder: meta/NNNN_snapshot.json with the highest prefix, or
// the snapshot.json of the last <timestamp>_name folder. Empty when there is none.
QString latestSnapshotPath(const QString& migrationsFolder);

} // namespace sluice
