// `sluice migrate DB`: drizzle-orm's migrator, safely — pending decided exactly as drizzle-orm
// decides it, a verified backup first, every pending migration in one transaction through
// PlanRunner. Exit codes: 0 applied / nothing to do / dry run succeeded; 1 the dry run found that
// the migrations would fail (the database is untouched); 2 failure, nothing changed (bad
// arguments, unreadable folder, refused plan, SQL error, lock, read-only, backup impossible).
#include "CliVerbs.h"
#include "backup/BackupService.h"
#include "core/Connection.h"
#include "drizzle/AppliedMigrations.h"
#include "drizzle/DrizzleProject.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationsLocation.h"
#include "drizzle/PendingMigrations.h"
#include "migrate/DrizzlePlanner.h"
#include "migrate/DryRun.h"
#include "migrate/DryRunReport.h"
#include "migrate/MigrationLint.h"
#include "migrate/PlanRunner.h"
#include "schema/SchemaReader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace sluice::cli {

namespace {

QJsonObject errorJson(const DbError& e, const Plan& plan)
{
    QJsonObject o{{QStringLiteral("message"), e.message()}};
    for (const PlanStep& s : plan.steps)
        if (!e.path.isEmpty() && s.path == e.path)
            o.insert(QStringLiteral("migration"), s.name);
    if (!e.path.isEmpty())
        o.insert(QStringLiteral("file"), e.path);
    if (e.line > 0)
        o.insert(QStringLiteral("line"), e.line);
    if (!e.statement.isEmpty())
        o.insert(QStringLiteral("statement"), e.statement);
    if (!e.sqliteMessage.isEmpty())
        o.insert(QStringLiteral("sqliteMessage"), e.sqliteMessage);
    if (e.code != 0)
        o.insert(QStringLiteral("code"), sqliteCodeName(e.code));
    return o;
}

int runMigrate(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"),
                                 QStringLiteral("The SQLite database (created when it does not exist yet)."));
    const QCommandLineOption migrationsOpt(
        QStringLiteral("migrations"),
        QStringLiteral("The drizzle-kit migrations folder (default: the `out` of the Drizzle "
                       "project around the database)."),
        QStringLiteral("DIR"));
    const QCommandLineOption dryRunOpt(
        QStringLiteral("dry-run"), QStringLiteral("Apply to a temporary copy and report; the database is not "
                                                  "touched."));
    const QCommandLineOption noBackupOpt(QStringLiteral("no-backup"),
                                         QStringLiteral("Do not take the pre-migration backup."));
    const QCommandLineOption backupDirOpt(
        QStringLiteral("backup-dir"),
        QStringLiteral("Where the pre-migration backup goes (default: backups/ "
                       "beside the database)."),
        QStringLiteral("DIR"));
    const QCommandLineOption tableOpt(
        QStringLiteral("table"),
        QStringLiteral("The migrations table (default: the project's migrations.table, else "
                       "__drizzle_migrations)."),
        QStringLiteral("NAME"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({migrationsOpt, dryRunOpt, noBackupOpt, backupDirOpt, tableOpt, jsonOpt});
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;

    QElapsedTimer clock;
    clock.start();
    const bool json = parser.isSet(jsonOpt);
    const bool dryRun = parser.isSet(dryRunOpt);
    const QString dbPath = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    QJsonObject report{{QStringLiteral("database"), dbPath},
                       {QStringLiteral("dryRun"), dryRun},
                       {QStringLiteral("backup"), QJsonValue::Null}};
    Plan plan;

    auto finish = [&](int code) {
        report.insert(QStringLiteral("durationMs"), clock.elapsed());
        if (json)
            io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        return code;
    };
    auto failWith = [&](const DbError& e, int code, const QString& status) {
        io.err << "sluice migrate: " << e.message() << "\n";
        report.insert(QStringLiteral("status"), status);
        report.insert(QStringLiteral("error"), errorJson(e, plan));
        return finish(code);
    };
    auto refuse = [&](const QString& what, const QString& hint) {
        return failWith(DbError::plain(QStringLiteral("Migrating"), what, hint, dbPath), Failed,
                        QStringLiteral("failed"));
    };

    auto inputs = locateMigrations(dbPath, parser.value(migrationsOpt), parser.value(tableOpt));
    if (!inputs)
        return failWith(inputs.error(), Failed, QStringLiteral("failed"));
    const QString folder = inputs->migrationsDir;
    const QString table = inputs->table;
    report.insert(QStringLiteral("migrations"), folder);
    report.insert(QStringLiteral("table"), table);
    auto read = readMigrationFolder(folder);
    if (!read)
        return failWith(read.error(), Failed, QStringLiteral("failed"));
    const QList<MigrationSource>& all = read->migrations;

    // First deploy: drizzle's migrator creates the database; there is nothing to back up.
    const bool firstDeploy = !QFileInfo::exists(dbPath);
    std::unique_ptr<Connection> connection;
    if (!firstDeploy || !dryRun) {
        OpenOptions open;
        open.mode = firstDeploy ? OpenOptions::Mode::Create : OpenOptions::Mode::ReadWrite;
        auto c = Connection::open(dbPath, open);
        if (!c)
            return failWith(c.error(), Failed, QStringLiteral("failed"));
        connection = std::move(c.value());
        if (connection->isReadOnly() && !dryRun)
            return refuse(
                QStringLiteral("the database is read-only: %1").arg(connection->readOnlyReason()),
                QStringLiteral("Nothing was changed. Fix the permissions of the file and its folder."));
    }
    auto removeCreatedFile = [&] {
        // A failed first deploy leaves no empty database file behind.
        if (firstDeploy && !dryRun) {
            connection.reset();
            if (QFileInfo(dbPath).size() == 0)
                QFile::remove(dbPath);
        }
    };

    AppliedMigrations applied;
    applied.table = table;
    if (connection && !firstDeploy) {
        auto rows = readAppliedMigrations(*connection, table);
        if (!rows)
            return failWith(rows.error(), Failed, QStringLiteral("failed"));
        applied = *rows;
    }
    // Decided exactly as the drizzle-orm of this layout decides (0.x: newest created_at; 1.0: by name).
    auto decided = pendingRun(*read, applied);
    if (!decided) {
        removeCreatedFile();
        return failWith(decided.error(), Failed, QStringLiteral("failed"));
    }
    const QList<MigrationSource> pending = decided->pending;
    QJsonArray pendingJson;
    for (const MigrationSource& m : pending)
        pendingJson << QJsonObject{{QStringLiteral("name"), m.name},
                                   {QStringLiteral("hash"), m.hash},
                                   {QStringLiteral("createdAt"), m.createdAt}};
    report.insert(QStringLiteral("pending"), pendingJson);
    report.insert(QStringLiteral("applied"), QJsonArray());
    if (pending.isEmpty()) {
        removeCreatedFile();
        if (!json)
            io.out << "Nothing to do: all " << all.size() << " migrations of " << folder << " are applied.\n";
        report.insert(QStringLiteral("status"), QStringLiteral("nothing-to-do"));
        return finish(Ok);
    }

    const DrizzlePlanOptions planOptions = decided->planOptions;
    auto planned = DrizzlePlanner::plan(pending, planOptions);
    if (!planned) {
        removeCreatedFile();
        return failWith(planned.error(), Failed, QStringLiteral("failed"));
    }
    plan = planned.value();
    report.insert(QStringLiteral("notes"), QJsonArray::fromStringList(plan.notes));
    if (!json) {
        io.out << pending.size() << " pending migration(s) from " << folder << (dryRun ? " (dry run)" : "")
               << ":\n";
        for (const MigrationSource& m : pending)
            io.out << "  " << m.name << "\n";
        for (const QString& n : plan.notes)
            io.out << "note: " << n << "\n";
        io.out.flush(); // shown before a long backup or apply (container logs)
    }

    // A dry run of an existing database: the full review — risks in the SQL, a rehearsal on a copy
    // (row counts, cascades, foreign keys, integrity, schema diff) and what drizzle-orm's own
    // migrator would do instead. The database itself is never written.
    if (dryRun && connection) {
        auto schema = readSchema(*connection);
        QList<LintFinding> findings;
        if (schema) {
            LintOptions lintOptions;
            lintOptions.data = connection.get();
            findings = lintMigrations(pending, schema->schema, lintOptions);
        }
        auto rehearsal = runDryRun(*connection, DryRunInput{pending, plan, planOptions});
        if (!rehearsal)
            return failWith(rehearsal.error(), Failed, QStringLiteral("failed"));
        report.insert(QStringLiteral("risks"), lintFindingsToJson(findings, pending));
        report.insert(QStringLiteral("dryRunReport"), dryRunToJson(*rehearsal));
        report.insert(QStringLiteral("status"),
                      rehearsal->ok ? QStringLiteral("would-apply") : QStringLiteral("would-fail"));
        report.insert(QStringLiteral("statementsRun"), rehearsal->ok ? rehearsal->statements : 0);
        if (!rehearsal->ok) {
            const QString why = rehearsal->failure ? rehearsal->failure->message : rehearsal->planError;
            io.err << "sluice migrate: the dry run failed; the database was not touched: " << why << "\n";
            if (rehearsal->failure)
                report.insert(
                    QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("migration"), rehearsal->failure->migration},
                                {QStringLiteral("line"), rehearsal->failure->line},
                                {QStringLiteral("statement"), rehearsal->failure->sql},
                                {QStringLiteral("sqliteMessage"), rehearsal->failure->sqliteMessage},
                                {QStringLiteral("code"), rehearsal->failure->code}});
        }
        if (!json) {
            if (!findings.isEmpty())
                io.out << "\nRisks:\n" << formatLintFindings(findings, pending);
            io.out << "\n" << formatDryRunReport(*rehearsal);
            io.out << (rehearsal->ok ? "\nDry run succeeded; the database was not touched.\n"
                                     : "\nThe migrations would fail; the database was not touched.\n");
        }
        return finish(rehearsal->ok ? Ok : ProblemsFound);
    }

