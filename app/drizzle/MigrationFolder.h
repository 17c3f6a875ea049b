#pragma once
// A Drizzle migrations folder, read the way drizzle-orm's migrator reads it, in either layout:
//  - journal layout (drizzle-kit 0.x): NNNN_tag.sql + meta/_journal.json (+ meta/NNNN_snapshot.json)
//  - folder-per-migration layout (drizzle 1.0): <yyyyMMddHHmmss>_<name>/migration.sql + snapshot.json
// Besides the migrations it reports what drizzle-orm would trip over or silently ignore.
#include "core/Result.h"
#include "migrate/MigrationSource.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

enum class MigrationLayout {
    Journal,           // meta/_journal.json decides order and identity (`when`)
    FolderPerMigration // folder names decide order and identity
};

struct FolderProblem
{
    enum class Kind {
        WrongDialect,      // journal dialect is not sqlite
        EntryWithoutFile,  // drizzle-orm throws "No file … found in … folder"
        FileWithoutEntry,  // a .sql file the journal does not list: drizzle-orm ignores it
        DuplicateTag,      // two journal entries name the same file
        NonIncreasingWhen, // `when` not above the previous entry's: skipped on existing DBs
        FolderWithoutSql,  // a migration folder without migration.sql (drizzle skips it)
        UnreadableFile,    // a file that exists but cannot be read
        StrayJournal,      // folder layout with a leftover meta/_journal.json (drizzle 1.0 refuses)
    };
    Kind kind;
    QString file;    // absolute path of the file concerned
    QString name;    // migration tag / folder name, when it is about one
    QString message; // what is wrong and what to do
};

struct JournalEntry
{
    int idx = -1;
    QString tag;
    qint64 when = 0;
    QString version;
    bool breakpoints = true;
    bool fileExists = false;
    QString path; // <folder>/<tag>.sql
};

struct MigrationFolder
{
    QString path; // absolute
    MigrationLayout layout = MigrationLayout::Journal;
    QString journalPath;               // journal layout only
    QString journalVersion;            // "7", "5" …
    QString dialect;                   // from the journal
    QList<JournalEntry> entries;       // journal order (journal layout only)
    QList<MigrationSource> migrations; // in the order drizzle-orm applies them; only those with a file
    QStringList snapshots;             // snapshot files found (listed, never read)
    QStringList unlistedFiles;         // .sql files without a journal entry (absolute paths)
    QList<FolderProblem> problems;

    bool hasProblem(FolderProblem::Kind kind) const;
};

// Reads `dir`. Fails (with the file, line and what to do) when the folder is missing, holds neither
// layout, or the journal is not valid JSON of the expected shape: drizzle-orm could not run then.
Result<MigrationFolder> readMigrationFolder(const QString& dir);

// Reads one migration file as drizzle-orm does (hash, chunks); createdAt and name are the caller's.
Result<MigrationSource> readDrizzleMigrationFile(const QString& path, const QString& name, qint64 createdAt);

// Whether a folder name starts with a 14-digit yyyyMMddHHmmss timestamp forming a valid date: its
// value in ms (UTC), else -1. Used to recognise migration folders.
qint64 folderTimestampMillis(const QString& folderName);

// drizzle 1.0's created_at for a folder name, computed as its migrator does (formatToMillis):
// parseInt of the name's characters 0-4, 4-6, … 12-14 fed to Date.UTC, which rolls over out-of-range
// parts (month 13 is January of the next year) and maps years 0-99 to 1900-1999. nullopt where
// JavaScript gets NaN (a part that does not start with a digit).
std::optional<qint64> drizzleFolderMillis(const QString& folderName);

// drizzle 1.0's order of migration folders: `a.name.localeCompare(b.name)` in Node's default (en-US,
// ICU) collation, which is not code-point order ("_" sorts before digits, case is a late tie-break).
bool drizzleNameLess(const QString& a, const QString& b);

QString folderProblemKindName(FolderProblem::Kind kind);

} // namespace sluice
