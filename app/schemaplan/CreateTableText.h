#pragma once
// The two edits the planner makes to CREATE TABLE text it takes from the target schema: the text of
// each column definition (for ALTER TABLE … ADD COLUMN, which takes exactly that text) and the same
// statement under another table name (the new table of a rebuild). The text is the target's own, so
// every clause SQLite keeps but PRAGMAs do not report (ON CONFLICT, constraint names, DESC keys)
// survives a rebuild.
#include <QString>
#include <QStringList>

namespace sluice {

// Column definitions in declaration order, each as written ("age INTEGER NOT NULL DEFAULT 0");
// table constraints (CONSTRAINT, PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY) are skipped. Empty when
// the text is not a CREATE TABLE with a column list (e.g. CREATE TABLE … AS SELECT).
QStringList columnDefinitionTexts(const QString& createTableSql);

// The statement with its table name replaced by `newName` (quoted); empty when no name is found.
QString withTableName(const QString& createTableSql, const QString& newName);

} // namespace sluice
