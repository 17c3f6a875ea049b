#pragma once
// One migration as the planner and the runner need it, whatever folder layout it came from
// (app/drizzle reads the folders and produces these).
#include <QString>
#include <QStringList>

namespace sluice {

struct MigrationSource
{
    QString name; // journal tag ("0004_posts_view_count_check") or folder name ("20250101120000_init")
    QString path; // absolute path of the .sql file
    QString sql;  // the file decoded as UTF-8 (invalid bytes become U+FFFD, as in Node)
    QString hash; // lowercase hex sha256, computed exactly as drizzle-orm does
    qint64 createdAt = 0; // the value drizzle-orm records in created_at (journal `when`, in ms)
    // drizzle 1.0 computes created_at from the folder name's first 14 characters; when they are not a
    // date it gets NaN, which SQLite stores as NULL.
    bool createdAtIsNull = false;
    QStringList chunks; // sql split at "--> statement-breakpoint", untrimmed, as drizzle-orm splits
};

} // namespace sluice
