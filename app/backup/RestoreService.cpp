#include "RestoreService.h"

#include "BackupJob.h"
#include "BackupLocation.h"
#include "BackupService.h"
#include "RawQuery.h"
#include "formats/BackupFormat.h"
#include "formats/JsonBackup.h"
#include "formats/SqlDump.h"
#include "worker/DbWorker.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <sqlite3.h>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Restoring the database");
const QString kCheck = QStringLiteral("Checking the backup");

quint32 be32(const unsigned char* p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

DbError refuseBackup(const QString& path, const QString& why)
{
    return DbError::plain(kCheck, why,
                          QStringLiteral("Choose another backup. The live database was not touched."), path);
}

// Header and size of a SQLite file: a truncated copy is refused before SQLite reads it.
Status checkSqliteFile(const QString& path, qint64* pageSizeOut)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return refuseBackup(path, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    const QByteArray h = f.read(100);
    const qint64 size = f.size();
    if (h.size() < 100)
        return refuseBackup(path,
                            QStringLiteral("%1 is truncated: it ends inside the SQLite header").arg(path));
    const auto* u = reinterpret_cast<const unsigned char*>(h.constData());
    qint64 pageSize = (qint64(u[16]) << 8) | u[17];
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return refuseBackup(path,
                            QStringLiteral("%1 is damaged: its header names an impossible page size (%2)")
                                .arg(path)
                                .arg(pageSize));
    if (size % pageSize != 0)
        return refuseBackup(path,
                            QStringLiteral("%1 is truncated: %2 bytes is not a whole number of %3-byte pages")
                                .arg(path)
                                .arg(size)
                                .arg(pageSize));
    // The in-header size is valid when the change counter matches "version valid for" (SQLite ≥ 3.7.0).
    const quint32 headerPages = be32(u + 28);
    if (headerPages > 0 && be32(u + 24) == be32(u + 92) && qint64(headerPages) * pageSize > size)
        return refuseBackup(path,
                            QStringLiteral("%1 is truncated: its header says %2 pages, the file holds %3")
                                .arg(path)
                                .arg(headerPages)
                                .arg(size / pageSize));
    *pageSizeOut = pageSize;
    return {};
}

struct RawDb
{
    sqlite3* db = nullptr;
    ~RawDb()
    {
        if (db)
            sqlite3_close_v2(db);
    }
};

int openReadOnly(const QString& path, RawDb& raw)
{
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw.db,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_db_config(raw.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
        sqlite3_db_config(raw.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
        sqlite3_busy_timeout(raw.db, 5000);
    }
    return rc;
}

QString describeMark(const MigrationMark& m)
{
    if (!m.known())
        return QStringLiteral("none");
    return m.tag.isEmpty() ? QStringLiteral("created_at %1").arg(*m.createdAt) : m.tag;
}

// quick_check and foreign_key_check on the live database after a restore, into `result`.
RestoreResult checkAfterRestore(sqlite3* dest, RestoreResult result, const QElapsedTimer& clock)
{
    int rc = quickCheck(dest, result.quickCheck);
    if (rc != SQLITE_OK)
        result.quickCheck =
            QStringLiteral("quick_check could not run: %1").arg(QString::fromUtf8(sqlite3_errmsg(dest)));
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(dest, "PRAGMA foreign_key_check", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            ForeignKeyViolation v;
            v.table = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            v.rowid = sqlite3_column_int64(st, 1);
            v.parent = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)));
            v.constraintIndex = sqlite3_column_int(st, 3);
            result.foreignKeyViolations << v;
        }
    }
    sqlite3_finalize(st);
    result.elapsedMs = clock.elapsed();
    return result;
}

} // namespace

