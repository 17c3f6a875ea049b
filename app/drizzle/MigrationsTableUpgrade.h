#pragma once
// drizzle 1.0's upgrade of a migrations table written by drizzle-orm 0.x (id SERIAL, hash,
// created_at): before its first migrate() it adds `name text` and `applied_at TEXT` and names each
// old row after the local migration it matches — by created_at truncated to the second (the folder
// prefix has second resolution), by hash among several migrations of the same second, or by hash
// alone when no migration has that second. A row that matches nothing makes drizzle 1.0 refuse to
// migrate at all. Sluice computes the same matches (status shows them, without writing) and runs
// the same statements inside its own transaction when it applies.
#include "AppliedMigrations.h"
#include "migrate/MigrationSource.h"
#include "migrate/Plan.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace sluice {

struct LegacyRowMatch
{
    enum class By { Id, Millis, Hash };
    qsizetype row = -1;    // index into AppliedMigrations::rows
    QString name;          // the local migration (folder name) it matches
    By by = By::Millis;    // how drizzle 1.0 addresses the row in its UPDATE
    QString createdAtText; // JavaScript's String(created_at), bound in the UPDATE … WHERE created_at
    QString hash;          // the row's hash, bound in the UPDATE … WHERE hash
    QVariant idValue;      // the row's id, bound in the UPDATE … WHERE id
};

struct MigrationsTableUpgrade
{
    bool needed = false; // the table exists and has no `name` column
    QList<LegacyRowMatch> matches;
    QList<qsizetype> unmatched; // rows (indexes) matching no local migration: drizzle 1.0 throws

    // The error drizzle 1.0 stops with when rows are unmatched (with what to do); "" otherwise.
    QString refusal(const AppliedMigrations& applied) const;
    // drizzle 1.0's statements: two ALTER TABLE … ADD COLUMN, then one UPDATE per matched row, with
    // the same text and bound values, so the table ends up byte-identical.
    QList<PlanStatement> statements(const QString& table) const;
    const LegacyRowMatch* matchForRow(qsizetype row) const;
};

// `local` in any order (it is sorted the way drizzle 1.0 sorts it: by created_at, then name).
MigrationsTableUpgrade planMigrationsTableUpgrade(const QList<MigrationSource>& local,
                                                  const AppliedMigrations& applied);

// JavaScript's String(value) for what SQLite returns (NULL → "null", integers without ".0").
QString jsString(const QVariant& value);

} // namespace sluice
