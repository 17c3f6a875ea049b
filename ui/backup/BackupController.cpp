#include "BackupController.h"

#include "BackupSettings.h"
#include "BackupSettingsDialog.h"
#include "DatabaseSession.h"
#include "MessageBar.h"
#include "MessageBarAction.h"
#include "backup/BackupJob.h"
#include "backup/BackupService.h"
#include "backup/RestoreService.h"
#include "formats/BackupFormat.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QUrl>

namespace sluice::ui {

namespace {

bool isCancel(const DbError& e)
{
    return e.isInterrupted() || e.message() == DbWorker::cancelledError().message();
}

} // namespace

BackupController::BackupController(QWidget* window, MessageBar* messages)
    : QObject(window), m_window(window), m_messages(messages)
{
    confirm = [this](const QString& title, const QString& question) {
        return QMessageBox::question(m_window, title, question, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
}

BackupController::~BackupController()
{
    m_worker.reset(); // jobs report here: stop them first
}

void BackupController::setSession(DatabaseSession* session)
{
    if (m_worker)
        m_worker->cancelAll();
    m_worker.reset();
    ++m_generation;
    endJob();
    m_session = session;
    m_safetyBackup.clear();
    m_lastBackup.clear();
}

DbWorker& BackupController::worker()
{
    if (!m_worker)
        m_worker = m_session->makeWorker();
    return *m_worker;
}

QString BackupController::backupFolder() const
{
    if (!m_session)
        return {};
    return BackupSettings::load(m_session->path()).folderFor(m_session->path());
}

void BackupController::backupNow()
{
    if (!m_session || isBusy())
        return;
    const BackupSettings settings = BackupSettings::load(m_session->path());
    const QString folder = backupFolder();
    QDir().mkpath(folder); // the default folder is created on first use; whyNotWritableFolder says the rest
    if (const QString why = BackupService::whyNotWritableFolder(folder); !why.isEmpty()) {
        m_messages->showMessage(
            MessageBar::Level::Error,
            tr("Cannot back up to %1: %2. Choose another folder in File ▸ Backup Settings….")
                .arg(QDir::toNativeSeparators(folder), why));
        Q_EMIT backupFinished(false, QString());
        return;
    }
    beginJob(tr("Backing up %1…").arg(QFileInfo(m_session->path()).fileName()));
    m_job = worker().submit<BackupOutcome>(
        this,
        [folder, settings](Connection& c, JobControl& control) {
            BackupRequest request;
            request.destination = folder;
            request.retention.keepNewest = settings.keepNewest;
            request.retention.maxAgeDays = settings.maxAgeDays;
            return takeBackup(c, request, &control);
        },
        [this, gen = m_generation, folder](Result<BackupOutcome> r) {
            if (gen != m_generation)
                return;
            endJob();
            if (!r) {
                m_messages->showMessage(
                    isCancel(r.error()) ? MessageBar::Level::Info : MessageBar::Level::Error,
                    isCancel(r.error()) ? tr("Backup cancelled; nothing was written.")
                                        : tr("Backup failed: %1").arg(r.error().message()));
                Q_EMIT backupFinished(false, QString());
                return;
            }
            m_lastBackup = r->info.path;
            QString text =
                tr("Backup saved and verified: %1 (%2, %3 ms).")
                    .arg(QDir::toNativeSeparators(r->info.path), QLocale().formattedDataSize(r->info.size))
                    .arg(r->elapsedMs);
            if (!r->retention.deleted.isEmpty())
                text += QLatin1Char(' ') + tr("%n older backup(s) deleted by the retention setting.", nullptr,
                                              int(r->retention.deleted.size()));
            if (!r->retention.failed.isEmpty())
                text += QLatin1Char(' ') +
                        tr("Could not delete: %1").arg(r->retention.failed.join(QStringLiteral("; ")));
            MessageBarAction::show(m_messages, int(MessageBar::Level::Info), text,
                                   {{tr("Show in Folder"),
                                     [folder] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder)); }}});
            Q_EMIT backupsChanged();
            Q_EMIT backupFinished(true, r->info.path);
        },
        [this, gen = m_generation](qint64 done, qint64 total, const QString& what) {
            if (gen == m_generation)
                onProgress(done, total, what);
        });
}

