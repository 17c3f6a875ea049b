#include "CliVerbs.h"
#include "core/Connection.h"
#include "health/ForeignKeyCheck.h"
#include "health/IntegrityCheck.h"
#include "health/MigrationTableCheck.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace sluice::cli {

namespace {

const char* const kExitCodes =
    "\nExit codes:\n"
    "  0  clean: integrity ok, no foreign key violations, migrations table valid (or no project found)\n"
    "  1  problems found: corruption, foreign key violations, or a migrations table that does not match\n"
    "     the project's migrations (pending migrations alone are not a problem)\n"
    "  2  could not run: no such file, not a SQLite database, unreadable, bad arguments\n";

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 2 : 1);
}

QString valueText(const QVariant& v)
{
    return v.isNull() ? QStringLiteral("NULL") : v.toString();
}

QJsonObject integrityJson(const IntegrityReport& r)
{
    return QJsonObject{
        {QStringLiteral("mode"), r.quick ? QStringLiteral("quick_check") : QStringLiteral("integrity_check")},
        {QStringLiteral("ok"), r.ok()},
        {QStringLiteral("problems"), QJsonArray::fromStringList(r.problems)},
        {QStringLiteral("truncated"), r.truncated},
        {QStringLiteral("aborted"), r.aborted},
        {QStringLiteral("maxErrors"), r.maxErrors},
        {QStringLiteral("elapsedMs"), r.elapsedMs}};
}

QJsonObject foreignKeysJson(const ForeignKeyReport& r)
{
    QJsonArray rows;
    for (const ForeignKeyCheckViolation& v : r.violations) {
        QJsonArray values;
        for (const QVariant& x : v.childValues)
            values.append(QJsonValue::fromVariant(x));
        rows.append(
            QJsonObject{{QStringLiteral("table"), v.table},
                        {QStringLiteral("rowid"), v.rowid ? QJsonValue(*v.rowid) : QJsonValue()},
                        {QStringLiteral("parentTable"), v.parentTable},
                        {QStringLiteral("fkIndex"), v.fkIndex},
                        {QStringLiteral("columns"), QJsonArray::fromStringList(v.childColumns)},
                        {QStringLiteral("parentColumns"), QJsonArray::fromStringList(v.parentColumns)},
                        {QStringLiteral("values"), values},
                        {QStringLiteral("constraint"), v.constraintText()}});
    }
    return QJsonObject{{QStringLiteral("ok"), r.ok()},
                       {QStringLiteral("violations"), rows},
                       {QStringLiteral("truncated"), r.truncated},
                       {QStringLiteral("elapsedMs"), r.elapsedMs}};
}

QJsonObject migrationsJson(const MigrationTableReport& r)
{
    QJsonArray findings;
    for (const MigrationTableFinding& f : r.findings)
        findings.append(
            QJsonObject{{QStringLiteral("severity"), healthSeverityName(f.severity)},
                        {QStringLiteral("code"), f.code},
                        {QStringLiteral("message"), f.message},
                        {QStringLiteral("rowid"), f.rowid > 0 ? QJsonValue(f.rowid) : QJsonValue()},
                        {QStringLiteral("migration"), f.migration}});
    return QJsonObject{{QStringLiteral("ok"), r.ok()},
                       {QStringLiteral("folder"), r.location.migrationsDir},
                       {QStringLiteral("projectDir"), r.location.projectDir},
                       {QStringLiteral("table"), r.table},
                       {QStringLiteral("tableExists"), r.tableExists},
                       {QStringLiteral("rows"), r.rowCount},
                       {QStringLiteral("summary"), r.summary()},
                       {QStringLiteral("findings"), findings}};
}

QJsonObject errorJson(const DbError& e)
{
    return QJsonObject{{QStringLiteral("error"), e.message()}};
}