Result<BackupCheck> RestoreService::inspect(Connection& live, const QString& backupPath)
{
    BackupCheck check;
    check.path = QFileInfo(backupPath).absoluteFilePath();
    const QFileInfo info(backupPath);
    if (!info.exists())
        return refuseBackup(backupPath, QStringLiteral("%1 does not exist").arg(backupPath));
    if (!info.isFile())
        return refuseBackup(backupPath, QStringLiteral("%1 is not a file").arg(backupPath));
    if (info.canonicalFilePath() == QFileInfo(live.path()).canonicalFilePath())
        return refuseBackup(backupPath, QStringLiteral("%1 is the live database itself").arg(backupPath));
    QString why;
    const BackupFormat format = detectBackupFormat(backupPath, &why);
    if (format == BackupFormat::Unknown)
        return refuseBackup(backupPath, QStringLiteral("%1: %2").arg(backupPath, why));
    check.format = backupFormatName(format);
    if (check.format != QLatin1String("sqlite"))
        return check;

    if (auto ok = checkSqliteFile(backupPath, &check.pageSize); !ok)
        return ok.error();
    RawDb raw;
    int rc = openReadOnly(backupPath, raw);
    QString value;
    if (rc == SQLITE_OK)
        rc = scalarText(raw.db, "SELECT count(*) FROM sqlite_schema", value);
    if (rc == SQLITE_OK)
        rc = scalarText(raw.db, "PRAGMA page_count", value);
    if (rc != SQLITE_OK)
        return refuseBackup(backupPath, QStringLiteral("SQLite cannot read %1: %2")
                                            .arg(backupPath, QString::fromUtf8(sqlite3_errmsg(raw.db))));
    check.pages = value.toLongLong();
    if (check.pages * check.pageSize > info.size())
        return refuseBackup(backupPath, QStringLiteral("%1 is truncated: %2 pages do not fit in %3 bytes")
                                            .arg(backupPath)
                                            .arg(check.pages)
                                            .arg(info.size()));
    QString qc;
    rc = quickCheck(raw.db, qc);
    if (rc != SQLITE_OK)
        return refuseBackup(backupPath, QStringLiteral("%1 is damaged: quick_check stopped with: %2")
                                            .arg(backupPath, QString::fromUtf8(sqlite3_errmsg(raw.db))));
    if (qc != QLatin1String("ok"))
        return refuseBackup(backupPath,
                            QStringLiteral("%1 is damaged; quick_check reports: %2").arg(backupPath, qc));

    // A backup taken after a migration the live database has not had: restoring it is usually a
    // mistake (the app's code may expect the older schema), so say so before the confirmation.
    OpenOptions ro;
    ro.mode = OpenOptions::Mode::ReadOnly;
    if (auto backupConnection = Connection::open(backupPath, ro)) {
        check.migration = lastMigrationMark(**backupConnection, live.path());
        const MigrationMark liveMark = lastMigrationMark(live, live.path());
        if (check.migration.known() &&
            (!liveMark.known() || *check.migration.createdAt > *liveMark.createdAt))
            check.warnings << QStringLiteral(
                                  "the backup has a newer migration (%1) than the live database (%2)")
                                  .arg(describeMark(check.migration), describeMark(liveMark));
    }
    return check;
}