    // Where the plan runs: the database itself, or (first deploy, dry run) a temporary new file.
    QTemporaryDir scratch;
    std::unique_ptr<Connection> target;
    if (dryRun) {
        if (!scratch.isValid())
            return refuse(QStringLiteral("cannot create a temporary folder for the dry run"), {});
        const QString copy = scratch.filePath(QStringLiteral("dry-run.sqlite3"));
        if (connection) {
            auto b = BackupService::backup(*connection, copy);
            if (!b)
                return failWith(b.error(), Failed, QStringLiteral("failed"));
        }
        OpenOptions open;
        open.mode = OpenOptions::Mode::Create;
        auto c = Connection::open(copy, open);
        if (!c)
            return failWith(c.error(), Failed, QStringLiteral("failed"));
        target = std::move(c.value());
    } else if (!parser.isSet(noBackupOpt) && !firstDeploy) {
        const QString dir = parser.isSet(backupDirOpt)
                                ? QFileInfo(parser.value(backupDirOpt)).absoluteFilePath()
                                : QDir(QFileInfo(dbPath).absolutePath()).filePath(QStringLiteral("backups"));
        QDir().mkpath(dir);
        if (const QString why = BackupService::whyNotWritableFolder(dir); !why.isEmpty())
            return refuse(
                QStringLiteral("cannot take the pre-migration backup: %1").arg(why),
                QStringLiteral("Nothing was changed. Fix the folder, choose another with --backup-dir, "
                               "or pass --no-backup to apply without a backup."));
        auto b = BackupService::backup(*connection, dir);
        if (!b) {
            DbError e = b.error();
            e.hint += QStringLiteral(
                " The migrations were not applied; pass --no-backup to apply without a backup.");
            return failWith(e, Failed, QStringLiteral("failed"));
        }
        report.insert(QStringLiteral("backup"), b->path);
        if (!json)
            io.out << "backup: " << b->path << "\n";
    }

