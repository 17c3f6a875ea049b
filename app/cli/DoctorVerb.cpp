#include "CliVerbs.h"
#include "drizzle/ProjectDoctor.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::cli {

namespace {

int runDoctor(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The Drizzle project folder."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(json);
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;

    const QString dir = parser.positionalArguments().first();
    if (!QFileInfo(dir).isDir()) {
        io.err << "sluice doctor: " << dir << " is not a folder. Pass the Drizzle project folder.\n";
        return Failed;
    }
    const DoctorReport report = runProjectDoctor(dir);

    if (parser.isSet(json)) {
        QJsonArray claims;
        for (const DatabaseClaim& c : report.claims)
            claims.append(QJsonObject{{QStringLiteral("file"), c.file},
                                      {QStringLiteral("line"), c.line},
                                      {QStringLiteral("what"), c.what},
                                      {QStringLiteral("value"), c.value},
                                      {QStringLiteral("inContainer"), c.inContainer},
                                      {QStringLiteral("path"), c.path},
                                      {QStringLiteral("hostPath"), c.hostPath},
                                      {QStringLiteral("mount"), c.mount}});
        QJsonArray findings;
        for (const DoctorFinding& f : report.findings)
            findings.append(QJsonObject{{QStringLiteral("kind"), doctorFindingKindName(f.kind)},
                                        {QStringLiteral("files"), QJsonArray::fromStringList(f.files)},
                                        {QStringLiteral("message"), f.message}});
        const QJsonObject o{{QStringLiteral("dir"), report.dir},
                            {QStringLiteral("config"), report.configPath},
                            {QStringLiteral("migrationsFolder"), report.migrationsDir},
                            {QStringLiteral("migrationsExist"), report.migrationsExist},
                            {QStringLiteral("claims"), claims},
                            {QStringLiteral("findings"), findings},
                            {QStringLiteral("notes"), QJsonArray::fromStringList(report.notes)}};
        io.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return report.findings.isEmpty() ? Ok : ProblemsFound;
    }

    io.out << "Project:    " << report.dir << "\n"
           << "Config:     " << (report.configPath.isEmpty() ? QStringLiteral("(none)") : report.configPath)
           << "\n"
           << "Migrations: " << report.migrationsDir << (report.migrationsExist ? "" : " (none yet)") << "\n";
    if (!report.claims.isEmpty()) {
        io.out << "\nWhere the database is named:\n";
        for (const DatabaseClaim& c : report.claims) {
            io.out << "  " << c.describe() << "\n      → " << c.path
                   << (c.inContainer ? " (in the container)" : "");
            if (!c.hostPath.isEmpty())
                io.out << " = " << c.hostPath << " on this machine (" << c.mount << ")";
            io.out << "\n";
        }
    }
    for (const QString& n : report.notes)
        io.out << "Note: " << n << "\n";
    io.out << "\n";
    for (const DoctorFinding& f : report.findings)
        io.out << "✗ " << doctorFindingKindName(f.kind) << ": " << f.message << "\n";
    if (report.findings.isEmpty())
        io.out << "No problems found.\n";
    else
        io.out << report.findings.size() << " problem(s) found.\n";
    return report.findings.isEmpty() ? Ok : ProblemsFound;
}

} // namespace

Verb doctorVerb()
{
    Verb v;
    v.name = QStringLiteral("doctor");
    v.synopsis = QStringLiteral("doctor DIR [--json]");
    v.summary =
        QStringLiteral("Check a Drizzle project: one database path everywhere, no drizzle-kit push at "
                       "start-up, a writable data folder.");
    v.run = [v](const QStringList& args, Io& io) { return runDoctor(v, args, io); };
    return v;
}

} // namespace sluice::cli
