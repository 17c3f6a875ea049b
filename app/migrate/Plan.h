#pragma once
// A plan: the statement list that changes a database. Every operation that changes a schema first
// produces one (from Drizzle migrations, a schema diff, the table designer); the UI previews it, the
// tests assert on it, the dry run rehearses it on a copy, and PlanRunner executes it. Generated SQL
// is data.
#include <QList>
#include <QString>
#include <QVariantList>

namespace sluice {

struct PlanStatement
{
    QString sql;              // exactly one SQL statement
    QVariantList binds;       // positional values (bookkeeping rows bind their hash and timestamp)
    QString source;           // where it comes from: "drizzle/0004_posts_check.sql", "schema diff" …
    int sourceLine = 0;       // 1-based line of the statement in its source file, 0 when not from a file
    int step = -1;            // which migration/step of the plan it belongs to (index into Plan::steps)
    bool bookkeeping = false; // a row in the migrations table, not part of the user's SQL
    QString description;      // what it does, in words ("Rebuild users: change type of age"), when generated
    bool losesData = false;   // drops a table or column whose data will be gone (the review marks it)
};

struct PlanStep
{
    QString name; // "0004_posts_view_count_check"
    QString path; // the file it came from, when there is one
};

struct Plan
{
    QList<PlanStep> steps;
    QList<PlanStatement> statements;
    // SQLite ignores PRAGMA foreign_keys inside a transaction. A plan that needs foreign keys off (a
    // table rebuild) says so here; the runner turns them off before BEGIN, runs
    // PRAGMA foreign_key_check before COMMIT, and restores the previous setting afterwards.
    bool foreignKeysOff = false;
    // Notes the planner found while building the plan (e.g. "PRAGMA foreign_keys=OFF hoisted out of
    // 0004_x.sql line 1"), shown in the review.
    QStringList notes;
};

} // namespace sluice