    Connection& on = target ? *target : *connection;
    PlanRunOptions runOptions;
    if (!dryRun) {
        // Between reading the table above and BEGIN IMMEDIATE another process may have migrated.
        const QStringList expected = decided->names();
        runOptions.afterBegin = [&read, table, expected](Connection& c) {
            return recheckPending(c, *read, table, expected);
        };
    }
    auto ran = PlanRunner::run(on, plan, nullptr, runOptions);
    if (!ran) {
        removeCreatedFile();
        if (dryRun) {
            io.err << "sluice migrate: the dry run failed; the database was not touched.\n";
            return failWith(ran.error(), ProblemsFound, QStringLiteral("would-fail"));
        }
        return failWith(ran.error(), Failed, QStringLiteral("failed"));
    }
    report.insert(QStringLiteral("applied"), pendingJson);
    report.insert(QStringLiteral("statementsRun"), ran->statementsRun);
    report.insert(QStringLiteral("status"),
                  dryRun ? QStringLiteral("would-apply") : QStringLiteral("applied"));
    if (!json) {
        io.out << (dryRun ? "Dry run succeeded: " : "Applied ") << pending.size() << " migration(s), "
               << ran->statementsRun << " statements, in " << clock.elapsed() << " ms"
               << (dryRun ? "; the database was not touched.\n" : ".\n");
    }
    return finish(Ok);
}

} // namespace

Verb migrateVerb()
{
    Verb v;
    v.name = QStringLiteral("migrate");
    v.synopsis =
        QStringLiteral("migrate DB [--migrations DIR] [--dry-run] [--no-backup] [--backup-dir DIR] [--json]");
    v.summary = QStringLiteral("Apply pending Drizzle migrations safely (backup, one transaction).");
    v.run = [v](const QStringList& args, Io& io) { return runMigrate(v, args, io); };
    return v;
}

} // namespace sluice::cli
