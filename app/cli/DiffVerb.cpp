// `sluice diff FROM TO`: the migration SQL that turns schema FROM into schema TO (each a database
// file or a .sql file), from the same planner the GUI uses; `--apply DB` runs it through the one
// plan runner, after a verified backup; `--save-migration DIR --name NAME` writes it into a Drizzle
// migrations folder as the next custom migration.
#include "CliVerbs.h"
#include "core/Connection.h"
#include "drizzle/CustomMigration.h"
#include "schema/SchemaReader.h"
#include "schemaplan/PlanScript.h"
#include "schemaplan/SchemaChangeApply.h"
#include "schemaplan/SchemaPlanner.h"
#include "schemaplan/SchemaShape.h"
#include "schemaplan/SchemaSource.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::cli {

static QJsonObject planJson(const SchemaPlan& p)
{
    QJsonArray statements;
    for (const PlanStatement& s : p.plan.statements)
        statements << QJsonObject{{QStringLiteral("sql"), s.sql},
                                  {QStringLiteral("binds"), QJsonArray::fromVariantList(s.binds)},
                                  {QStringLiteral("description"), s.description},
                                  {QStringLiteral("losesData"), s.losesData}};
    QJsonArray candidates;
    for (const RenameCandidate& c : p.renameCandidates)
        candidates << QJsonObject{{QStringLiteral("kind"), c.kind == RenameCandidate::Kind::Table
                                                               ? QStringLiteral("table")
                                                               : QStringLiteral("column")},
                                  {QStringLiteral("table"), c.table},
                                  {QStringLiteral("from"), c.from},
                                  {QStringLiteral("to"), c.to},
                                  {QStringLiteral("reason"), c.reason}};
    return QJsonObject{{QStringLiteral("statements"), statements},
                       {QStringLiteral("foreignKeysOff"), p.plan.foreignKeysOff},
                       {QStringLiteral("losesData"), p.losesData},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(p.warnings)},
                       {QStringLiteral("blockers"), QJsonArray::fromStringList(p.blockers)},
                       {QStringLiteral("renameCandidates"), candidates}};
}

