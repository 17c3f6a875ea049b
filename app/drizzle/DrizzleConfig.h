#pragma once
// drizzle.config.{ts,js,mjs,cjs,json}, read without running it: the exported object literal's `out`,
// `dialect`, `dbCredentials.url` and `migrations.table`/`.schema`. Values that come from the
// environment (`process.env.DATABASE_URL!`, `process.env.X ?? "file:…"`) are kept as expressions
// and resolved later against .env files.
#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sluice {

// A config value: a literal, an environment variable, or a chain of fallbacks (`a ?? b || c`).
struct ConfigExpression
{
    struct Term
    {
        enum class Kind { Literal, Env, Unknown };
        Kind kind = Kind::Unknown;
        QString text; // the literal, the variable name, or the source text we could not read
    };
    QList<Term> alternatives; // first defined one wins
    QString source;           // as written, for messages
    int line = 0;

    bool isSet() const { return !alternatives.isEmpty(); }
    // The env variables it reads, in order.
    QStringList envVariables() const;
    // The literal fallback, if there is one ("" otherwise).
    QString literalFallback() const;
};

struct DrizzleConfig
{
    QString path; // absolute path of the config file
    QString dir;  // its folder: relative paths in it are resolved from here (drizzle-kit's cwd)
    QString out = QStringLiteral("./drizzle");
    bool outSet = false;
    QString dialect; // "sqlite", "turso", "postgresql" …
    QString driver;  // "d1-http", "expo", "durable-sqlite" … when set
    ConfigExpression url;
    QString migrationsTable = QStringLiteral("__drizzle_migrations");
    QString migrationsSchema; // ignored for SQLite
    QStringList warnings;     // parts we could not understand, with line numbers

    bool isSqliteDialect() const;
};

// The config file names drizzle-kit looks for, in its order.
QStringList drizzleConfigFileNames();

Result<DrizzleConfig> parseDrizzleConfig(const QString& text, const QString& path);
Result<DrizzleConfig> readDrizzleConfig(const QString& path);

} // namespace sluice
