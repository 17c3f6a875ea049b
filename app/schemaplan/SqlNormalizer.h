#pragma once
// Canonical text for SQL fragments, so that two schemas compare equal when they differ only in
// what SQLite ignores: whitespace and comments, keyword case, identifier quoting style and case
// (SQLite compares identifiers case-insensitively for ASCII), and redundant outer parentheses.
// String literals, numbers and blobs are kept exactly: 'A' and 'a' are different defaults.
//
// Written here rather than taken from a library: no C++ library parses SQLite's dialect, and the
// comparison only needs SQLite's lexical rules, which app/schema/SqlTokenizer already follows.
#include <QString>

namespace sluice {

// An expression, type or whole statement as canonical text ("CHECK ( `Age` > 0 )" → "CHECK(age>0)").
QString normalizeSql(const QString& sql);

// A declared column type: upper case, single spaces, no space before '(' ("varchar ( 20 )" →
// "VARCHAR(20)"). INT and INTEGER stay different: only INTEGER PRIMARY KEY aliases the rowid.
QString normalizeType(const QString& declaredType);

} // namespace sluice