Result<RestoreResult> RestoreService::restore(Connection& live, const QString& backupPath,
                                              JobControl* control, const RestoreOptions& options)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* dest = live.handle();
    if (!dest)
        return DbError::plain(kOp, live.rawHandleProblem(), {}, live.path());
    if (live.isReadOnly())
        return DbError::plain(
            kOp, QStringLiteral("the database is read-only: %1").arg(live.readOnlyReason()),
            QStringLiteral("Fix the permissions of the file and its folder. Nothing was changed."),
            live.path());
    if (!sqlite3_get_autocommit(dest))
        return DbError::plain(kOp, QStringLiteral("the database has a transaction open on this connection"),
                              QStringLiteral("Commit or roll back first. Nothing was changed."), live.path());

    auto checked = inspect(live, backupPath);
    if (!checked)
        return checked.error();
    RestoreResult result;
    result.backupPath = checked->path;
    result.format = checked->format;
    result.warnings = checked->warnings;
    if (options.safetyBackup) {
        BackupRequest request;
        QString folder =
            options.safetyFolder.isEmpty() ? defaultBackupFolder(live.path()) : options.safetyFolder;
        if (!QFileInfo::exists(folder))
            QDir().mkpath(folder);
        // Named apart from regular backups so that retention never prunes it.
        QString name = BackupService::backupFileName(live.path());
        name.chop(QStringLiteral(".sqlite3").size());
        QString path = QDir(folder).filePath(name + QStringLiteral("-before-restore.sqlite3"));
        for (int n = 2; QFileInfo::exists(path); ++n)
            path = QDir(folder).filePath(name + QStringLiteral("-before-restore-%1.sqlite3").arg(n));
        request.destination = path;
        auto safety = takeBackup(live, request, control);
        if (!safety) {
            DbError e = safety.error();
            e.operation = QStringLiteral("Taking the safety backup before restoring");
            e.hint =
                QStringLiteral("Nothing was restored; the live database was not changed. Choose a writable "
                               "folder for the safety backup.");
            return e;
        }
        result.safetyBackupPath = safety->info.path;
    }

    int rc = SQLITE_OK;
    if (result.format != QLatin1String("sqlite")) {
        // JSON and SQL dumps restore in one transaction of their own (app/formats): rolled back
        // whole on any problem, so the live database is then exactly as before.
        auto imported = result.format == QLatin1String("json")
                            ? restoreJsonBackup(live, result.backupPath, control)
                            : restoreSqlDump(live, result.backupPath, control);
        if (!imported) {
            DbError e = imported.error();
            if (!result.safetyBackupPath.isEmpty())
                e.hint += QStringLiteral(" A safety backup was taken first: %1").arg(result.safetyBackupPath);
            return e;
        }
        result.warnings << imported->warnings;
        result.pages = imported->rows;
        return checkAfterRestore(dest, result, clock);
    }

    RawDb source;
    rc = openReadOnly(result.backupPath, source);
    if (rc != SQLITE_OK)
        return refuseBackup(result.backupPath, QString::fromUtf8(sqlite3_errmsg(source.db)));
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", source.db, "main");
    if (!b)
        return DbError::fromSqlite(sqlite3_extended_errcode(dest), QString::fromUtf8(sqlite3_errmsg(dest)),
                                   kOp, live.path());
    // All steps write inside one transaction on the live database, committed by the last step:
    // other readers see the old database until then, and the new one after.
    const int step = qMax(1, options.pagesPerStep);
    QDeadlineTimer busyDeadline(options.busyTimeoutMs);
    bool cancelled = false;
    for (;;) {
        rc = sqlite3_backup_step(b, step);
        const qint64 total = sqlite3_backup_pagecount(b);
        result.pages = total;
        if (control)
            control->progress(total - sqlite3_backup_remaining(b), total, QStringLiteral("Copying pages"));
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (busyDeadline.hasExpired())
                break;
            QThread::msleep(20);
        } else if (rc != SQLITE_OK) {
            break;
        } else {
            busyDeadline.setRemainingTime(options.busyTimeoutMs);
        }
        if (control && control->isCancelled()) {
            cancelled = true;
            break;
        }
    }
    const int finish = sqlite3_backup_finish(b); // before DONE: rolls the live database back
    if (cancelled)
        return DbWorker::cancelledError();
    if (rc != SQLITE_DONE || finish != SQLITE_OK) {
        const int code = rc != SQLITE_DONE ? rc : finish;
        if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
            return DbError::plain(
                kOp,
                QStringLiteral("another process kept %1 locked for more than %2 s")
                    .arg(live.path())
                    .arg(options.busyTimeoutMs / 1000.0),
                QStringLiteral("Stop the program that is writing to it (or wait until it is "
                               "done) and try again. The live database was not changed."),
                live.path());
        if ((code & 0xff) == SQLITE_READONLY)
            return DbError::plain(
                kOp,
                QStringLiteral("SQLite cannot copy this backup into %1: %2 (a WAL-mode database "
                               "cannot change its page size)")
                    .arg(live.path(), QString::fromUtf8(sqlite3_errstr(code))),
                QStringLiteral("Switch the database to journal_mode=DELETE first. The live "
                               "database was not changed."),
                live.path());
        DbError e = DbError::fromSqlite(code, QString::fromUtf8(sqlite3_errmsg(dest)), kOp, live.path());
        e.hint += QStringLiteral(" The live database was not changed.");
        return e;
    }

    if (control)
        control->progress(result.pages, result.pages, QStringLiteral("Checking the restored database"));
    return checkAfterRestore(dest, result, clock);
}

} // namespace sluice