int runCheck(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"),
                                 QStringLiteral("The SQLite database to check (opened read-only)."));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print JSON (keys: database, sqliteVersion, exitCode, integrity, "
                       "foreignKeys, migrations; see the README)."));
    const QCommandLineOption quick(
        QStringLiteral("quick"),
        QStringLiteral("Run PRAGMA quick_check instead of integrity_check (faster: does not "
                       "compare indexes with their tables)."));
    const QCommandLineOption maxErrors(
        QStringLiteral("max-errors"),
        QStringLiteral("Stop after N integrity problems and N foreign key violations "
                       "(default 100)."),
        QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption migrations(
        QStringLiteral("migrations"),
        QStringLiteral(
            "Also validate the migrations table against this Drizzle migrations folder (default: the "
            "`out` of a drizzle.config found beside DB or above it; none found: not validated)."),
        QStringLiteral("DIR"));
    const QCommandLineOption table(
        QStringLiteral("table"),
        QStringLiteral("The migrations table (default: the config's migrations.table, else "
                       "__drizzle_migrations)."),
        QStringLiteral("NAME"));
    parser.addOption(json);
    parser.addOption(quick);
    parser.addOption(maxErrors);
    parser.addOption(migrations);
    parser.addOption(table);
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0) {
        if (stop == Ok && parser.isSet(QStringLiteral("help")))
            io.out << kExitCodes;
        return stop;
    }
    bool numberOk = false;
    const int cap = parser.value(maxErrors).toInt(&numberOk);
    if (!numberOk || cap < 1) {
        io.err << "sluice check: --max-errors wants a whole number of at least 1, not “"
               << parser.value(maxErrors) << "”.\n";
        return Failed;
    }

    const QString dbPath = parser.positionalArguments().first();
    const QString shown = QFileInfo(dbPath).absoluteFilePath();
    if (!QFileInfo(dbPath).isFile()) {
        io.err << "sluice check: " << shown
               << ": no such file. Give the path of an existing SQLite database.\n";
        return Failed;
    }
    OpenOptions options;
    options.mode = OpenOptions::Mode::ReadOnly; // a check never writes
    auto connection = Connection::open(dbPath, options);
    if (!connection) {
        io.err << "sluice check: " << connection.error().message() << "\n";
        return Failed;
    }
    Connection& c = **connection;

    IntegrityOptions integrityOptions;
    integrityOptions.quick = parser.isSet(quick);
    integrityOptions.maxErrors = cap;
    auto integrity = checkIntegrity(c, integrityOptions);
    if (!integrity) {
        // Nothing else can be trusted to run on a file that is not a database.
        io.err << "sluice check: " << integrity.error().message() << "\n";
        if (parser.isSet(json))
            io.out << QJsonDocument(QJsonObject{{QStringLiteral("database"), shown},
                                                {QStringLiteral("exitCode"), int(Failed)},
                                                {QStringLiteral("integrity"), errorJson(integrity.error())}})
                          .toJson(QJsonDocument::Indented);
        return Failed;
    }
    ForeignKeyCheckOptions fkOptions;
    fkOptions.maxRows = cap;
    auto foreignKeys = checkForeignKeys(c, fkOptions);

    std::optional<Result<MigrationTableReport>> migrationReport;
    QString migrationNote;
    auto location = findMigrationsFor(dbPath, parser.value(migrations), parser.value(table));
    if (!location)
        migrationReport = Result<MigrationTableReport>(location.error());
    else if (!location->has_value())
        migrationNote = QStringLiteral("not checked: no drizzle.config beside the database or above it "
                                       "(pass --migrations DIR to check against a migrations folder)");
    else
        migrationReport = validateMigrationTable(c, **location);

    bool problems = !integrity->ok() || (foreignKeys && !foreignKeys->ok()) ||
                    (migrationReport && migrationReport->ok() && !(*migrationReport)->ok());
    const bool couldNotRun = !foreignKeys || (migrationReport && !migrationReport->ok());
    // Corruption explains whatever failed after it: the answer is "problems found".
    const int exitCode = !integrity->ok() ? ProblemsFound
                         : couldNotRun    ? Failed
                         : problems       ? ProblemsFound
                                          : Ok;

    if (parser.isSet(json)) {
        QJsonObject o{{QStringLiteral("database"), shown},
                      {QStringLiteral("sqliteVersion"), Connection::libraryVersion()},
                      {QStringLiteral("exitCode"), exitCode},
                      {QStringLiteral("integrity"), integrityJson(*integrity)},
                      {QStringLiteral("foreignKeys"),
                       foreignKeys ? foreignKeysJson(*foreignKeys) : errorJson(foreignKeys.error())}};
        if (!migrationReport)
            o.insert(QStringLiteral("migrations"), QJsonObject{{QStringLiteral("note"), migrationNote}});
        else
            o.insert(QStringLiteral("migrations"), migrationReport->ok()
                                                       ? migrationsJson(**migrationReport)
                                                       : errorJson(migrationReport->error()));
        io.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        if (couldNotRun && exitCode == Failed) {
            if (!foreignKeys)
                io.err << "sluice check: " << foreignKeys.error().message() << "\n";
            if (migrationReport && !migrationReport->ok())
                io.err << "sluice check: " << migrationReport->error().message() << "\n";
        }
        return exitCode;
    }

    io.out << "Database:     " << shown << "\n";
    const QString mode = integrity->quick ? QStringLiteral("quick_check") : QStringLiteral("integrity_check");
    io.out << (integrity->ok() ? "✓" : "✗") << " Integrity:  " << integrity->summary() << " (" << mode << ", "
           << seconds(integrity->elapsedMs) << ")\n";
    for (const QString& p : integrity->problems)
        io.out << "    " << p << "\n";
    if (!foreignKeys) {
        io.out << "? Foreign keys: could not check\n";
        io.err << "sluice check: " << foreignKeys.error().message() << "\n";
    } else {
        io.out << (foreignKeys->ok() ? "✓" : "✗") << " Foreign keys: " << foreignKeys->summary() << "\n";
        for (const ForeignKeyCheckViolation& v : foreignKeys->violations) {
            QStringList values;
            for (int i = 0; i < v.childValues.size() && i < v.childColumns.size(); ++i)
                values.append(
                    QStringLiteral("%1 = %2").arg(v.childColumns.at(i), valueText(v.childValues.at(i))));
            io.out << "    " << v.table << " "
                   << (v.rowid ? QStringLiteral("rowid %1").arg(*v.rowid) : QStringLiteral("(without rowid)"))
                   << ": " << v.constraintText();
            if (!values.isEmpty())
                io.out << " (" << values.join(QStringLiteral(", ")) << ")";
            io.out << "\n";
        }
    }
    if (!migrationReport) {
        io.out << "- Migrations: " << migrationNote << "\n";
    } else if (!migrationReport->ok()) {
        io.out << "? Migrations: could not check\n";
        io.err << "sluice check: " << migrationReport->error().message() << "\n";
    } else {
        const MigrationTableReport& m = **migrationReport;
        io.out << (m.ok() ? "✓" : "✗") << " Migrations: " << m.summary() << " (" << m.table << " against "
               << m.location.migrationsDir << ")\n";
        for (const MigrationTableFinding& f : m.findings)
            io.out << "    " << healthSeverityName(f.severity) << " [" << f.code << "] " << f.message << "\n";
    }
    io.out << "\n"
           << (exitCode == Ok              ? "Clean."
               : exitCode == ProblemsFound ? "Problems found."
                                           : "Some checks could not run (see above).")
           << "\n";
    return exitCode;
}

} // namespace

Verb checkVerb()
{
    Verb v;
    v.name = QStringLiteral("check");
    v.synopsis = QStringLiteral("check DB [--quick] [--json]");
    v.summary =
        QStringLiteral("Integrity, foreign keys and the Drizzle migrations table of DB (exit 1: problems "
                       "found).");
    v.run = [v](const QStringList& args, Io& io) { return runCheck(v, args, io); };
    return v;
}

} // namespace sluice::cli
