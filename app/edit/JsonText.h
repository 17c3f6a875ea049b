#pragma once
// JSON typed into a cell, checked before it is staged: SQLite's json_valid() accepts any JSON value
// (an object, an array, but also 42 or "x"), so scalars are valid too. A problem names the parser's
// message and where it is (line, column and character offset), so the person can find it.
#include <QString>

namespace sluice {

struct JsonCheck
{
    bool valid = false;
    QString error;  // the parser's message: "unterminated object"
    int offset = 0; // 0-based character offset of the problem in the text
    int line = 0;   // 1-based
    int column = 0; // 1-based
    // "unterminated object at line 2, column 5 (character 17)"; empty when valid.
    QString message() const;
};

JsonCheck checkJson(const QString& text);
// The value laid out with two-space indents, keys and numbers exactly as written (only whitespace
// outside strings changes); invalid JSON is returned unchanged.
QString prettyJson(const QString& text);

} // namespace sluice
