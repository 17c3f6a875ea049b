#include "BackupJob.h"

#include "BackupLocation.h"
#include "BackupService.h"
#include "ExportVerification.h"
#include "MigrationMark.h"
#include "formats/JsonBackup.h"
#include "formats/SqlDump.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace sluice {

namespace {
const QString kOp = QStringLiteral("Backing up the database");
}

QStringList backupFormatNames()
{
    return {QStringLiteral("sqlite"), QStringLiteral("json"), QStringLiteral("sql")};
}

Result<BackupOutcome> takeBackup(Connection& source, const BackupRequest& request, JobControl* control)
{
    QElapsedTimer clock;
    clock.start();
    if (!backupFormatNames().contains(request.format))
        return DbError::plain(
            kOp, QStringLiteral("unknown backup format “%1”").arg(request.format),
            QStringLiteral("Use one of: %1.").arg(backupFormatNames().join(QStringLiteral(", "))));
    QString destination = request.destination;
    if (destination.isEmpty()) {
        destination = defaultBackupFolder(source.path());
        // The default folder is ours to create; a folder the user names must exist already.
        if (!QFileInfo::exists(destination) && !QDir().mkpath(destination))
            return DbError::plain(kOp, QStringLiteral("cannot create the backup folder %1").arg(destination),
                                  QStringLiteral("Check the permissions of its parent folder, or choose "
                                                 "another destination. The database was not changed."),
                                  destination);
    }

    BackupInfo info;
    info.sourcePath = QFileInfo(source.path()).absoluteFilePath();
    info.format = request.format;
    info.sqliteVersion = Connection::libraryVersion();
    info.sluiceVersion = QStringLiteral(SLUICE_VERSION);
    info.created = QDateTime::currentDateTimeUtc();
    const MigrationMark mark = lastMigrationMark(source, source.path());
    info.migrationTag = mark.tag;
    info.migrationCreatedAt = mark.createdAt;

    if (request.format == QLatin1String("sqlite")) {
        BackupOptions options;
        options.computeSha256 = true;
        auto copied = BackupService::backup(source, destination, control, options);
        if (!copied)
            return copied.error();
        info.path = copied->path;
        info.size = copied->bytes;
        info.sha256 = copied->sha256;
        info.verified = true;
    } else {
        // JSON and SQL dumps: written from one read transaction into a temporary file that is
        // flushed and renamed (app/formats), then read back and compared table by table.
        auto resolved = BackupService::resolveDestination(source.path(), destination, request.format);
        if (!resolved)
            return resolved.error();
        auto written = request.format == QLatin1String("json") ? writeJsonBackup(source, *resolved, control)
                                                               : writeSqlDump(source, *resolved, control);
        if (!written)
            return written.error();
        info.path = written->path;
        info.size = written->bytes;
        if (control)
            control->progress(0, 0, QStringLiteral("Verifying the backup"));
        if (!written->writesSchemaRows) { // else: virtual tables, loadable by the shell only
            if (Status verified = verifyExport(request.format, *written, control); !verified) {
                QFile::remove(info.path);
                return verified.error();
            }
            info.verified = true;
        }
        auto sha = fileSha256Hex(info.path);
        if (!sha)
            return sha.error();
        info.sha256 = *sha;
    }

    if (auto written = writeSidecar(info); !written) {
        DbError e = written.error();
        e.hint += QStringLiteral(" The backup itself is complete: %1").arg(info.path);
        return e;
    }
    info.hasSidecar = true;

    BackupOutcome outcome;
    outcome.info = info;
    outcome.retention = applyRetention(QFileInfo(info.path).absolutePath(), source.path(), request.retention);
    outcome.elapsedMs = clock.elapsed();
    return outcome;
}

} // namespace sluice
