#pragma once
// The Migrations tab: the Drizzle project around the open database, the status of every migration,
// the Review of one migration or all pending ones (risky statements marked in the SQL, schema
// before/after and data impact from a dry run on a copy), Apply with a pre-migration backup, and
// Restore of that backup. Every long step runs on a worker of its own with progress and Cancel.
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationStatus.h"
#include "drizzle/PendingMigrations.h"
#include "migrate/DryRun.h"
#include "worker/DbWorker.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace sluice::ui {

class DataImpactView;
class DoctorView;
class DatabaseSession;
class MessageBar;
class MigrationSqlView;
class MigrationStatusModel;
class SchemaChangeReview;
class SchemaDiffView;

class MigrationsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationsPanel(DatabaseSession& session, QWidget* parent = nullptr);
    ~MigrationsPanel() override;

    // Re-reads the migrations folder and the migrations table (both small; on this thread).
    void refreshStatus();
    // Shows the pending migrations together (and starts their dry run).
    void reviewAllPending();
    // Shows one row of the status list (index into MigrationStatus::items).
    void reviewItem(int item);
    void startDryRun();
    // Asks for confirmation (ApplyDialog), then applies every pending migration.
    void applyPending();
    // Applies without asking: `backupFolder` is used when `backup` is true.
    void applyPendingWith(bool backup, const QString& backupFolder);
    void restoreBackup();
    // The reverse of the reviewed migrations (schema after → before, from the last successful dry
    // run), in a schema change review with what it cannot bring back; nullptr without a dry run.
    SchemaChangeReview* generateRollback();
    void chooseMigrationsFolder();
    void cancelJob();

    bool hasProject() const { return !m_migrationsDir.isEmpty(); }
    QString migrationsDir() const { return m_migrationsDir; }
    QString projectDir() const { return m_projectDir; }
    QString defaultBackupFolder() const;
    bool isBusy() const { return m_jobKind != JobKind::None; }
    bool hasDryRunResult() const { return m_dryRun.has_value(); }
    const std::optional<DryRunResult>& dryRunResult() const { return m_dryRun; }
    const MigrationStatus& status() const;
    QList<MigrationSource> pendingMigrations() const;
    QStringList reviewedNames() const { return m_reviewedNames; }
    QString lastBackupPath() const { return m_lastBackup; }
    QString summaryText() const;

    MigrationStatusModel* model() const { return m_model; }
    QListView* statusList() const { return m_list; }
    MigrationSqlView* sqlView() const { return m_sql; }
    SchemaDiffView* schemaDiff() const { return m_diff; }
    DataImpactView* dataImpact() const { return m_impact; }
    QTabWidget* reviewTabs() const { return m_reviewTabs; }
    MessageBar* messageBar() const { return m_messages; }
    QPushButton* restoreButton() const { return m_restore; }
    QPushButton* rollbackButton() const { return m_rollbackButton; }
    QPushButton* chooseFolderButton() const { return m_chooseFolder; }
    QWidget* noProjectPage() const { return m_noProject; }
    DoctorView* doctorView() const { return m_doctor; }

    // The migrations folder the user chose for a database (QSettings), "" when none.
    static QString rememberedFolder(const QString& databasePath);
    static void rememberFolder(const QString& databasePath, const QString& folder);

Q_SIGNALS:
    void statusRefreshed();
    void reviewFinished(); // lint and dry run of the reviewed migrations are done (or failed)
    void applyFinished(bool ok);
    void restoreFinished(bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    enum class JobKind { None, Review, Apply, Restore };

    void locateProject();
    void onSelectionChanged();
    void showReview(const QList<MigrationSource>& migrations, bool pending, bool startJobs);
    void startReviewJobs();
    void showDryRun(const DryRunResult& result);
    void showApplyError(const DbError& error, const QString& backupPath);
    void beginJob(JobKind kind, const QString& text);
    void endJob();
    // Cancels the running job and forgets it: its results, when they come, are dropped.
    void abandonJob();
    void onProgress(qint64 done, qint64 total, const QString& what);
    void updateActions();
    DbWorker& worker();
    QList<MigrationSource> pendingPrefixThrough(const QStringList& names) const;
    // What drizzle-orm would run now, from the migrations table as it is (a small read, this thread).
    Result<PendingRun> decidePending() const;

    DatabaseSession& m_session;
    std::unique_ptr<DbWorker> m_worker;

    QString m_projectDir;
    QString m_migrationsDir;
    QString m_table = QStringLiteral("__drizzle_migrations");
    QString m_projectNote;
    std::optional<MigrationFolder> m_folder;

    QList<MigrationSource> m_reviewed;
    QStringList m_reviewedNames;
    bool m_reviewedPending = false;
    bool m_reviewJobsWanted = false;
    std::optional<DryRunResult> m_dryRun;
    QString m_lastBackup;
    // What "Generate Rollback…" reverses: the schemas of the last successful dry run, kept after
    // the apply (with its backup) so the rollback can be generated then too.
    struct RollbackSource
    {
        Schema before;
        Schema after;
        QStringList names;
        QString backupPath;
    };
    std::optional<RollbackSource> m_rollbackSource;

    JobKind m_jobKind = JobKind::None;
    QList<JobId> m_jobs;
    quint64 m_generation = 0; // bumped per job: stale results are recognised and dropped

    MessageBar* m_messages;
    QPushButton* m_restore;
    QStackedWidget* m_stack;
    QWidget* m_noProject;
    QLabel* m_noProjectText;
    QPushButton* m_chooseFolder;
    QLabel* m_projectLabel;
    QToolButton* m_refreshButton;
    QToolButton* m_folderButton;
    QPushButton* m_dryRunButton;
    QPushButton* m_applyButton;
    QPushButton* m_rollbackButton;
    MigrationStatusModel* m_model;
    QListView* m_list;
    QLabel* m_summary;
    QLabel* m_reviewTitle;
    QTabWidget* m_reviewTabs;
    MigrationSqlView* m_sql;
    SchemaDiffView* m_diff;
    DataImpactView* m_impact;
    QWidget* m_progressRow;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QPushButton* m_cancel;
    QTabWidget* m_pageTabs = nullptr; // Migrations | Project doctor
    DoctorView* m_doctor = nullptr;
};

} // namespace sluice::ui
