#include "MigrationMark.h"

#include "drizzle/AppliedMigrations.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationsLocation.h"

#include <QFileInfo>

namespace sluice {

MigrationMark lastMigrationMark(Connection& connection, const QString& projectDatabasePath)
{
    MigrationMark mark;
    QString table = QStringLiteral("__drizzle_migrations");
    QString folder;
    // Only the project around the database counts: the current folder says nothing about a backup.
    if (auto where = locateMigrations(projectDatabasePath, {}, {}, false)) {
        table = where->table;
        folder = where->migrationsDir;
    }
    auto applied = readAppliedMigrations(connection, table);
    if (!applied || !applied->tableExists || applied->rows.isEmpty())
        return mark;
    // drizzle-orm's `last` is the row with the largest created_at; among equals the latest applied.
    const AppliedRow* last = nullptr;
    for (const AppliedRow& row : applied->rows) {
        const auto value = row.createdAtInteger();
        if (!value)
            continue;
        if (!last || *value >= *last->createdAtInteger())
            last = &row;
    }
    if (!last)
        return mark;
    mark.createdAt = last->createdAtInteger();
    mark.hash = last->hash;
    mark.tag = last->name;
    if (mark.tag.isEmpty() && !folder.isEmpty() && QFileInfo(folder).isDir()) {
        if (auto read = readMigrationFolder(folder)) {
            for (const MigrationSource& m : read->migrations)
                if (m.createdAt == *mark.createdAt)
                    mark.tag = m.name;
            if (mark.tag.isEmpty() && !mark.hash.isEmpty())
                for (const MigrationSource& m : read->migrations)
                    if (m.hash == mark.hash)
                        mark.tag = m.name;
        }
    }
    return mark;
}

} // namespace sluice
