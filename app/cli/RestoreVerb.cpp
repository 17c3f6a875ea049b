// `sluice restore DB BACKUP`: puts a backup back into the live database (format recognised from the
// file's content) after a safety backup, then checks the result. Replacing a database asks first: on
// a terminal it prompts, elsewhere it needs --yes. Exit codes: 0 restored and the checks are clean;
// 1 restored, but quick_check or foreign_key_check report problems (the safety backup undoes it);
// 2 nothing was restored (bad arguments, refused or damaged backup, lock, no confirmation).
#include "CliVerbs.h"
#include "backup/BackupInfo.h"
#include "backup/RestoreService.h"
#include "core/Connection.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace sluice::cli {

namespace {

int runRestore(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The live database to replace."));
    parser.addPositionalArgument(
        QStringLiteral("BACKUP"),
        QStringLiteral("The backup to restore (a SQLite file, a JSON backup or a SQL "
                       "dump; recognised from its content)."));
    const QCommandLineOption yesOpt(
        QStringLiteral("yes"),
        QStringLiteral("Do not ask for confirmation (required when not on a terminal)."));
    const QCommandLineOption safetyOpt(
        QStringLiteral("safety-dir"),
        QStringLiteral("Where the safety backup of the live database goes (default: "
                       "the database's default backup folder)."),
        QStringLiteral("DIR"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({yesOpt, safetyOpt, jsonOpt});
    if (int stop = parseVerbArguments(parser, verb, args, io, 2, 2); stop >= 0)
        return stop;

    const bool json = parser.isSet(jsonOpt);
    const QString dbPath = QFileInfo(parser.positionalArguments().at(0)).absoluteFilePath();
    const QString backupPath = QFileInfo(parser.positionalArguments().at(1)).absoluteFilePath();
    QJsonObject report{{QStringLiteral("database"), dbPath}, {QStringLiteral("backup"), backupPath}};
    auto emit = [&](int code) {
        if (json)
            io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        return code;
    };
    auto fail = [&](const QString& message) {
        io.err << "sluice restore: " << message << "\n";
        report.insert(QStringLiteral("status"), QStringLiteral("failed"));
        report.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message}});
        return emit(Failed);
    };

    if (!QFileInfo(dbPath).isFile())
        return fail(
            QStringLiteral("%1 does not exist or is not a file. Restore replaces an existing database; "
                           "to start from a backup, copy it into place instead.")
                .arg(dbPath));
    auto connection = Connection::open(dbPath);
    if (!connection)
        return fail(connection.error().message());
    Connection& live = **connection;

    // Refuse a bad backup before asking anything.
    auto check = RestoreService::inspect(live, backupPath);
    if (!check)
        return fail(check.error().message());
    report.insert(QStringLiteral("format"), check->format);
    for (const QString& w : check->warnings)
        io.err << "sluice restore: warning: " << w << "\n";

    if (!parser.isSet(yesOpt)) {
        if (!::isatty(STDIN_FILENO))
            return fail(
                QStringLiteral("restoring replaces %1 and needs a confirmation: pass --yes (nothing was "
                               "changed)")
                    .arg(dbPath));
        // The time the backup was taken (its sidecar), else the file's modification time.
        const auto sidecar = readSidecar(backupPath);
        const QString when = sidecar && sidecar->created.isValid()
                                 ? QStringLiteral("taken ") + sidecar->created.toUTC().toString(Qt::ISODate)
                                 : QStringLiteral("modified ") +
                                       QFileInfo(backupPath).lastModified().toUTC().toString(Qt::ISODate);
        io.out << "Replace " << dbPath << "\n  with the backup " << backupPath << " (" << when
               << ")?\nA safety backup of the current database is taken first. [y/N] ";
        io.out.flush();
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return fail(QStringLiteral("not confirmed; nothing was changed"));
    }

    RestoreOptions options;
    if (parser.isSet(safetyOpt))
        options.safetyFolder = QFileInfo(parser.value(safetyOpt)).absoluteFilePath();
    auto done = RestoreService::restore(live, backupPath, nullptr, options);
    if (!done)
        return fail(done.error().message());

    QJsonArray violations;
    for (const ForeignKeyViolation& v : done->foreignKeyViolations)
        violations << QJsonObject{{QStringLiteral("table"), v.table},
                                  {QStringLiteral("rowid"), v.rowid},
                                  {QStringLiteral("parent"), v.parent},
                                  {QStringLiteral("constraint"), v.constraintIndex}};
    report.insert(QStringLiteral("status"),
                  done->healthy() ? QStringLiteral("restored") : QStringLiteral("restored-with-problems"));
    report.insert(QStringLiteral("safetyBackup"), done->safetyBackupPath);
    report.insert(QStringLiteral("quickCheck"), done->quickCheck);
    report.insert(QStringLiteral("foreignKeyViolations"), violations);
    report.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(done->warnings));
    report.insert(QStringLiteral("pages"), done->pages);
    report.insert(QStringLiteral("durationMs"), done->elapsedMs);
    if (!json) {
        io.out << "restored " << dbPath << " from " << backupPath << " (" << done->format << ", "
               << done->elapsedMs << " ms)\n";
        if (!done->safetyBackupPath.isEmpty())
            io.out << "safety backup: " << done->safetyBackupPath << "\n  undo with: sluice restore "
                   << dbPath << " " << done->safetyBackupPath << " --yes\n";
        io.out << "quick_check: " << done->quickCheck << "\n"
               << "foreign_key_check: " << done->foreignKeyViolations.size() << " violation(s)\n";
        for (const ForeignKeyViolation& v : done->foreignKeyViolations)
            io.out << "  " << v.table << " rowid " << v.rowid << " → " << v.parent << "\n";
    }
    return emit(done->healthy() ? Ok : ProblemsFound);
}

} // namespace

Verb restoreVerb()
{
    Verb v;
    v.name = QStringLiteral("restore");
    v.synopsis = QStringLiteral("restore DB BACKUP [--yes] [--safety-dir DIR] [--json]");
    v.summary = QStringLiteral("Replace DB with a backup (safety backup first; checks afterwards).");
    v.run = [v](const QStringList& args, Io& io) { return runRestore(v, args, io); };
    return v;
}

} // namespace sluice::cli
