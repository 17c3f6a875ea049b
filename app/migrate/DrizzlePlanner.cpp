#include "DrizzlePlanner.h"

#include "SqlStatementKind.h"
#include "sql/StatementSplitter.h"

#include <QDir>
#include <QFileInfo>

namespace sluice {

namespace {

const QString kBreakpoint = QStringLiteral("--> statement-breakpoint");

QString shownFile(const MigrationSource& m)
{
    if (m.path.isEmpty())
        return m.name;
    const QFileInfo file(m.path);
    // drizzle 1.0: every file is called migration.sql; its folder says which migration it is.
    if (file.fileName() == QLatin1String("migration.sql"))
        return file.dir().dirName() + QLatin1Char('/') + file.fileName();
    return file.fileName();
}

DbError planError(const MigrationSource& m, int line, const QString& explanation, const QString& hint)
{
    DbError e = DbError::plain(QStringLiteral("Planning migration “%1”").arg(m.name), explanation, hint,
                               m.path.isEmpty() ? m.name : m.path);
    e.line = line;
    return e;
}

} // namespace

QString DrizzlePlanner::quoteName(const QString& table)
{
    QString t = table;
    return QLatin1Char('"') + t.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QString DrizzlePlanner::createMigrationsTableSql(const QString& table, DrizzleBookkeeping bookkeeping)
{
    // drizzle-orm's template literal, tabs and all (SQLite keeps the text from the name on). 1.0's
    // better-sqlite3 path (migrateSync) ends right after the parenthesis.
    if (bookkeeping == DrizzleBookkeeping::V1)
        return QStringLiteral("\n\t\t\tCREATE TABLE IF NOT EXISTS ") + quoteName(table) +
               QStringLiteral(" (\n\t\t\t\tid INTEGER PRIMARY KEY,\n\t\t\t\thash text NOT NULL,\n\t\t\t\t"
                              "created_at numeric,\n\t\t\t\tname text,\n\t\t\t\tapplied_at TEXT\n\t\t\t)");
    return QStringLiteral("\n\t\t\tCREATE TABLE IF NOT EXISTS ") + quoteName(table) +
           QStringLiteral(
               " (\n\t\t\t\tid SERIAL PRIMARY KEY,\n\t\t\t\thash text NOT NULL,\n\t\t\t\tcreated_at "
               "numeric\n\t\t\t)\n\t\t");
}

QString DrizzlePlanner::recordMigrationSql(const QString& table, DrizzleBookkeeping bookkeeping)
{
    if (bookkeeping == DrizzleBookkeeping::V1)
        return QStringLiteral("INSERT INTO ") + quoteName(table) +
               QStringLiteral(" (\"hash\", \"created_at\", \"name\", \"applied_at\") values(?, ?, ?, ?)");
    return QStringLiteral("INSERT INTO ") + quoteName(table) +
           QStringLiteral(" (\"hash\", \"created_at\") VALUES(?, ?)");
}

QString DrizzlePlanner::isoTimestamp(const QDateTime& when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

Result<Plan> DrizzlePlanner::plan(const QList<MigrationSource>& migrations, const DrizzlePlanOptions& options)
{
    Plan plan;
    if (options.createMigrationsTable && !migrations.isEmpty()) {
        // Deliberate difference: drizzle-orm creates the table outside any transaction, so a failed
        // first deploy leaves an empty __drizzle_migrations behind. Here it is the first statement
        // of the transaction: a failed run leaves nothing at all.
        PlanStatement create;
        create.sql = createMigrationsTableSql(options.migrationsTable, options.bookkeeping);
        create.source = QStringLiteral("drizzle-orm bookkeeping");
        create.bookkeeping = true;
        plan.statements << create;
    }
    if (!migrations.isEmpty())
        plan.statements << options.tableUpgrade;
    const QString appliedAt =
        options.appliedAt.isEmpty() ? isoTimestamp(QDateTime::currentDateTimeUtc()) : options.appliedAt;

    for (const MigrationSource& m : migrations) {
        const int step = int(plan.steps.size());
        plan.steps << PlanStep{m.name, m.path};
        const QString file = shownFile(m);
        if (isBlankSql(m.sql))
            return planError(
                m, 0, QStringLiteral("%1 is empty (no SQL statement, only whitespace or comments)").arg(file),
                QStringLiteral(
                    "drizzle-orm's migrator fails the whole run on such a migration too. Write the "
                    "migration's SQL into it (an untouched `drizzle-kit generate --custom` file holds "
                    "only its comment), or delete it together with its journal entry."));

        const QStringList chunks = m.chunks.isEmpty() ? m.sql.split(kBreakpoint) : m.chunks;
        int chunkLine = 1; // the breakpoint marker holds no newline: each chunk starts on its line
        for (qsizetype c = 0; c < chunks.size(); ++c) {
            const QString& chunk = chunks.at(c);
            const QList<StatementSpan> spans = splitStatements(chunk);
            if (spans.isEmpty()) {
                // Where the chunk's own text starts (past its leading newline, when it has one).
                const int line =
                    chunkLine + (chunk.startsWith(QLatin1Char('\n')) && chunk.size() > 1 ? 1 : 0);
                return planError(
                    m, line,
                    QStringLiteral(
                        "statement %1 of %2 in %3 (between statement-breakpoints) is empty or only a "
                        "comment")
                        .arg(c + 1)
                        .arg(chunks.size())
                        .arg(file),
                    QStringLiteral("drizzle-orm's migrator fails the whole run on such a chunk as well (a "
                                   "trailing “--> statement-breakpoint” or an untouched --custom file causes "
                                   "it). Remove the empty part or write its SQL."));
            }
            for (const StatementSpan& span : spans) {
                const int line = chunkLine + span.firstLine - 1;
                if (const QString kw = transactionControlKeyword(span.text); !kw.isEmpty())
                    return planError(
                        m, line, QStringLiteral("%1 contains its own %2 statement").arg(file, kw),
                        QStringLiteral("Sluice runs all pending migrations in one transaction of its "
                                       "own, so a migration may not begin, commit or roll back one. "
                                       "Remove the statement from the file."));
                if (const int fk = foreignKeysAssignment(span.text); fk >= 0) {
                    if (fk == 0) {
                        plan.foreignKeysOff = true;
                        plan.notes << QStringLiteral(
                                          "PRAGMA foreign_keys=OFF at %1 line %2 hoisted: foreign keys "
                                          "are turned off before the transaction begins, checked with "
                                          "PRAGMA foreign_key_check before it commits, and restored "
                                          "afterwards (inside a transaction SQLite ignores the pragma).")
                                          .arg(file)
                                          .arg(line);
                    } else {
                        plan.notes << QStringLiteral(
                                          "PRAGMA foreign_keys=ON at %1 line %2 removed: the previous "
                                          "setting is restored after the transaction.")
                                          .arg(file)
                                          .arg(line);
                    }
                    continue;
                }
                PlanStatement s;
                s.sql = span.text;
                s.source = m.path.isEmpty() ? m.name : m.path;
                s.sourceLine = line;
                s.step = step;
                plan.statements << s;
            }
            chunkLine += int(chunk.count(QLatin1Char('\n')));
        }

        PlanStatement record;
        record.sql = recordMigrationSql(options.migrationsTable, options.bookkeeping);
        const QVariant createdAt =
            m.createdAtIsNull ? QVariant() : QVariant::fromValue<qint64>(m.createdAt); // NaN → NULL
        record.binds = {m.hash, createdAt};
        if (options.bookkeeping == DrizzleBookkeeping::V1)
            record.binds << m.name << appliedAt;
        record.source = m.path.isEmpty() ? m.name : m.path;
        record.step = step;
        record.bookkeeping = true;
        plan.statements << record;
    }
    return plan;
}

} // namespace sluice
