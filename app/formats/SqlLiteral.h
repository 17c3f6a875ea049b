#pragma once
// One SQLite value as an exact SQL literal, for SQL dumps (and reusable by data export): the
// literal, read back by SQLite, gives the same storage class and the same value.
//   INTEGER -> decimal digits (-9223372036854775808 included, which SQLite reads as an INTEGER)
//   REAL    -> shortest round-trip digits with '.' or an exponent (see RealText.h)
//   TEXT    -> 'text' with quotes doubled; text holding NUL or invalid UTF-8 -> CAST(X'..' AS TEXT)
//   BLOB    -> X'hex'
//   NULL    -> NULL
#include <QByteArray>

struct sqlite3_value;

namespace sluice {

void appendSqlLiteral(QByteArray& out, sqlite3_value* value);

} // namespace sluice
