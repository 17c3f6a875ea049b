#pragma once
// Schema before vs after as text, per object, for a side-by-side view: every table, index, view and
// trigger as normalised CREATE text (one column or constraint per line, so a change is a line), and
// a line diff of the two versions.
#include "schema/Schema.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

enum class DiffState { Same, Added, Removed, Changed };
QString diffStateName(DiffState s); // "same", "added", "removed", "changed"

// One row of a side-by-side view. Same/Changed rows have both sides, Added only `after`, Removed
// only `before`. Line numbers are 1-based indexes into ObjectDiff::before/after, 0 when absent.
struct DiffRow
{
    DiffState state = DiffState::Same;
    QString before;
    QString after;
    int beforeLine = 0;
    int afterLine = 0;
};

struct ObjectDiff
{
    QString type; // "table", "index", "view", "trigger"
    QString name;
    QString table; // the table an index or trigger belongs to (the name itself for a table)
    DiffState state = DiffState::Same; // Same: unchanged (the UI folds it); Added/Removed: wholly
    QStringList before;                // normalised lines, empty when the object is added
    QStringList after;                 // empty when the object is removed
    QList<DiffRow> rows;
    bool isUnchanged() const { return state == DiffState::Same; }
};

struct SchemaDiff
{
    // Tables sorted by name, each followed by its indexes and triggers, then the views.
    QList<ObjectDiff> objects;
    int added = 0;
    int removed = 0;
    int changed = 0;
    bool isEmpty() const { return added + removed + changed == 0; }
    const ObjectDiff* find(const QString& type, const QString& name) const;
};

// A CREATE statement as lines: for CREATE TABLE the header, one line per column or table
// constraint (separating commas kept at line ends), and the closing line with table options.
// Whitespace outside literals is collapsed and quoted identifiers are written "x", so quoting style
// and indentation do not show up as changes. Other objects: one line per source line, trimmed.
QStringList normalizedCreateLines(const QString& sql);

// Line diff of two texts (LCS via dtl), as side-by-side rows: runs of removed lines facing runs of
// added lines become Changed rows. Lines are compared without a trailing comma, so appending a
// column does not mark the previous last line as changed.
QList<DiffRow> diffLines(const QStringList& before, const QStringList& after);

SchemaDiff diffSchemas(const Schema& before, const Schema& after);

} // namespace sluice
