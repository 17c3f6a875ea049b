#pragma once
// Databases for the backup tests: one with every kind of value and schema object, and a big one.
#include <QString>

namespace sluice::test {

// Every column type, NULLs, BLOBs (with zero bytes), 64-bit integers at both ends, reals, unicode
// text, an AUTOINCREMENT table with a gap in its ids, foreign keys with ON DELETE CASCADE, a view,
// a trigger, an index and a WITHOUT ROWID table.
QString makeEverythingDb(const class TempDir& dir, const QString& name);

// `rows` rows of ~1 KB each in table big(i INTEGER PRIMARY KEY, v BLOB).
QString makeBigDb(const TempDir& dir, const QString& name, int rows);

// Row-for-row content of every table as text: typeof and quote() of each value, in rowid/key order,
// plus the schema (sqlite_schema rows) and sqlite_sequence. Equal strings: equal databases.
QString contentText(const QString& dbPath);

} // namespace sluice::test
