#pragma once
// A table as the table designer edits it: plain values for every clause the designer offers, built
// from an existing Table (each column remembers the name it had, so renames are known exactly and
// travel to the planner as RenameHints instead of being guessed) or from nothing (a new table).
// The design is rendered as CREATE TABLE + CREATE INDEX text with every identifier quoted, and the
// target schema is obtained by running that text through SQLite (schemaFromScript): SQLite itself
// decides whether the design is valid, and an invalid one gives SQLite's own message.
#include "RenameHints.h"
#include "core/Result.h"
#include "schema/Schema.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

struct DesignColumn
{
    QString originalName; // the column's name in the live table; empty for a column the design adds
    QString name;
    QString type; // declared type as written ("INTEGER", "VARCHAR(20)"), may be empty
    bool notNull = false;
    QString defaultSql; // the DEFAULT expression ("0", "'x'", "CURRENT_TIMESTAMP", "(1+2)"); empty: none
    int pkPosition = 0; // 1-based position in the primary key, 0 when not part of it
    bool autoincrement = false; // only with a single INTEGER PRIMARY KEY column
    bool unique = false;
    QString check;     // column CHECK expression; empty: none
    QString collation; // COLLATE name; empty: none
    QString generated; // GENERATED ALWAYS AS (expr): the expr; empty: an ordinary column
    bool generatedStored = false;
};

struct DesignForeignKey
{
    QStringList columns; // in this table
    QString parentTable;
    QStringList parentColumns; // empty: the parent's primary key
    QString onDelete = QStringLiteral("NO ACTION");
    QString onUpdate = QStringLiteral("NO ACTION");
    bool deferrable = false;
    bool initiallyDeferred = false;
};

struct DesignIndexTerm
{
    QString column; // a column name, or the expression text when `expression`
    bool expression = false;
    bool descending = false;
    QString collation; // empty: the column's own
};

struct DesignIndex
{
    QString name;
    bool unique = false;
    QList<DesignIndexTerm> terms;
    QString where; // partial index WHERE expression; empty: a full index

    QStringList columnNames() const;
    // Terms from a list of plain column names (what the designer's grid edits).
    void setColumnNames(const QStringList& names);
};

struct TableDesign
{
    QString originalName; // the live table's name; empty for a new table
    QString name;
    QList<DesignColumn> columns;
    QList<QStringList> uniqueConstraints; // composite UNIQUE (a, b) table constraints
    QStringList checks;                   // table-level CHECK expressions
    QList<DesignForeignKey> foreignKeys;
    QList<DesignIndex> indexes; // explicit CREATE INDEX indexes (not UNIQUE/PK autoindexes)
    bool strict = false;
    bool withoutRowid = false;
    // Clauses of the live table's CREATE text the design cannot carry (ON CONFLICT, PRIMARY KEY … DESC,
    // MATCH): kept by ALTER TABLE, but gone if the change rebuilds the table. Said before applying.
    QStringList notKept;

    bool isNew() const { return originalName.isEmpty(); }
    // The design of an existing table. Virtual tables are refused (their columns belong to a module).
    static Result<TableDesign> fromTable(const Table& table);
    // A new table with one `id INTEGER PRIMARY KEY` column, the usual start.
    static TableDesign newTable(const QString& name);

    int columnIndex(const QString& name) const; // case-insensitive, -1 when none
    // The primary-key columns in key order.
    QStringList primaryKey() const;
    // Renames column `i` and every reference to it in keys, foreign keys and indexes (not inside
    // CHECK / WHERE / GENERATED expressions: those are SQL text the person edits).
    void renameColumn(int i, const QString& newName);
    // Removes column `i` and drops it from keys, foreign keys and indexes (an index or key left
    // without columns goes too).
    void removeColumn(int i);
    // Puts column `i` into the primary key (at its end) or takes it out, renumbering the rest.
    void setPrimaryKey(int i, bool on);

    // What is wrong before SQLite is even asked (empty names, duplicate names, a type or expression
    // that would break out of its clause), each naming the column or index; empty when nothing.
    QStringList problems() const;

    QString createTableSql() const;
    QStringList createIndexSql() const;
    // CREATE TABLE and CREATE INDEX statements, each ending with ";\n".
    QString script() const;
    // Renames known exactly from the columns' original names (and the table's).
    RenameHints renameHints() const;
    // `live` with this table replaced (or added), read back from SQLite after running the design's
    // text with every other object of `live`. Renames are first applied with ALTER TABLE in the same
    // private database, so views and triggers that name a renamed column follow it as they will in
    // the real database. Errors: problems(), or SQLite's message naming the design's line.
    Result<Schema> targetSchema(const Schema& live) const;
};

// DEFAULT text as it must be written after the keyword: literals as they are, other expressions in
// parentheses (SQLite reports "1+2" for DEFAULT (1+2), and DEFAULT 1+2 is a syntax error).
QString defaultClause(const QString& defaultSql);

} // namespace sluice