void BackupController::restore(const BackupEntry& backup)
{
    if (!m_session || isBusy())
        return;
    if (m_session->isReadOnly()) {
        m_messages->showMessage(
            MessageBar::Level::Error,
            tr("Cannot restore: the database is open read-only (%1).").arg(m_session->readOnlyReason()));
        return;
    }
    QString why;
    if (detectBackupFormat(backup.path, &why) == BackupFormat::Unknown) {
        m_messages->showMessage(MessageBar::Level::Error,
                                tr("Cannot restore %1: %2. The database was not changed.")
                                    .arg(QDir::toNativeSeparators(backup.path), why));
        Q_EMIT restoreFinished(false);
        return;
    }
    const QString when = QLocale().toString(backup.created.toLocalTime(), QLocale::LongFormat);
    const QString question =
        tr("Replace the database\n%1\nwith the backup taken %2?\n\n%3\n\nA safety backup of the current "
           "database is taken first, so the restore can be undone.")
            .arg(QDir::toNativeSeparators(m_session->path()), when, QDir::toNativeSeparators(backup.path));
    if (!confirm(tr("Restore from Backup"), question))
        return;
    runRestore(backup.path, false);
}

void BackupController::chooseAndRestore()
{
    if (!m_session)
        return;
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Restore from Backup"), backupFolder(),
                                     tr("Backups (*.sqlite3 *.sqlite *.db *.json *.sql);;All files (*)"));
    if (!path.isEmpty())
        restore(describeBackupFile(path));
}

void BackupController::undoRestore()
{
    if (!m_session || isBusy() || m_safetyBackup.isEmpty())
        return;
    runRestore(m_safetyBackup, true);
}

