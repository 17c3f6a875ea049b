#pragma once
// The rows of drizzle's migrations table (`__drizzle_migrations` or the configured name), read-only.
#include "core/Result.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace sluice {

class Connection;

struct AppliedRow
{
    qint64 rowid = 0;   // apply order: drizzle's `id SERIAL` is not a rowid alias and is NULL
    QVariant id;        // as stored (NULL in tables drizzle-orm 0.x created)
    QString hash;       // lowercase hex sha256 (may be "" from expo/op-sqlite/durable migrators)
    QVariant createdAt; // as stored: normally INTEGER, the journal `when` in ms
    QString name;       // drizzle 1.0 tables only (empty otherwise)
    QString appliedAt;  // drizzle 1.0 tables only
    // created_at as an integer, when it is one (or text holding one); nullopt otherwise.
    std::optional<qint64> createdAtInteger() const;
};

struct AppliedMigrations
{
    QString table;              // the table name read
    bool tableExists = false;   // false: nothing applied yet
    bool hasNameColumn = false; // drizzle 1.0 shape
    bool hasAppliedAtColumn = false;
    QList<AppliedRow> rows; // by rowid
    // `last` of drizzle-orm's `SELECT … ORDER BY created_at DESC LIMIT 1`, converted with JS
    // Number(): NaN for text that is not a number, 0 for NULL. Unset when there is no row.
    std::optional<double> lastCreatedAtNumber;
};

// Reads the table with `connection` (which may be read-only). A missing table is not an error.
Result<AppliedMigrations>
readAppliedMigrations(Connection& connection, const QString& table = QStringLiteral("__drizzle_migrations"));

// JavaScript's Number(value) for what SQLite returns (NULL → 0, numeric text → its value, other
// text → NaN), which drizzle-orm applies to created_at.
double jsNumber(const QVariant& value);

} // namespace sluice