static int runDiff(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("FROM"),
        QStringLiteral("The schema now: a database file, a .sql file or a drizzle-kit snapshot JSON."));
    parser.addPositionalArgument(
        QStringLiteral("TO"),
        QStringLiteral("The schema wanted: a database file, a .sql file or a drizzle-kit snapshot JSON."));
    const QCommandLineOption renameOpt(
        QStringLiteral("rename"),
        QStringLiteral("A column that was renamed, not dropped and added (repeatable): TABLE.OLD=NEW."),
        QStringLiteral("TABLE.OLD=NEW"));
    const QCommandLineOption renameTableOpt(QStringLiteral("rename-table"),
                                            QStringLiteral("A table that was renamed (repeatable): OLD=NEW."),
                                            QStringLiteral("OLD=NEW"));
    const QCommandLineOption formatOpt(
        QStringLiteral("format"),
        QStringLiteral(
            "sql (default): a script for the sqlite3 shell, with its own transaction and foreign-key "
            "handling; drizzle: statements separated by --> statement-breakpoint, for a migrations folder."),
        QStringLiteral("sql|drizzle"), QStringLiteral("sql"));
    const QCommandLineOption applyOpt(
        QStringLiteral("apply"),
        QStringLiteral(
            "Apply the change to DB (whose schema must equal FROM) in one transaction, after a verified "
            "backup into backups/ beside it."),
        QStringLiteral("DB"));
    const QCommandLineOption noBackupOpt(QStringLiteral("no-backup"),
                                         QStringLiteral("With --apply: no backup first."));
    const QCommandLineOption yesOpt(
        QStringLiteral("yes"),
        QStringLiteral("With --apply or --save-migration: go ahead even though the change drops data."));
    const QCommandLineOption saveOpt(
        QStringLiteral("save-migration"),
        QStringLiteral("Write the change (drizzle format) into the Drizzle migrations folder DIR as the next "
                       "migration, laid out as `drizzle-kit generate --custom --name NAME` lays it out "
                       "(the previous snapshot carried over), and print the files written."),
        QStringLiteral("DIR"));
    const QCommandLineOption nameOpt(QStringLiteral("name"),
                                     QStringLiteral("With --save-migration: the migration's name."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the plan as JSON."));
    parser.addOptions(
        {renameOpt, renameTableOpt, formatOpt, applyOpt, noBackupOpt, yesOpt, saveOpt, nameOpt, jsonOpt});
    if (int stop = parseVerbArguments(parser, verb, args, io, 2, 2); stop >= 0)
        return stop;
    auto fail = [&](const DbError& e) {
        io.err << "sluice diff: " << e.message() << "\n";
        return int(Failed);
    };

    const QString format = parser.value(formatOpt);
    if (format != QLatin1String("sql") && format != QLatin1String("drizzle")) {
        io.err << "sluice diff: unknown --format “" << format << "”: use sql or drizzle.\n";
        return Failed;
    }
    const bool save = parser.isSet(saveOpt);
    if (save && parser.isSet(applyOpt)) {
        io.err << "sluice diff: --save-migration and --apply do not go together: save the migration, then "
                  "apply it with sluice migrate.\n";
        return Failed;
    }
    if (save && !parser.isSet(nameOpt)) {
        io.err << "sluice diff: --save-migration needs --name NAME (the migration's name, e.g. "
                  "add_audit_log).\n";
        return Failed;
    }
    if (!save && parser.isSet(nameOpt)) {
        io.err << "sluice diff: --name only goes with --save-migration DIR.\n";
        return Failed;
    }
    auto hints = RenameHints::parse(parser.values(renameOpt), parser.values(renameTableOpt));
    if (!hints)
        return fail(hints.error());
    const QString fromPath = parser.positionalArguments().at(0);
    const QString toPath = parser.positionalArguments().at(1);
    auto from = loadSchemaSource(fromPath);
    if (!from)
        return fail(from.error());
    auto to = loadSchemaSource(toPath);
    if (!to)
        return fail(to.error());
    SchemaPlanOptions planOptions;
    planOptions.columnOrderMatters = from->columnOrderMatters() && to->columnOrderMatters();
    auto planned = planSchemaChange(from->schema, to->schema, hints.value(), planOptions);
    if (!planned)
        return fail(planned.error());
    const SchemaPlan& plan = planned.value();

    QJsonObject report = planJson(plan);
    report.insert(QStringLiteral("from"), fromPath);
    report.insert(QStringLiteral("to"), toPath);
    const bool json = parser.isSet(jsonOpt);
    if (!json) {
        for (const QString& w : plan.warnings)
            if (!plan.blockers.contains(w))
                io.err << "warning: " << w << "\n";
        for (const QString& b : plan.blockers)
            io.err << "error: " << b << "\n";
        for (const RenameCandidate& c : plan.renameCandidates) {
            if (c.kind == RenameCandidate::Kind::Table)
                io.err << "note: table " << c.from << " disappears and " << c.to << " appears (" << c.reason
                       << "): if it was renamed, pass --rename-table " << c.from << "=" << c.to << "\n";
            else
                io.err << "note: column " << c.table << "." << c.from << " disappears and " << c.to
                       << " appears (" << c.reason << "): if it was renamed, pass --rename " << c.table << "."
                       << c.from << "=" << c.to << "\n";
        }
    }

    if (save) {
        if (plan.isEmpty()) {
            io.err << "The schemas are the same: no migration saved.\n";
            return Ok;
        }
        if (plan.needsAttention()) {
            io.err
                << "sluice diff: refusing to save: the migration would fail or leave a broken trigger (see "
                   "the errors above). Nothing was written.\n";
            return Failed;
        }
        if (plan.losesData && !parser.isSet(yesOpt)) {
            io.err << "sluice diff: refusing to save: the migration drops data (see the warnings above). "
                      "Nothing was written. Pass --yes to save it anyway.\n";
            return Failed;
        }
        auto saved = saveCustomMigration(parser.value(saveOpt), parser.value(nameOpt),
                                         renderDrizzleMigration(plan.plan));
        if (!saved)
            return fail(saved.error());
        QStringList written{saved->sqlPath, saved->snapshotPath};
        if (!saved->journalPath.isEmpty())
            written << saved->journalPath;
        if (json) {
            report.insert(QStringLiteral("savedMigration"),
                          QJsonObject{{QStringLiteral("tag"), saved->tag},
                                      {QStringLiteral("sql"), saved->sqlPath},
                                      {QStringLiteral("snapshot"), saved->snapshotPath},
                                      {QStringLiteral("journal"), saved->journalPath}});
            io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        } else {
            io.out << "Saved migration " << saved->tag << ":\n";
            for (const QString& f : written)
                io.out << "  " << QDir::toNativeSeparators(f) << "\n";
        }
        return Ok;
    }

    if (!parser.isSet(applyOpt)) {
        if (json) {
            report.insert(QStringLiteral("script"), format == QLatin1String("drizzle")
                                                        ? renderDrizzleMigration(plan.plan)
                                                        : renderSqliteScript(plan.plan));
            io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        } else if (!plan.isEmpty()) {
            io.out << (format == QLatin1String("drizzle")
                           ? renderDrizzleMigration(plan.plan)
                           : renderSqliteScript(plan.plan,
                                                QStringLiteral("Generated by sluice %1: %2 → %3")
                                                    .arg(QStringLiteral(SLUICE_VERSION), fromPath, toPath)));
        } else {
            io.err << "The schemas are the same.\n";
        }
        return plan.isEmpty() ? Ok : ProblemsFound;
    }

    // --apply: the target must have exactly the schema the plan was made from.
    const QString dbPath = parser.value(applyOpt);
    if (plan.needsAttention()) {
        io.err << "sluice diff: refusing to apply: the change would fail or leave a broken trigger (see the "
                  "errors above). Nothing was changed.\n";
        return Failed;
    }
    if (plan.losesData && !parser.isSet(yesOpt)) {
        io.err
            << "sluice diff: refusing to apply: the change drops data (see the warnings above). Nothing was "
               "changed. Pass --yes to apply it anyway.\n";
        return Failed;
    }
    auto db = Connection::open(dbPath);
    if (!db)
        return fail(db.error());
    if (db.value()->isReadOnly())
        return fail(DbError::plain(QStringLiteral("Applying the schema change"),
                                   QStringLiteral("%1 is read-only").arg(dbPath),
                                   QStringLiteral("Nothing was changed."), dbPath));
    auto live = readSchema(*db.value());
    if (!live)
        return fail(live.error());
    if (schemaShape(live->schema, !planOptions.columnOrderMatters) !=
        schemaShape(from->schema, !planOptions.columnOrderMatters))
        return fail(
            DbError::plain(QStringLiteral("Applying the schema change"),
                           QStringLiteral("the schema of %1 is not the schema of %2, which the change was "
                                          "computed from")
                               .arg(dbPath, fromPath),
                           QStringLiteral("Nothing was changed. Compute the change from the database "
                                          "itself: sluice diff %1 %2 --apply %1.")
                               .arg(dbPath, toPath),
                           dbPath));
    if (plan.isEmpty()) {
        io.err << "Nothing to do: " << dbPath << " already has the schema of " << toPath << ".\n";
        return Ok;
    }
    SchemaChangeApplyOptions applyOptions;
    applyOptions.ignoreColumnOrder = !planOptions.columnOrderMatters;
    if (!parser.isSet(noBackupOpt))
        applyOptions.backupFolder = QFileInfo(dbPath).absoluteDir().filePath(QStringLiteral("backups"));
    auto ran = applySchemaPlan(*db.value(), plan, from->schema, applyOptions);
    if (!ran)
        return fail(ran.error());
    if (!ran->backupPath.isEmpty()) {
        report.insert(QStringLiteral("backup"), ran->backupPath);
        if (!json)
            io.err << "Backup: " << ran->backupPath << "\n";
    }
    report.insert(QStringLiteral("applied"), true);
    if (json)
        io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    else
        io.err << "Applied " << ran->run.statementsRun << " statement(s) to " << dbPath
               << " in one transaction.\n";
    return Ok;
}

Verb diffVerb()
{
    Verb v;
    v.name = QStringLiteral("diff");
    v.synopsis = QStringLiteral("diff FROM TO [--apply DB | --save-migration DIR --name NAME]");
    v.summary = QStringLiteral("Print (or apply) the migration SQL from one schema to another.");
    v.run = [v](const QStringList& args, Io& io) { return runDiff(v, args, io); };
    return v;
}

} // namespace sluice::cli
