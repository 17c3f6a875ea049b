// `sluice drift DB`: does the live schema still match the latest drizzle-kit snapshot of its
// project? Someone changed production by hand, or a migration was skipped. Prints what differs and
// the SQL that reconciles the database with the snapshot; exit 1 when they differ.
#include "CliVerbs.h"
#include "core/Connection.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationsLocation.h"
#include "schema/SchemaReader.h"
#include "schemaplan/DrizzleSnapshotSchema.h"
#include "schemaplan/PlanScript.h"
#include "schemaplan/SchemaPlanner.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::cli {

static int runDrift(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The SQLite database."));
    const QCommandLineOption migrationsOpt(
        QStringLiteral("migrations"),
        QStringLiteral(
            "The drizzle-kit migrations folder (default: the `out` of the Drizzle project around the "
            "database)."),
        QStringLiteral("DIR"));
    const QCommandLineOption snapshotOpt(
        QStringLiteral("snapshot"), QStringLiteral("Compare with this snapshot instead of the latest one."),
        QStringLiteral("FILE"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({migrationsOpt, snapshotOpt, jsonOpt});
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;
    auto fail = [&](const DbError& e) {
        io.err << "sluice drift: " << e.message() << "\n";
        return int(Failed);
    };
    const QString dbPath = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    if (!QFileInfo::exists(dbPath))
        return fail(DbError::plain(QStringLiteral("Checking for drift"),
                                   QStringLiteral("%1 does not exist").arg(dbPath),
                                   QStringLiteral("Give the path of the database file."), dbPath));

    auto location = locateMigrations(dbPath, parser.value(migrationsOpt));
    if (!location)
        return fail(location.error());
    QString snapshotPath = parser.value(snapshotOpt);
    if (snapshotPath.isEmpty()) {
        auto folder = readMigrationFolder(location->migrationsDir);
        if (!folder)
            return fail(folder.error());
        QStringList snapshots = folder->snapshots;
        snapshots.sort(); // NNNN_snapshot.json and <timestamp>_<name>/snapshot.json both sort by age
        if (snapshots.isEmpty())
            return fail(DbError::plain(QStringLiteral("Checking for drift"),
                                       QStringLiteral("%1 holds no snapshot").arg(location->migrationsDir),
                                       QStringLiteral("Run drizzle-kit generate, or pass --snapshot FILE.")));
        snapshotPath = snapshots.last();
    }
    QFile file(snapshotPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(DbError::plain(
            QStringLiteral("Checking for drift"),
            QStringLiteral("%1 cannot be read: %2").arg(snapshotPath, file.errorString()), {}, snapshotPath));
    auto snapshot = schemaFromDrizzleSnapshot(file.readAll(), snapshotPath);
    if (!snapshot)
        return fail(snapshot.error());

    OpenOptions open;
    open.mode = OpenOptions::Mode::ReadOnly;
    auto db = Connection::open(dbPath, open);
    if (!db)
        return fail(db.error());
    auto live = readSchema(*db.value());
    if (!live)
        return fail(live.error());
    Schema liveSchema = live->schema;
    // The migrations table is bookkeeping, not part of the app's schema.
    liveSchema.tables.removeIf(
        [&](const Table& t) { return t.name.compare(location->table, Qt::CaseInsensitive) == 0; });
    // Drizzle does not describe triggers (they come from hand-written custom migrations), so a
    // trigger is never drift.
    liveSchema.triggers.clear();
    liveSchema.indexes.removeIf(
        [&](const Index& i) { return i.table.compare(location->table, Qt::CaseInsensitive) == 0; });

    SchemaPlanOptions options;
    options.columnOrderMatters = false;
    auto planned = planSchemaChange(liveSchema, snapshot->schema, {}, options);
    if (!planned)
        return fail(planned.error());
    const SchemaPlan& plan = planned.value();
    const bool drift = !plan.isEmpty();

    if (parser.isSet(jsonOpt)) {
        QJsonArray differences;
        for (const PlanStatement& s : plan.plan.statements)
            differences << QJsonObject{{QStringLiteral("description"), s.description},
                                       {QStringLiteral("sql"), s.sql},
                                       {QStringLiteral("losesData"), s.losesData}};
        io.out << QJsonDocument(QJsonObject{{QStringLiteral("database"), dbPath},
                                            {QStringLiteral("snapshot"), snapshotPath},
                                            {QStringLiteral("drift"), drift},
                                            {QStringLiteral("reconcile"), differences},
                                            {QStringLiteral("script"),
                                             drift ? renderSqliteScript(plan.plan) : QString()}})
                      .toJson(QJsonDocument::Indented);
        return drift ? ProblemsFound : Ok;
    }
    if (!drift) {
        io.out << "No drift: " << dbPath << " matches " << snapshotPath << ".\n";
        return Ok;
    }
    io.out << dbPath << " differs from " << snapshotPath << ":\n";
    for (const PlanStatement& s : plan.plan.statements)
        if (!s.description.contains(QStringLiteral("(recreated below)")))
            io.out << "  - " << s.description << "\n";
    io.out << "\nSQL that brings the database to the snapshot (review it; `sluice diff` can apply it):\n\n"
           << renderSqliteScript(plan.plan);
    return ProblemsFound;
}

Verb driftVerb()
{
    Verb v;
    v.name = QStringLiteral("drift");
    v.synopsis = QStringLiteral("drift DB [--migrations DIR]");
    v.summary = QStringLiteral("Compare the live schema with the latest Drizzle snapshot (exit 1 on drift).");
    v.run = [v](const QStringList& args, Io& io) { return runDrift(v, args, io); };
    return v;
}

} // namespace sluice::cli
