#include "Cli.h"

#include "CliVerbs.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace sluice::cli {

const QList<Verb>& verbs()
{
    static const QList<Verb> all{
        tablesVerb(), schemaVerb(),  infoVerb(),  statusVerb(), doctorVerb(), migrateVerb(),
        backupVerb(), restoreVerb(), checkVerb(), diffVerb(),   driftVerb(),  exportVerb(),
    };
    return all;
}

static const Verb* findVerb(const QString& name)
{
    for (const Verb& v : verbs())
        if (v.name == name)
            return &v;
    return nullptr;
}

bool isCliInvocation(const QStringList& arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString& first = arguments.at(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help") ||
        first == QLatin1String("--version") || first == QLatin1String("-v") || findVerb(first) != nullptr)
        return true;
    // A bare word that is not a file ("sluice statsu db") is a mistyped verb, not a file to open in
    // the GUI: answer on the terminal rather than open a window.
    static const QRegularExpression word(QStringLiteral("^[a-z][a-z-]*$"));
    return word.match(first).hasMatch() && !QFileInfo::exists(first);
}

static void printHelp(QTextStream& out)
{
    out << "Sluice " << SLUICE_VERSION << " — a studio for SQLite databases and Drizzle migrations.\n\n"
        << "Usage:\n"
        << "  sluice [FILE]                      open the desktop app (on FILE when given)\n";
    for (const Verb& v : verbs())
        out << "  sluice " << v.synopsis.leftJustified(30) << " " << v.summary << "\n";
    out << "  sluice --help | --version\n\n"
        << "Run `sluice VERB --help` for a verb's options.\n\n"
        << "Exit codes:\n"
        << "  0  success\n"
        << "  1  the command ran and found problems (checks, drift, pending work)\n"
        << "  2  the command could not run (bad arguments, unreadable file, SQL error)\n";
}

int run(const QStringList& arguments, Io& io)
{
    const QStringList args = arguments.mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("help")) {
        if (args.size() >= 2 && findVerb(args.at(1)))
            return findVerb(args.at(1))->run({args.at(1), QStringLiteral("--help")}, io);
        printHelp(io.out);
        return Ok;
    }
    if (args.first() == QLatin1String("--version") || args.first() == QLatin1String("-v")) {
        io.out << "sluice " << SLUICE_VERSION << "\n";
        return Ok;
    }
    const Verb* verb = findVerb(args.first());
    if (!verb) {
        io.err << "sluice: unknown command “" << args.first() << "”. Run `sluice --help` for the list.\n";
        return Failed;
    }
    return verb->run(args, io);
}

} // namespace sluice::cli
