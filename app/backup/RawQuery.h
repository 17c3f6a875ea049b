#pragma once
// Small queries on a raw sqlite3 handle, for the backup and restore code that works below Qt Sql
// (its own connections on copies, the backup API, checks inside a held snapshot).
#include <QString>

struct sqlite3;

namespace sluice {

// The first column of the first row of `sql` as text ("" when there is no row); an SQLite result code.
int scalarText(sqlite3* db, const char* sql, QString& out);

// Up to `limit` lines of `PRAGMA quick_check`, joined by newlines ("ok" when clean); an SQLite result code.
int quickCheck(sqlite3* db, QString& out, int limit = 20);

} // namespace sluice
