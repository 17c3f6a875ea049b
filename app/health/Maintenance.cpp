#include "Maintenance.h"

#include "CheckProgress.h"
#include "core/Connection.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>
#include <QStorageInfo>

#include <sqlite3.h>

namespace sluice {

namespace {

// VM steps per page, measured with the progress handler on tables of a few columns and one index;
// they only scale the progress bar.
constexpr qint64 kVacuumStepsPerUsedPage = 650;
constexpr qint64 kAnalyzeStepsPerPage = 450;

qint64 sizeOnDisk(const QString& path)
{
    const QFileInfo wal(path + QStringLiteral("-wal"));
    return QFileInfo(path).size() + (wal.exists() ? wal.size() : 0);
}

QString bytes(qint64 n)
{
    return QLocale::c().formattedDataSize(n, 1);
}

// Where SQLite's unix VFS puts temporary files (os_unix.c unixTempFileDir): the first writable folder
// of $SQLITE_TMPDIR, $TMPDIR, /var/tmp, /usr/tmp, /tmp.
QString sqliteTempFolder()
{
    const QStringList candidates{qEnvironmentVariable("SQLITE_TMPDIR"), qEnvironmentVariable("TMPDIR"),
                                 QStringLiteral("/var/tmp"), QStringLiteral("/usr/tmp"),
                                 QStringLiteral("/tmp")};
    for (const QString& dir : candidates) {
        const QFileInfo info(dir);
        if (!dir.isEmpty() && info.isDir() && info.isWritable())
            return info.absoluteFilePath();
    }
    return QDir::currentPath();
}

Status refuseReadOnly(const Connection& c, const QString& operation)
{
    if (!c.isReadOnly())
        return {};
    return DbError::plain(
        operation,
        QStringLiteral("the database is open read-only%1, and %2 writes to it")
            .arg(c.readOnlyReason().isEmpty() ? QString() : QStringLiteral(" (%1)").arg(c.readOnlyReason()),
                 operation.section(QLatin1Char(' '), 1)),
        QStringLiteral("Open it read-write (check the file's and its folder's permissions)."), c.path());
}

Result<MaintenanceResult> runStatement(Connection& c, JobControl* control, const QString& name,
                                       const QString& sql, qint64 estimatedSteps)
{
    const QString operation = QStringLiteral("Running %1").arg(name);
    if (Status refused = refuseReadOnly(c, operation); !refused)
        return refused.error();
    MaintenanceResult result;
    result.operation = name;
    result.sizeBefore = sizeOnDisk(c.path());
    QElapsedTimer clock;
    clock.start();
    {
        CheckProgress progress(c, control, estimatedSteps, name);
        Status done = c.exec(sql, {}, operation);
        if (progress.cancelled())
            return DbWorker::cancelledError();
        if (!done)
            return done.error();
    }
    result.elapsedMs = clock.elapsed();
    result.sizeAfter = sizeOnDisk(c.path());
    result.summary = QStringLiteral("%1: done in %2 s").arg(name).arg(result.elapsedMs / 1000.0, 0, 'f', 1);
    if (result.sizeAfter != result.sizeBefore)
        result.summary += QStringLiteral(", %1 → %2").arg(bytes(result.sizeBefore), bytes(result.sizeAfter));
    return result;
}

} // namespace

Result<VacuumEstimate> estimateVacuum(Connection& connection, bool measureUnused, JobControl* control)
{
    const QString operation = QStringLiteral("Estimating what VACUUM reclaims");
    VacuumEstimate e;
    auto r = connection.rows(QStringLiteral("SELECT (SELECT page_size FROM pragma_page_size), "
                                            "(SELECT page_count FROM pragma_page_count), "
                                            "(SELECT freelist_count FROM pragma_freelist_count)"),
                             {}, operation);
    if (!r)
        return r.error();
    e.pageSize = r->first().at(0).toLongLong();
    e.pageCount = r->first().at(1).toLongLong();
    e.freelistPages = r->first().at(2).toLongLong();
    e.reclaimBytes = e.freelistPages * e.pageSize;
    e.fileSize = QFileInfo(connection.path()).size();

    if (measureUnused) {
        CheckProgress progress(connection, control, e.pageCount * 40,
                               QStringLiteral("Measuring free space in pages"));
        auto unused = connection.scalar(
            QStringLiteral(
                "SELECT sum(unused) FROM dbstat WHERE aggregate = TRUE AND name NOT LIKE 'sqlite\\_%' "
                "ESCAPE '\\'"),
            {}, operation);
        if (progress.cancelled())
            return DbWorker::cancelledError();
        if (unused) // without dbstat there is simply no figure
            e.unusedInPagesBytes = unused->toLongLong();
    }

    e.requiredBytes = sizeOnDisk(connection.path());
    const QStorageInfo beside(QFileInfo(connection.path()).absolutePath());
    e.tempFolder = sqliteTempFolder();
    const QStorageInfo temp(e.tempFolder);
    e.freeBytesBesideDatabase = beside.isValid() ? beside.bytesAvailable() : -1;
    e.freeBytesInTempFolder = temp.isValid() ? temp.bytesAvailable() : -1;
    const bool sameDisk = beside.isValid() && temp.isValid() && beside.rootPath() == temp.rootPath();
    if (sameDisk && e.freeBytesBesideDatabase >= 0 && e.freeBytesBesideDatabase < 2 * e.requiredBytes) {
        e.enoughDisk = false;
        e.diskNote =
            QStringLiteral("VACUUM needs about %1 free on %2 (a copy in the temporary folder %3 and the "
                           "journal beside the database, each the database's size); %4 is free.")
                .arg(bytes(2 * e.requiredBytes), beside.rootPath(), e.tempFolder,
                     bytes(e.freeBytesBesideDatabase));
    } else if (e.freeBytesBesideDatabase >= 0 && e.freeBytesBesideDatabase < e.requiredBytes) {
        e.enoughDisk = false;
        e.diskNote =
            QStringLiteral("VACUUM needs about %1 free beside the database (its journal); %2 is free on %3.")
                .arg(bytes(e.requiredBytes), bytes(e.freeBytesBesideDatabase), beside.rootPath());
    } else if (e.freeBytesInTempFolder >= 0 && e.freeBytesInTempFolder < e.requiredBytes) {
        e.enoughDisk = false;
        e.diskNote =
            QStringLiteral("VACUUM needs about %1 free in the temporary folder %2 (its working copy); %3 is "
                           "free. Set SQLITE_TMPDIR to a folder with more room.")
                .arg(bytes(e.requiredBytes), e.tempFolder, bytes(e.freeBytesInTempFolder));
    }
    return e;
}

Result<MaintenanceResult> runVacuum(Connection& connection, JobControl* control)
{
    const QString operation = QStringLiteral("Running VACUUM");
    if (Status refused = refuseReadOnly(connection, operation); !refused)
        return refused.error();
    if (connection.handle() && sqlite3_get_autocommit(connection.handle()) == 0)
        return DbError::plain(operation, QStringLiteral("a transaction is open on this connection"),
                              QStringLiteral("Commit or roll back first."), connection.path());
    auto estimate = estimateVacuum(connection, false, control);
    if (!estimate)
        return estimate.error();
    if (!estimate->enoughDisk)
        return DbError::plain(operation, QStringLiteral("there is not enough free disk space"),
                              estimate->diskNote + QStringLiteral(" Free some space and try again."),
                              connection.path());
    auto result = runStatement(connection, control, QStringLiteral("VACUUM"), QStringLiteral("VACUUM"),
                               (estimate->pageCount - estimate->freelistPages) * kVacuumStepsPerUsedPage);
    if (result && result->sizeAfter < result->sizeBefore)
        result->summary +=
            QStringLiteral(" (%1 reclaimed)").arg(bytes(result->sizeBefore - result->sizeAfter));
    return result;
}

Result<MaintenanceResult> runAnalyze(Connection& connection, JobControl* control)
{
    auto pages =
        connection.scalar(QStringLiteral("PRAGMA page_count"), {}, QStringLiteral("Running ANALYZE"));
    if (!pages)
        return pages.error();
    return runStatement(connection, control, QStringLiteral("ANALYZE"), QStringLiteral("ANALYZE"),
                        pages->toLongLong() * kAnalyzeStepsPerPage);
}

Result<MaintenanceResult> runOptimize(Connection& connection, JobControl* control)
{
    // optimize decides for itself how much to analyze: the amount of work is unknown (total 0).
    return runStatement(connection, control, QStringLiteral("PRAGMA optimize"),
                        QStringLiteral("PRAGMA optimize"), 0);
}

} // namespace sluice
