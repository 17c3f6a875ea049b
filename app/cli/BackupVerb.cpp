// `sluice backup DB`: a verified, fsync'd, private copy with a JSON sidecar, for cron jobs and
// container entrypoints. Exit codes: 0 the backup is complete and verified; 2 it could not be taken
// (bad arguments, unreadable database, destination not writable, disk full) and nothing was left
// behind. A retention rule that could not delete an old backup is reported but does not fail the run.
#include "CliVerbs.h"
#include "backup/BackupJob.h"
#include "backup/BackupLocation.h"
#include "core/Connection.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::cli {

namespace {

int runBackup(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The SQLite database to back up."));
    const QCommandLineOption toOpt(
        QStringLiteral("to"),
        QStringLiteral("A folder (the backup gets a timestamped name) or a new file. Default: backups/ "
                       "beside the database; inside a Drizzle project <project>/data/backups (or "
                       "<project>/backups when there is no data/ folder)."),
        QStringLiteral("PATH"));
    const QCommandLineOption formatOpt(
        QStringLiteral("format"),
        QStringLiteral("sqlite (a SQLite file, default), json (rows as JSON) or sql (a SQL dump)."),
        QStringLiteral("FORMAT"), QStringLiteral("sqlite"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"),
                                     QStringLiteral("Afterwards, delete this database's older backups in the "
                                                    "folder beyond the newest N."),
                                     QStringLiteral("N"));
    const QCommandLineOption ageOpt(QStringLiteral("max-age-days"),
                                    QStringLiteral("Afterwards, delete this database's backups older than D "
                                                   "days. With --keep, a backup either rule keeps is kept; "
                                                   "the newest verified backup is never deleted."),
                                    QStringLiteral("D"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({toOpt, formatOpt, keepOpt, ageOpt, jsonOpt});
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;

    const bool json = parser.isSet(jsonOpt);
    const QString dbPath = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    auto usage = [&](const QString& what) {
        io.err << "sluice backup: " << what << "\nUsage: sluice " << verb.synopsis << "\n";
        return Failed;
    };
    BackupRequest request;
    request.format = parser.value(formatOpt).toLower();
    if (!backupFormatNames().contains(request.format))
        return usage(
            QStringLiteral("unknown format “%1” (use sqlite, json or sql).").arg(parser.value(formatOpt)));
    auto count = [&](const QCommandLineOption& o, int& out) {
        if (!parser.isSet(o))
            return true;
        bool ok = false;
        out = parser.value(o).toInt(&ok);
        return ok && out > 0;
    };
    if (!count(keepOpt, request.retention.keepNewest))
        return usage(QStringLiteral("--keep needs a whole number of backups, at least 1."));
    if (!count(ageOpt, request.retention.maxAgeDays))
        return usage(QStringLiteral("--max-age-days needs a whole number of days, at least 1."));
    if (parser.isSet(toOpt))
        request.destination = QFileInfo(parser.value(toOpt)).absoluteFilePath();

    QJsonObject report{{QStringLiteral("database"), dbPath}};
    auto fail = [&](const DbError& e) {
        io.err << "sluice backup: " << e.message() << "\n";
        if (json) {
            report.insert(QStringLiteral("status"), QStringLiteral("failed"));
            report.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), e.message()}});
            io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        }
        return Failed;
    };
    if (!QFileInfo(dbPath).isFile())
        return fail(DbError::plain(QStringLiteral("Backing up the database"),
                                   QStringLiteral("%1 does not exist or is not a file").arg(dbPath),
                                   QStringLiteral("Check the path."), dbPath));
    // Read-write when allowed (only so that a hot journal left by a crashed writer can be rolled
    // back before the copy); the backup itself never writes to the database.
    auto connection = Connection::open(dbPath);
    if (!connection)
        return fail(connection.error());
    auto done = takeBackup(**connection, request);
    if (!done)
        return fail(done.error());

    const BackupInfo& b = done->info;
    if (json) {
        report.insert(QStringLiteral("status"), QStringLiteral("ok"));
        report.insert(QStringLiteral("backup"), b.toJson());
        report.insert(QStringLiteral("path"), b.path);
        report.insert(QStringLiteral("sidecar"), sidecarPath(b.path));
        report.insert(QStringLiteral("deleted"), QJsonArray::fromStringList(done->retention.deleted));
        report.insert(QStringLiteral("notDeleted"), QJsonArray::fromStringList(done->retention.failed));
        report.insert(QStringLiteral("durationMs"), done->elapsedMs);
        io.out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        io.out << "backup: " << b.path << "\n"
               << "  " << b.size << " bytes, " << b.format << ", sha256 " << b.sha256 << "\n"
               << "  " << (b.verified ? "verified" : "not verified") << ", last migration: "
               << (b.migrationTag.isEmpty()
                       ? (b.migrationCreatedAt ? QStringLiteral("created_at %1").arg(*b.migrationCreatedAt)
                                               : QStringLiteral("none"))
                       : b.migrationTag)
               << ", " << done->elapsedMs << " ms\n";
        for (const QString& d : done->retention.deleted)
            io.out << "deleted (retention): " << d << "\n";
    }
    for (const QString& f : done->retention.failed)
        io.err << "sluice backup: warning: could not delete an old backup: " << f << "\n";
    return Ok;
}

} // namespace

Verb backupVerb()
{
    Verb v;
    v.name = QStringLiteral("backup");
    v.synopsis =
        QStringLiteral("backup DB [--to PATH] [--format sqlite|json|sql] [--keep N] [--max-age-days D] "
                       "[--json]");
    v.summary =
        QStringLiteral("Take a verified backup (fsync'd, mode 0600, JSON sidecar), then apply retention.");
    v.run = [v](const QStringList& args, Io& io) { return runBackup(v, args, io); };
    return v;
}

} // namespace sluice::cli
