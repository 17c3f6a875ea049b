#pragma once
// Internal to the CLI: one function per verb, each defined in its own file, plus the option
// parsing they share.
#include "Cli.h"

#include <QCommandLineParser>

namespace sluice::cli {

Verb tablesVerb();
Verb schemaVerb();
Verb infoVerb();
Verb statusVerb();
Verb doctorVerb();
Verb migrateVerb();
Verb backupVerb();
Verb restoreVerb();
Verb checkVerb();
Verb diffVerb();
Verb driftVerb();
Verb exportVerb();

// Parses a verb's arguments. Returns an exit code to stop with (help printed or a usage error
// reported), or -1 to go on.
int parseVerbArguments(QCommandLineParser& parser, const Verb& verb, const QStringList& args, Io& io,
                       int minPositional, int maxPositional);

} // namespace sluice::cli
