#pragma once
// The schema of one database as plain values, read from SQLite itself (see SchemaReader).
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

enum class Affinity { Integer, Text, Blob, Real, Numeric };
QString affinityName(Affinity a);
// SQLite's rules for a declared type (datatype3.html §3.1); STRICT types follow the same rules.
Affinity affinityOf(const QString& declaredType);

struct Column
{
    enum class Kind { Normal, Hidden, GeneratedVirtual, GeneratedStored };
    int cid = 0;
    QString name;
    QString declaredType; // as written, may be empty
    Affinity affinity = Affinity::Blob;
    bool notNull = false;
    std::optional<QString> defaultSql; // the DEFAULT expression as SQL text
    int pkPosition = 0;                // 1-based position in the primary key, 0 when not part of it
    Kind kind = Kind::Normal;
    QString collation;           // COLLATE name when declared
    QString generatedExpression; // GENERATED ALWAYS AS (expr): the expr
    QString check;               // a column CHECK constraint's expression

    bool isGenerated() const { return kind == Kind::GeneratedVirtual || kind == Kind::GeneratedStored; }
    bool isHidden() const { return kind != Kind::Normal; }
};

struct IndexColumn
{
    int cid = -1; // -1: rowid, -2: expression
    QString name; // column name, or the expression text for an expression column
    bool descending = false;
    QString collation;
    bool isExpression() const { return cid == -2; }
};

struct Index
{
    QString name;
    QString table;
    bool unique = false;
    QString origin; // "c" CREATE INDEX, "u" UNIQUE constraint, "pk" PRIMARY KEY
    bool partial = false;
    QString where; // the partial index's WHERE expression
    QList<IndexColumn> columns;
    QString sql; // NULL for automatic indexes
    bool isAutomatic() const { return sql.isEmpty(); }
};

struct ForeignKey
{
    int id = 0;
    QStringList fromColumns;
    QString targetTable;
    QStringList targetColumns; // empty entries mean "the target's primary key"
    QString onUpdate = QStringLiteral("NO ACTION");
    QString onDelete = QStringLiteral("NO ACTION");
    QString match = QStringLiteral("NONE");
    bool deferrable = false;        // DEFERRABLE
    bool initiallyDeferred = false; // DEFERRABLE INITIALLY DEFERRED
};

struct Table
{
    QString name;
    QString sql; // the original CREATE TABLE
    bool withoutRowid = false;
    bool strict = false;
    bool isVirtual = false;
    bool autoincrement = false;
    std::optional<qint64> sequence; // sqlite_sequence value for AUTOINCREMENT tables
    QList<Column> columns;
    QList<Index> indexes;
    QList<ForeignKey> foreignKeys;
    QStringList checks; // table-level CHECK expressions

    bool hasRowid() const { return !withoutRowid && !isVirtual; }
    // The primary-key columns in key order (empty for a rowid table without a declared key).
    QStringList primaryKey() const;
    // The INTEGER PRIMARY KEY column that aliases rowid, when there is one.
    std::optional<QString> rowidAlias() const;
    const Column* column(const QString& name) const;
};

struct View
{
    QString name;
    QString sql;
    QStringList columns;
};

struct Trigger
{
    QString name;
    QString table;
    QString sql;
};

struct Schema
{
    QList<Table> tables; // user tables, sorted by name (sqlite_* internal tables excluded)
    QList<View> views;
    QList<Index> indexes; // every index of every table, including automatic ones
    QList<Trigger> triggers;
    QList<QString> internalTables; // sqlite_sequence, sqlite_stat1, ...

    const Table* table(const QString& name) const;
    const View* view(const QString& name) const;
    // The CREATE statement of any named object, empty when unknown.
    QString sqlOf(const QString& name) const;
    // Whether `t` is a shadow table of one of the schema's virtual tables (fts5's x_data, rtree's
    // x_node …): creating the virtual table creates it again.
    bool isShadowTable(const Table& t) const;
    // The CREATE statements that rebuild this schema in an empty database, in an order SQLite
    // accepts: tables, their explicit indexes, then views and triggers (whose names SQLite resolves
    // when they are used, not when they are created). Shadow tables are left out, and so are the
    // table named `skipTable` and its indexes (for callers that put their own version in its place).
    QStringList createStatements(const QString& skipTable = {}) const;
};

} // namespace sluice

Q_DECLARE_METATYPE(sluice::Schema)
