#pragma once
// Reads from CREATE TABLE / CREATE INDEX text the few facts SQLite's PRAGMAs do not report.
// Everything else about a table comes from the PRAGMAs (see SchemaReader).
#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

struct ParsedColumnDef
{
    QString name;
    QString collation;
    QString generatedExpression; // text inside GENERATED ALWAYS AS ( … )
    QString check;               // text inside CHECK ( … ) on the column
    bool autoincrement = false;
};

struct ParsedForeignKey
{
    QStringList fromColumns;
    QString targetTable;
    bool deferrable = false;
    bool initiallyDeferred = false;
};

struct ParsedCreateTable
{
    bool ok = false;
    QList<ParsedColumnDef> columns;
    QStringList tableChecks;
    QList<ParsedForeignKey> foreignKeys; // in the order they are written
    bool autoincrement = false;
};

struct ParsedCreateIndex
{
    bool ok = false;
    QStringList columnTexts; // each indexed term as written (expression or name, with ASC/DESC)
    QString where;           // partial index condition
};

ParsedCreateTable parseCreateTable(const QString& sql);
ParsedCreateIndex parseCreateIndex(const QString& sql);

} // namespace sluice
