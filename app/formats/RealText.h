#pragma once
// REAL values as text that reads back to the very same double, in JSON and in SQL: the shortest
// digits that round-trip (std::to_chars), always with a '.' or an exponent so a reader never takes
// 5.0 for the INTEGER 5. Infinities (SQLite stores them) become 1e999 / -1e999, which both SQLite and
// JSON parsers read as infinity. NaN never reaches here: SQLite stores NaN as NULL.
#include <QByteArray>

namespace sluice {

void appendReal(QByteArray& out, double value);

} // namespace sluice
