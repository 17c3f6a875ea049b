#pragma once
// The review of a generated schema change: the live database's schema → a target (another file, a
// .sql script, a Drizzle snapshot, the table designer, a Health fix). Shows the planner's SQL with
// the statements that lose data marked, its warnings, the rename questions ("renamed from …, or
// dropped and created?", answering re-plans), the schema before/after highlighted, a dry run on a
// copy, and Apply (verified pre-change backup, then the one runner in one transaction).
// Planning runs on the review's worker, never on the GUI thread (hundreds of tables take tens of
// milliseconds and more): while a plan is on its way the review says so and every action that
// would use the plan waits for it; only the newest request's plan is ever shown.
// It reuses the Migrations tab's widgets (MigrationSqlView, SchemaDiffView, DataImpactView,
// ApplyDialog) so both reviews look and behave alike.
#include "drizzle/CustomMigration.h"
#include "migrate/DryRun.h"
#include "schema/Schema.h"
#include "schemaplan/RenameHints.h"
#include "schemaplan/SchemaPlanner.h"
#include "worker/DbWorker.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <memory>
#include <optional>

class QCloseEvent;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QVBoxLayout;

namespace sluice::ui {

class DataImpactView;
class DatabaseSession;
class MessageBar;
class MigrationSqlView;
class SchemaDiffView;

struct SchemaChangeRequest
{
    QString title;
    Schema target;
    RenameHints hints;
    bool columnOrderMatters = true;
    QString sourceDescription; // where the target comes from, in words ("schema.sql", "the table designer")
    // Plan from this schema instead of the live one (a rollback reviewed before its change ran).
    // While the database does not have this schema the review only shows the plan: Dry Run and
    // Apply need the database to be there first.
    std::optional<Schema> from;
};

class SchemaChangeReview : public QDialog
{
    Q_OBJECT
public:
    SchemaChangeReview(DatabaseSession& session, const SchemaChangeRequest& request,
                       QWidget* parent = nullptr);
    ~SchemaChangeReview() override;

    // The rename answers so far: the request's hints plus what was answered in the questions.
    const RenameHints& hints() const { return m_hints; }
    // Answers one rename question (the index into renameCandidates() of the first plan) and re-plans;
    // planned() says when the new plan is shown.
    void answerRename(int question, bool renamed);
    // true from the constructor or an answer until its plan (or planning error) is shown: plan() is
    // then the previous one (empty before the first) and nothing may act on it.
    bool isPlanning() const { return m_planJob != 0; }
    // The thread that computed the plan shown (never the GUI thread; tests check it).
    Qt::HANDLE planThread() const { return m_planThread; }
    // The current plan (empty when the schemas already agree or planning failed).
    const SchemaPlan& plan() const { return m_plan; }
    QString planError() const { return m_planError; }
    const QList<RenameCandidate>& renameQuestions() const { return m_questions; }
    // What the plan loses, one line per statement that loses data (the confirmation names these).
    QStringList dataLosses() const;

    void startDryRun();
    // Asks (ApplyDialog, then a confirmation when data is lost) and applies.
    void apply();
    // Applies without asking: a backup into `backupFolder` first when `backup`; `confirmLoss` must be
    // true when the plan loses data.
    void applyWith(bool backup, const QString& backupFolder, bool confirmLoss);
    void cancelJob();
    // Writes the plan into a Drizzle migrations folder as the next custom migration (the form
    // drizzle-kit generate --custom makes), so the team's history stays whole.
    Result<SavedMigration> saveAsMigration(const QString& migrationsFolder, const QString& name);
    // The project's migrations folder around the database ("" when there is none).
    QString defaultMigrationsFolder() const;
    // Opens the review of the reverse change (after → before), with what it cannot bring back.
    SchemaChangeReview* generateRollback();

    bool isBusy() const { return m_job != 0; }
    bool applied() const { return m_applied; }
    QString lastBackupPath() const { return m_backupPath; }
    const std::optional<DryRunResult>& dryRunResult() const { return m_dryRun; }
    // The whole script for the sqlite3 shell (Copy SQL / Save SQL…).
    QString sqliteScript() const;

