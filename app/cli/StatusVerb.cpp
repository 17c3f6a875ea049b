#include "CliVerbs.h"
#include "core/Connection.h"
#include "drizzle/DrizzleProject.h"
#include "drizzle/MigrationStatus.h"
#include "drizzle/MigrationsLocation.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace sluice::cli {

namespace {

const QList<MigrationState> kAllStates{MigrationState::Applied,
                                       MigrationState::Pending,
                                       MigrationState::AppliedButEdited,
                                       MigrationState::RecordedButMissing,
                                       MigrationState::JournalEntryWithoutFile,
                                       MigrationState::FileWithoutJournalEntry,
                                       MigrationState::OutOfOrder};

QString marker(MigrationState s)
{
    switch (s) {
    case MigrationState::Applied:
        return QStringLiteral("✓");
    case MigrationState::Pending:
        return QStringLiteral("→");
    default:
        return QStringLiteral("✗");
    }
}

QJsonObject itemJson(const MigrationStatusItem& i)
{
    QJsonObject o{
        {QStringLiteral("name"), i.name},     {QStringLiteral("state"), migrationStateName(i.state)},
        {QStringLiteral("path"), i.path},     {QStringLiteral("createdAt"), i.createdAt},
        {QStringLiteral("hash"), i.fileHash}, {QStringLiteral("recordedHash"), i.recordedHash},
        {QStringLiteral("chunks"), i.chunks}, {QStringLiteral("detail"), i.detail}};
    o.insert(QStringLiteral("rowid"), i.rowid > 0 ? QJsonValue(i.rowid) : QJsonValue());
    if (!i.appliedAt.isEmpty())
        o.insert(QStringLiteral("appliedAt"), i.appliedAt);
    return o;
}

int runStatus(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("DB"),
        QStringLiteral("The SQLite database (need not exist yet: then nothing is applied)."));
    const QCommandLineOption migrations(
        QStringLiteral("migrations"),
        QStringLiteral(
            "The migrations folder (default: the `out` of the drizzle.config found beside DB or above "
            "it, or in the current folder)."),
        QStringLiteral("DIR"));
    const QCommandLineOption table(
        QStringLiteral("table"),
        QStringLiteral("The migrations table (default: the config's migrations.table, "
                       "else __drizzle_migrations)."),
        QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(migrations);
    parser.addOption(table);
    parser.addOption(json);
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;

    const QString dbPath = parser.positionalArguments().first();
    auto inputs = locateMigrations(dbPath, parser.value(migrations), parser.value(table));
    if (!inputs) {
        io.err << "sluice status: " << inputs.error().message() << "\n";
        return Failed;
    }
    auto folder = readMigrationFolder(inputs->migrationsDir);
    if (!folder) {
        io.err << "sluice status: " << folder.error().message() << "\n";
        return Failed;
    }

    const bool dbExists = QFileInfo::exists(dbPath);
    AppliedMigrations applied;
    applied.table = inputs->table;
    if (dbExists) {
        OpenOptions options;
        options.mode = OpenOptions::Mode::ReadOnly; // status never writes
        auto connection = Connection::open(dbPath, options);
        if (!connection) {
            io.err << "sluice status: " << connection.error().message() << "\n";
            return Failed;
        }
        auto rows = readAppliedMigrations(**connection, inputs->table);
        if (!rows) {
            io.err << "sluice status: " << rows.error().message() << "\n";
            return Failed;
        }
        applied = *rows;
    }
    const MigrationStatus status = computeMigrationStatus(*folder, applied);
    const QString layout = folder->layout == MigrationLayout::Journal
                               ? QStringLiteral("journal")
                               : QStringLiteral("folder-per-migration");
    const QString dbNote =
        dbExists
            ? QString()
            : QStringLiteral("the database does not exist yet: nothing is applied (a first deploy creates it "
                             "and applies every migration)");

    if (parser.isSet(json)) {
        QJsonObject counts;
        for (MigrationState s : kAllStates)
            counts.insert(migrationStateName(s), status.count(s));
        QJsonArray items;
        for (const MigrationStatusItem& i : status.items)
            items.append(itemJson(i));
        QJsonArray problems;
        for (const FolderProblem& p : status.problems)
            problems.append(QJsonObject{{QStringLiteral("kind"), folderProblemKindName(p.kind)},
                                        {QStringLiteral("file"), p.file},
                                        {QStringLiteral("name"), p.name},
                                        {QStringLiteral("message"), p.message}});
        QJsonObject o{{QStringLiteral("database"), QFileInfo(dbPath).absoluteFilePath()},
                      {QStringLiteral("databaseExists"), dbExists},
                      {QStringLiteral("migrationsFolder"), status.folder},
                      {QStringLiteral("layout"), layout},
                      {QStringLiteral("table"), status.table},
                      {QStringLiteral("tableExists"), status.tableExists},
                      {QStringLiteral("projectDir"), inputs->projectDir},
                      {QStringLiteral("config"), inputs->configPath},
                      {QStringLiteral("upToDate"), status.upToDate()},
                      {QStringLiteral("clean"), status.clean()},
                      {QStringLiteral("counts"), counts},
                      {QStringLiteral("migrations"), items},
                      {QStringLiteral("problems"), problems},
                      {QStringLiteral("notes"), QJsonArray::fromStringList(inputs->notes)}};
        const bool lastIsNumber = status.lastCreatedAt && !std::isnan(*status.lastCreatedAt);
        o.insert(QStringLiteral("lastCreatedAt"),
                 lastIsNumber ? QJsonValue(qint64(*status.lastCreatedAt)) : QJsonValue());
        if (!dbNote.isEmpty())
            o.insert(QStringLiteral("databaseNote"), dbNote);
        io.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return status.clean() ? Ok : ProblemsFound;
    }

    io.out << "Database:   " << QFileInfo(dbPath).absoluteFilePath() << "\n"
           << "Migrations: " << status.folder << " (" << layout << ", " << folder->migrations.size()
           << " files)\n"
           << "Table:      " << status.table
           << (dbExists && !status.tableExists ? QStringLiteral(" (not created yet: nothing applied)")
                                               : QString())
           << "\n";
    if (!dbNote.isEmpty())
        io.out << "Note:       " << dbNote << "\n";
    for (const QString& n : inputs->notes)
        io.out << "Note:       " << n << "\n";
    io.out << "\n";
    int width = 0;
    for (const MigrationStatusItem& i : status.items)
        width = std::max(width, int(migrationStateName(i.state).size()));
    for (const MigrationStatusItem& i : status.items) {
        const QString name = i.name.isEmpty() ? QStringLiteral("(row %1)").arg(i.rowid) : i.name;
        io.out << marker(i.state) << " " << migrationStateName(i.state).leftJustified(width) << "  " << name;
        if (!i.detail.isEmpty())
            io.out << "\n    " << i.detail;
        io.out << "\n";
    }
    if (!status.problems.isEmpty()) {
        io.out << "\nProblems in the migrations folder:\n";
        for (const FolderProblem& p : status.problems)
            io.out << "✗ " << folderProblemKindName(p.kind) << ": " << p.message << "\n";
    }
    QStringList summary;
    for (MigrationState s : kAllStates)
        if (int n = status.count(s); n > 0 || s == MigrationState::Applied || s == MigrationState::Pending)
            summary.append(QStringLiteral("%1 %2").arg(n).arg(migrationStateName(s)));
    io.out << "\n" << summary.join(QStringLiteral(", "));
    if (!status.problems.isEmpty())
        io.out << ", " << status.problems.size() << " folder problem(s)";
    io.out << "\n"
           << (status.clean() ? "Up to date."
               : status.upToDate() && status.count(MigrationState::Applied) == status.items.size()
                   ? "Up to date, but the migrations folder has problems."
               : status.upToDate()
                   ? "Nothing pending, but see the problems above."
                   : "Pending migrations: run `sluice migrate` (or your drizzle migrate step).")
           << "\n";
    return status.clean() ? Ok : ProblemsFound;
}

} // namespace

Verb statusVerb()
{
    Verb v;
    v.name = QStringLiteral("status");
    v.synopsis = QStringLiteral("status DB [--migrations DIR] [--json]");
    v.summary =
        QStringLiteral("Which Drizzle migrations DB has, decided as drizzle-orm does (exit 1: pending "
                       "or problems).");
    v.run = [v](const QStringList& args, Io& io) { return runStatus(v, args, io); };
    return v;
}

} // namespace sluice::cli
