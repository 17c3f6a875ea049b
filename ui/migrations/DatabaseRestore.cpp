#include "DatabaseRestore.h"

#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <sqlite3.h>

namespace sluice::ui {

namespace {

Status quickCheck(Connection& c, const QString& what)
{
    auto rows = c.rows(QStringLiteral("PRAGMA quick_check"), {}, what);
    if (!rows)
        return rows.error();
    if (rows->size() != 1 || rows->first().value(0).toString() != QStringLiteral("ok")) {
        QStringList lines;
        for (const QVariantList& r : *rows)
            lines << r.value(0).toString();
        return DbError::plain(what,
                              QStringLiteral("quick_check reports: %1").arg(lines.join(QStringLiteral("; "))),
                              {}, c.path());
    }
    return {};
}

} // namespace

Result<RestoreResult> restoreDatabaseFromBackup(Connection& live, const QString& backupPath,
                                                JobControl* control)
{
    const QString op = QStringLiteral("Restoring %1").arg(QFileInfo(backupPath).fileName());
    QElapsedTimer clock;
    clock.start();
    if (!QFileInfo(backupPath).isFile())
        return DbError::plain(op, QStringLiteral("the backup file %1 does not exist").arg(backupPath), {},
                              backupPath);
    if (live.isReadOnly())
        return DbError::plain(op, QStringLiteral("the database is read-only: %1").arg(live.readOnlyReason()),
                              {}, live.path());
    OpenOptions ro;
    ro.mode = OpenOptions::Mode::ReadOnly;
    auto source = Connection::open(backupPath, ro);
    if (!source)
        return source.error();
    if (Status s = quickCheck(**source, op); !s)
        return s.error();
    sqlite3* to = live.handle();
    sqlite3* from = (*source)->handle();
    if (!to || !from)
        return DbError::plain(op, live.rawHandleProblem(), {}, live.path());

    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (!backup)
        return live.lastRawError(op);
    int rc = SQLITE_OK;
    RestoreResult result;
    int busyWaits = 0;
    while (true) {
        if (control && control->isCancelled()) {
            sqlite3_backup_finish(backup);
            return DbWorker::cancelledError();
        }
        rc = sqlite3_backup_step(backup, 256);
        const int total = sqlite3_backup_pagecount(backup);
        if (control)
            control->progress(total - sqlite3_backup_remaining(backup), total, QStringLiteral("restoring"));
        result.pages = total;
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_OK)
            continue;
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++busyWaits < 250) {
            sqlite3_sleep(20); // another connection is reading or writing: wait up to ~5 s
            continue;
        }
        break;
    }
    const int finish = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE || finish != SQLITE_OK) {
        DbError e = live.lastRawError(op);
        e.hint = QStringLiteral("The database was left as it was; the backup file is unchanged.");
        return e;
    }
    if (Status s = quickCheck(live, op); !s)
        return s.error();
    result.elapsedMs = clock.elapsed();
    return result;
}

} // namespace sluice::ui
