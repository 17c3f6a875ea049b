#pragma once
// "Save as migration": a plan written into a Drizzle migrations folder as the next hand-written
// (`drizzle-kit generate --custom`) migration, so that drizzle-kit and drizzle-orm's migrator take it
// as one of their own. Both layouts are supported:
//  - journal (drizzle-kit 0.x): NNNN_<name>.sql, a new meta/_journal.json entry (idx, version, when,
//    tag, breakpoints) and meta/NNNN_snapshot.json, the previous snapshot with a new id and prevId;
//  - folder per migration (drizzle 1.0): <yyyyMMddHHmmss>_<name>/migration.sql + snapshot.json, the
//    previous snapshot with a new id and prevIds.
#include "core/Result.h"

#include <QString>

namespace sluice {

struct SavedMigration
{
    QString tag;          // "0010_add_audit" or "20261122051500_add_audit"
    QString sqlPath;      // absolute path of the .sql file written
    QString snapshotPath; // absolute path of the snapshot written
    QString journalPath;  // meta/_journal.json (journal layout); empty for the folder layout
};

// Writes `sql` (the `--> statement-breakpoint` form, renderDrizzleMigration) as the next migration of the
// Drizzle migrations folder, laid out as `drizzle-kit generate --custom --name <name>` lays it out.
// All or nothing: every file is written to a temporary name first and renamed into place, the journal
// (or, in the folder layout, migration.sql) last; on any failure nothing new remains. Refuses a folder
// that is not a Drizzle migrations folder or has no previous snapshot to carry over, a name that is
// empty or holds a path separator, and a tag that already exists.
Result<SavedMigration> saveCustomMigration(const QString& migrationsFolder, const QString& name,
                                           const QString& sql);

} // namespace sluice
