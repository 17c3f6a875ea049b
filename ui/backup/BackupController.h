#pragma once
#include "BackupEntry.h"
#include "worker/DbWorker.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QProgressDialog;
class QWidget;

namespace sluice::ui {

class DatabaseSession;
class MessageBar;

// Backup Now, Restore and Undo restore for the open database. Each runs on a worker of its own
// with a progress dialog that can cancel it; the outcome goes to the window's message bar, with
// "Show in folder" after a backup and "Undo restore" after a restore.
class BackupController : public QObject
{
    Q_OBJECT
public:
    BackupController(QWidget* window, MessageBar* messages);
    ~BackupController() override;

    // The database the actions work on (nullptr when none is open): running jobs are cancelled.
    void setSession(DatabaseSession* session);
    DatabaseSession* session() const { return m_session; }

    void backupNow();
    // Asks (naming the database and the backup's time), then restores.
    void restore(const BackupEntry& backup);
    void chooseAndRestore(); // a file dialog, then restore()
    void undoRestore();      // puts the last restore's safety backup back
    void editSettings();     // folder and retention

    QString backupFolder() const; // where Backup Now writes for the open database
    bool isBusy() const { return m_job != 0; }
    QString lastBackup() const { return m_lastBackup; }
    QString safetyBackup() const { return m_safetyBackup; }
    QProgressDialog* progressDialog() const;
    void cancel();

    // Asks a yes/no question; a QMessageBox unless replaced (tests answer without a dialog).
    std::function<bool(const QString& title, const QString& question)> confirm;

Q_SIGNALS:
    void backupFinished(bool ok, const QString& path);
    void restoreFinished(bool ok);
    void backupsChanged(); // a backup file was written or removed
    void busyChanged(bool busy);

private:
    struct RestoreOutcome
    {
        QString safetyPath;
        qint64 pages = 0;
        qint64 elapsedMs = 0;
        int foreignKeyProblems = 0;
        QString quickCheck = QStringLiteral("ok");
        QStringList warnings; // e.g. the backup has a newer migration than the live database
    };
    void runRestore(const QString& path, bool undo);
    void beginJob(const QString& text);
    void endJob();
    void onProgress(qint64 done, qint64 total, const QString& what);
    DbWorker& worker();

    QWidget* m_window;
    MessageBar* m_messages;
    DatabaseSession* m_session = nullptr;
    std::unique_ptr<DbWorker> m_worker;
    QPointer<QProgressDialog> m_progress;
    JobId m_job = 0;
    quint64 m_generation = 0;
    QString m_lastBackup;
    QString m_safetyBackup;
};

} // namespace sluice::ui