    MigrationSqlView* sqlView() const { return m_sql; }
    SchemaDiffView* schemaDiff() const { return m_diff; }
    DataImpactView* dataImpact() const { return m_impact; }
    MessageBar* messageBar() const { return m_messages; }
    QListWidget* warningsList() const { return m_warnings; }
    QTabWidget* tabs() const { return m_tabs; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* dryRunButton() const { return m_dryRunButton; }
    QPushButton* copySqlButton() const { return m_copy; }
    QPushButton* saveSqlButton() const { return m_save; }
    QPushButton* rollbackButton() const { return m_rollback; }
    QPushButton* saveMigrationButton() const { return m_saveMigration; }
    QPushButton* openBackupButton() const { return m_openBackup; }
    QComboBox* renameQuestion(int question) const;

    // Set on a rollback review: what it cannot bring back and the pre-change backup that holds it.
    void setRollbackContext(const QStringList& notRestorable, const QString& backupPath);

    // true when the plan starts from the database's schema (Dry Run and Apply possible); known once
    // the first plan is shown.
    bool plansFromLiveSchema() const { return m_fromLive; }
    void reject() override;

Q_SIGNALS:
    // A plan or a planning error is shown (after the constructor, after each answer).
    void planned();
    void dryRunFinished(bool ok);
    void applyFinished(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void replan();
    void showPlanning();
    void showPlan();
    void rebuildQuestions();
    // The planner's warnings about what `statement` loses (they name its table).
    QStringList lossWarningsFor(const PlanStatement& statement) const;
    void updateActions();
    QString applyToolTip() const;
    QString saveMigrationToolTip() const;
    void beginJob(const QString& text);
    void endJob();
    void onProgress(qint64 done, qint64 total, const QString& what);
    void copySql();
    void saveSql();
    void chooseAndSaveMigration();
    void showApplyError(const DbError& error);
    DbWorker& worker();

    DatabaseSession& m_session; // used only while m_live is set
    QPointer<DatabaseSession> m_live;
    QString m_path;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    SchemaChangeRequest m_request;
    Schema m_before; // the live schema this review plans from
    RenameHints m_hints;
    QList<RenameCandidate> m_questions; // asked once, from the first plan; answers live in m_hints
    SchemaPlan m_plan;
    QString m_planError;
    std::optional<DryRunResult> m_dryRun;
    std::unique_ptr<DbWorker> m_worker;
    JobId m_job = 0;     // a dry run or an apply
    JobId m_planJob = 0; // the newest planning request, until its plan is shown
    quint64 m_planGeneration = 0;
    bool m_startKnown = false; // m_before and m_fromLive are settled (by the first plan)
    Qt::HANDLE m_planThread = nullptr;
    bool m_applied = false;
    bool m_applying = false;
    bool m_fromLive = true;
    QList<int> m_statementLines; // per plan statement: its 1-based line in the SQL view
    QString m_backupPath;
    Schema m_appliedBefore; // the schema before the apply (for the rollback)
    QStringList m_notRestorable;
    QString m_rollbackBackup;

    MessageBar* m_messages;
    QLabel* m_summary;
    QWidget* m_questionsBox;
    QVBoxLayout* m_questionsLayout;
    QList<QComboBox*> m_questionCombos;
    QListWidget* m_warnings;
    QTabWidget* m_tabs;
    MigrationSqlView* m_sql;
    SchemaDiffView* m_diff;
    DataImpactView* m_impact;
    QWidget* m_progressRow;
    QLabel* m_progressLabel;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QPushButton* m_dryRunButton;
    QPushButton* m_apply;
    QPushButton* m_copy;
    QPushButton* m_save;
    QPushButton* m_saveMigration;
    QPushButton* m_rollback;
    QPushButton* m_openBackup;
};

} // namespace sluice::ui
