#pragma once
// One row object of a JSON backup, read from the stream and decoded to what SQLite binds: the
// reverse of JsonValue.h. Integers are parsed from their digits (never through double); a number
// with '.' or an exponent is a REAL; true/false become 1/0 (SQLite has no boolean, and scripts that
// wrote the file from JavaScript may have produced them); {"$blob": b64} is a BLOB and
// {"$textBytes": b64} TEXT with exactly those bytes, {"$real": "Infinity"} an infinite REAL.
#include "JsonStreamReader.h"

#include <QByteArray>
#include <QString>

#include <vector>

struct sqlite3_stmt;

namespace sluice {

struct JsonCell
{
    enum class Kind { Null, Integer, Real, Text, Blob };
    QByteArray column; // UTF-8
    Kind kind = Kind::Null;
    qint64 integer = 0;
    double real = 0;
    QByteArray bytes; // Text (UTF-8 or raw) and Blob
};

// Reads the members of a row object whose BeginObject the reader just returned. On failure
// returns false with *error saying what is wrong (with the byte offset).
bool readJsonRow(JsonStreamReader& reader, std::vector<JsonCell>& cells, QString* error);

// Binds cells[i] to parameter i + 1. The statement must be stepped before `cells` changes.
int bindJsonCells(sqlite3_stmt* statement, const std::vector<JsonCell>& cells);

} // namespace sluice
