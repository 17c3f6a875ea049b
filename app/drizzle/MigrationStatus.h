#pragma once
// Which migrations a database has, decided exactly as drizzle-orm decides it (drizzle-facts §6, §12),
// plus what drizzle-orm does not notice: edited files, deleted files, entries it will skip forever.
#include "AppliedMigrations.h"
#include "MigrationFolder.h"

#include <QList>
#include <QMap>
#include <QString>

namespace sluice {

enum class MigrationState {
    Applied,
    Pending,                 // drizzle-orm's migrator would run it now
    AppliedButEdited,        // recorded, but the file's hash differs from the recorded one
    RecordedButMissing,      // a row in the migrations table that matches no file
    JournalEntryWithoutFile, // drizzle-orm stops the whole run on it
    FileWithoutJournalEntry, // drizzle-orm ignores the file
    OutOfOrder,              // not applied, and drizzle-orm will skip it forever on this database
};

struct MigrationStatusItem
{
    MigrationState state = MigrationState::Pending;
    QString name;         // tag / folder name ("" for a recorded row without a name)
    QString path;         // the .sql file, when there is one
    qint64 createdAt = 0; // journal `when` / folder timestamp; for a recorded-only row, its created_at
    QString fileHash;     // drizzle's hash of the file ("" without a file)
    QString recordedHash; // the hash in the matched row ("" when none)
    qint64 rowid = 0;     // the matched row, 0 when none
    QString appliedAt;    // drizzle 1.0 tables
    int chunks = 0;       // statements between breakpoints
    QString detail;       // why, in a sentence, when the state needs one
};

struct MigrationStatus
{
    MigrationLayout layout = MigrationLayout::Journal;
    QString folder;
    QString table;
    bool tableExists = false;
    QList<MigrationStatusItem> items;    // folder order, then files without entry, then orphan rows
    QList<FolderProblem> problems;       // from the folder (duplicates, non-increasing when, dialect …)
    std::optional<double> lastCreatedAt; // drizzle's `last.created_at`, as Number()

    int count(MigrationState state) const;
    QMap<MigrationState, int> counts() const;
    bool upToDate() const; // nothing pending
    bool clean() const;    // every migration applied and unchanged, no orphan rows, no folder problems
};

MigrationStatus computeMigrationStatus(const MigrationFolder& folder, const AppliedMigrations& applied);

// "applied", "pending", "applied-but-edited", … (the JSON and CLI spelling)
QString migrationStateName(MigrationState state);

} // namespace sluice
