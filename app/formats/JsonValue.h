#pragma once
// One SQLite value as JSON, the encoding of JSON backups (and reusable by data export):
//   INTEGER -> a JSON number with every digit (never through double: 2^63-1 stays exact)
//   REAL    -> a JSON number that always has '.' or an exponent (see RealText.h);
//              infinities -> {"$real": "Infinity"} / {"$real": "-Infinity"} (JSON numbers cannot be infinite)
//   TEXT    -> a JSON string (valid UTF-8); TEXT bytes that are not valid UTF-8 -> {"$textBytes": "<base64>"}
//   BLOB    -> {"$blob": "<base64>"}  (standard alphabet, padded)
//   NULL    -> null
// A row value is never an object otherwise, so a reader tells a marker from text without guessing.
#include <QByteArray>

struct sqlite3_value;

namespace sluice {

void appendJsonValue(QByteArray& out, sqlite3_value* value);
// A JSON string literal (with quotes) for UTF-8 bytes, escaping '"', '\\' and control characters.
void appendJsonString(QByteArray& out, const char* utf8, qsizetype size);
inline void appendJsonString(QByteArray& out, const QByteArray& utf8)
{
    appendJsonString(out, utf8.constData(), utf8.size());
}

} // namespace sluice
