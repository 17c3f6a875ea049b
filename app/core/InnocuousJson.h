#pragma once
// Sluice opens every file with trusted_schema off (sqlite.org/security.html): functions named in a
// schema (CHECK, DEFAULT, generated columns, indexes, views, triggers) must then be flagged
// SQLITE_INNOCUOUS. SQLite 3.40's JSON functions are pure but not flagged, so a table with
// `CHECK (json_valid(x))` or a column `GENERATED ALWAYS AS (json_extract(data, '$.a'))` becomes
// "malformed database schema … unsafe use of json_valid()" as soon as the schema is parsed again.
// These re-registrations, flagged innocuous, forward each call to SQLite's own implementation on a
// private in-memory connection (no JSON code of our own): the same results, and schemas that use
// JSON keep working while everything else stays untrusted.
struct sqlite3;

namespace sluice {

void registerInnocuousJsonFunctions(sqlite3* db);

} // namespace sluice
