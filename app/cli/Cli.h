#pragma once
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace sluice::cli {

// Exit codes shared by every verb (documented in `sluice --help` and the README).
enum ExitCode : int {
    Ok = 0,
    ProblemsFound = 1, // the verb ran and found something wrong (check, drift, status …)
    Failed = 2,        // it could not run: bad arguments, unreadable file, SQL error …
};

struct Io
{
    QTextStream& out;
    QTextStream& err;
};

struct Verb
{
    QString name;
    QString synopsis;                                        // "tables DB [--json]"
    QString summary;                                         // one line for --help
    std::function<int(const QStringList& args, Io& io)> run; // args[0] is the verb
};

// Every verb, in the order --help lists them.
const QList<Verb>& verbs();

// True when argv asks for the command-line face (a verb, --help or --version) rather than the GUI.
bool isCliInvocation(const QStringList& arguments);

// Runs the CLI; arguments[0] is the program name. Returns the process exit code.
int run(const QStringList& arguments, Io& io);

} // namespace sluice::cli