void BackupController::runRestore(const QString& path, bool undo)
{
    const QString folder = backupFolder();
    const QString dbPath = m_session->path();
    if (!undo) {
        QDir().mkpath(folder);
        if (const QString why = BackupService::whyNotWritableFolder(folder); !why.isEmpty()) {
            m_messages->showMessage(
                MessageBar::Level::Error,
                tr("Cannot restore: the safety backup cannot be written to %1: %2. Nothing "
                   "was changed.")
                    .arg(QDir::toNativeSeparators(folder), why));
            Q_EMIT restoreFinished(false);
            return;
        }
    }
    beginJob(undo ? tr("Undoing the restore…") : tr("Restoring %1…").arg(QFileInfo(path).fileName()));
    m_job = worker().submit<RestoreOutcome>(
        this,
        [path, undo, folder](Connection& c, JobControl& control) -> Result<RestoreOutcome> {
            // The engine's restore: the backup is checked before anything is touched, a safety
            // backup of the live database is taken (not when undoing: the safety backup is the
            // target then), the copy goes in through the online backup API (SQLite files) or one
            // transaction (JSON, SQL dumps), then quick_check and foreign_key_check.
            RestoreOptions options;
            options.safetyFolder = folder;
            options.safetyBackup = !undo;
            auto restored = RestoreService::restore(c, path, &control, options);
            if (!restored)
                return restored.error();
            RestoreOutcome out;
            out.safetyPath = restored->safetyBackupPath;
            out.pages = restored->pages;
            out.elapsedMs = restored->elapsedMs;
            out.foreignKeyProblems = int(restored->foreignKeyViolations.size());
            out.quickCheck = restored->quickCheck;
            out.warnings = restored->warnings;
            return out;
        },
        [this, gen = m_generation, path, undo](Result<RestoreOutcome> r) {
            if (gen != m_generation)
                return;
            endJob();
            if (!r) {
                m_messages->showMessage(
                    isCancel(r.error()) ? MessageBar::Level::Info : MessageBar::Level::Error,
                    isCancel(r.error())
                        ? tr("Restore cancelled; the database was not changed.")
                        : tr("Restore failed; the database was not changed: %1").arg(r.error().message()));
                Q_EMIT restoreFinished(false);
                return;
            }
            if (Status s = m_session->reloadSchema(); !s)
                m_messages->showMessage(MessageBar::Level::Warning, s.error().message());
            m_session->notifyDataChanged();
            QString checks =
                r->quickCheck != QLatin1String("ok")
                    ? tr("quick_check reports a problem: %1. Run Health ▸ Integrity Check.")
                          .arg(r->quickCheck)
                : r->foreignKeyProblems == 0
                    ? tr("quick_check ok, no foreign key violations.")
                    : tr("quick_check ok, but %n foreign key violation(s): see Health ▸ Foreign Key Check.",
                         nullptr, r->foreignKeyProblems);
            for (const QString& w : r->warnings)
                checks += QLatin1Char('\n') + w;
            if (undo) {
                m_safetyBackup.clear();
                m_messages->showMessage(MessageBar::Level::Info,
                                        tr("Restore undone: the database is back as it was; %1").arg(checks));
            } else {
                m_safetyBackup = r->safetyPath;
                const QString text = tr("Restored the database from %1 (%2 ms); %3\nSafety backup: %4")
                                         .arg(QDir::toNativeSeparators(path))
                                         .arg(r->elapsedMs)
                                         .arg(checks, QDir::toNativeSeparators(r->safetyPath));
                MessageBarAction::show(m_messages,
                                       int(r->foreignKeyProblems || r->quickCheck != QLatin1String("ok") ||
                                                   !r->warnings.isEmpty()
                                               ? MessageBar::Level::Warning
                                               : MessageBar::Level::Info),
                                       text, {{tr("Undo Restore"), [this] { undoRestore(); }}});
            }
            Q_EMIT backupsChanged();
            Q_EMIT restoreFinished(true);
        },
        [this, gen = m_generation](qint64 done, qint64 total, const QString& what) {
            if (gen == m_generation)
                onProgress(done, total, what);
        });
}

void BackupController::editSettings()
{
    if (!m_session)
        return;
    BackupSettingsDialog dialog(m_session->path(), m_window);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT backupsChanged(); // the folder may have changed: list it again
}

QProgressDialog* BackupController::progressDialog() const
{
    return m_progress;
}

void BackupController::cancel()
{
    if (m_worker && m_job)
        m_worker->cancel(m_job);
}

void BackupController::beginJob(const QString& text)
{
    m_progress = new QProgressDialog(text, tr("Cancel"), 0, 0, m_window);
    m_progress->setObjectName(QStringLiteral("backupProgress"));
    m_progress->setWindowTitle(tr("Sluice"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(300); // a quick backup finishes without a flashing dialog
    m_progress->setValue(0);
    connect(m_progress, &QProgressDialog::canceled, this, &BackupController::cancel);
    Q_EMIT busyChanged(true);
}

void BackupController::endJob()
{
    const bool was = m_job != 0 || m_progress;
    m_job = 0;
    if (m_progress) {
        m_progress->disconnect(this);
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    if (was)
        Q_EMIT busyChanged(false);
}

void BackupController::onProgress(qint64 done, qint64 total, const QString& what)
{
    if (!m_progress)
        return;
    if (total > 0) {
        m_progress->setRange(0, 1000); // QProgressDialog holds ints: scale
        m_progress->setValue(int(double(done) / double(total) * 1000));
    }
    if (!what.isEmpty())
        m_progress->setLabelText(what.left(1).toUpper() + what.mid(1));
}

} // namespace sluice::ui
