#pragma once
// Which kind of backup a file is, judged by its content, never by its name: the restore verb and
// the Backups panel accept whatever file the person picks.
#include <QString>

namespace sluice {

enum class BackupFormat { Sqlite, Json, SqlDump, Unknown };

// Sqlite: the 16-byte "SQLite format 3\0" header. Json: after an optional UTF-8 BOM and
// whitespace, an object whose members include a "metadata" object (looked for in the first 64 KiB).
// SqlDump: text whose first statement (after comments) is PRAGMA, BEGIN, CREATE or INSERT, as in
// the output of writeSqlDump() and `sqlite3 DB .dump`. For Unknown, *why says what was found.
BackupFormat detectBackupFormat(const QString& path, QString* why = nullptr);

QString backupFormatName(BackupFormat format); // "sqlite", "json", "sql", "unknown"

} // namespace sluice
