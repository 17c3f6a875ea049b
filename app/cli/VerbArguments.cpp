#include "CliVerbs.h"

#include <QRegularExpression>

namespace sluice::cli {

int parseVerbArguments(QCommandLineParser& parser, const Verb& verb, const QStringList& args, Io& io,
                       int minPositional, int maxPositional)
{
    parser.setApplicationDescription(verb.summary);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    // QCommandLineParser expects the program name first.
    QStringList argv = args;
    argv[0] = QStringLiteral("sluice ") + verb.name;
    if (!parser.parse(argv)) {
        io.err << "sluice " << verb.name << ": " << parser.errorText() << "\nUsage: sluice " << verb.synopsis
               << "\n";
        return Failed;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text.replace(QRegularExpression(QStringLiteral("^Usage: [^\\n]*")),
                     QStringLiteral("Usage: sluice ") + verb.synopsis);
        io.out << text;
        return Ok;
    }
    const int n = int(parser.positionalArguments().size());
    if (n < minPositional || n > maxPositional) {
        io.err << "sluice " << verb.name << ": expected " << (n < minPositional ? "more" : "fewer")
               << " arguments.\nUsage: sluice " << verb.synopsis << "\n";
        return Failed;
    }
    return -1;
}

} // namespace sluice::cli
