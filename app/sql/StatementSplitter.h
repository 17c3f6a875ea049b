#pragma once
#include <QByteArray>
#include <QList>
#include <QString>

namespace sluice {

// One SQL statement found in a script.
struct StatementSpan
{
    QString text;      // the statement, without surrounding whitespace or leading comments
    int utf8Begin = 0; // byte offsets of `text` in the UTF-8 script (what QScintilla calls positions)
    int utf8End = 0;
    int firstLine = 0; // 1-based lines of the statement's first and last character
    int lastLine = 0;
    bool terminated = false; // ended by ';' (false for a last statement with no semicolon)
};

// Splits a script into statements, the way SQLite itself reads them: strings, quoted identifiers,
// comments and CREATE TRIGGER … BEGIN … END bodies are handled by SQLite's own sqlite3_complete().
// Chunks that hold only whitespace and comments are not statements and are left out.
//
// Why sqlite3_complete() and not sqlite3_prepare_v2()'s tail: preparing needs every referenced table
// to exist already, so a script that creates a table and then uses it cannot be split before it runs.
// Runners execute each span with sqlite3_prepare_v2 on the live connection, so both agree.
QList<StatementSpan> splitStatements(const QString& script);

// True when the text holds nothing but whitespace, comments and semicolons.
bool isBlankSql(const QString& sql);

} // namespace sluice
