#pragma once
// The table designer: a window that creates a table or modifies one. The form (columns grid with
// undo/redo, foreign keys, indexes, table options) edits a TableDesign; beside it the SQL the
// planner generates for the change is shown live (debounced, planned on a worker so a large schema
// never holds up typing), with its warnings and the statements that lose data marked. Apply runs the
// plan in one transaction after an optional verified backup; Save as Migration writes it into the
// Drizzle project's migrations folder as a custom migration.
#include "schemaplan/SchemaPlanner.h"
#include "schemaplan/TableDesign.h"
#include "worker/DbWorker.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class QUndoStack;

namespace sluice::ui {

class DatabaseSession;
class DesignColumnsModel;
class DesignForeignKeysModel;
class DesignIndexesModel;
class MessageBar;
class SchemaChangeReview;
class SqlTextEdit;

class TableDesigner : public QWidget
{
    Q_OBJECT
public:
    // `table` empty: a new table.
    TableDesigner(DatabaseSession& session, const QString& table, QWidget* parent = nullptr);
    ~TableDesigner() override;

    const TableDesign& design() const { return m_design; }
    // Replaces the design as one undoable step (what every form edit does).
    void changeDesign(const TableDesign& next, const QString& what);

    void addColumn();
    void removeCurrentColumn();
    void moveCurrentColumn(int delta);
    void addForeignKey();
    void removeCurrentForeignKey();
    void addIndex();
    void removeCurrentIndex();

    // Plans now instead of after the debounce (tests, and Apply on a design edited a moment ago).
    void updateNow();
    // True once the SQL shown belongs to the current design.
    bool isPlanCurrent() const { return m_planCurrent; }
    const SchemaPlan& plan() const { return m_plan; }
    const Schema& targetSchema() const { return m_target; }
    QString planError() const { return m_planError; } // "" when the design is valid

    void apply(); // asks (data loss, ApplyDialog), then applyWith
    // Applies the current plan: a verified backup into `backupFolder` first when `backup`;
    // `confirmLoss` must be true when the plan loses data.
    void applyWith(bool backup, const QString& backupFolder, bool confirmLoss);
    void cancelApply();
    // Opens the migration review (schema diff, dry run, apply) of the current plan; null when there
    // is nothing valid to review.
    SchemaChangeReview* review();
    void saveAsMigration();                         // asks for a name
    bool saveAsMigrationNamed(const QString& name); // false with a message when it cannot
    bool isBusy() const { return m_applyJob != 0; }
    QString migrationsFolder() const { return m_migrationsDir; }

    QTableView* columnsView() const { return m_columnsView; }
    DesignColumnsModel* columnsModel() const { return m_columns; }
    DesignForeignKeysModel* foreignKeysModel() const { return m_foreignKeys; }
    DesignIndexesModel* indexesModel() const { return m_indexes; }
    QLineEdit* nameEdit() const { return m_name; }
    QCheckBox* strictBox() const { return m_strict; }
    QCheckBox* withoutRowidBox() const { return m_withoutRowid; }
    SqlTextEdit* sqlView() const { return m_sql; }
    QLabel* warningsLabel() const { return m_warnings; }
    QUndoStack* undoStack() const { return m_undo; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* reviewButton() const { return m_review; }
    QPushButton* saveMigrationButton() const { return m_saveMigration; }
    MessageBar* messages() const { return m_messages; }
    QTabWidget* tabs() const { return m_tabs; }

Q_SIGNALS:
    void planUpdated();
    void applyFinished(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    struct Preview
    {
        Schema target;
        SchemaPlan plan;
    };

    QWidget* buildColumnsTab();
    QWidget* buildForeignKeysTab();
    QWidget* buildIndexesTab();
    QWidget* buildOptionsTab();
    void setDesign(const TableDesign& design); // from an undo step: shows it everywhere
    void scheduleUpdate();
    void startPlanning();
    static Result<Preview> computePreview(const TableDesign& design, const Schema& live);
    void showPlan(const Preview& preview);
    void showDesignError(const DbError& error);
    void updateActions();
    void updateTitle();
    void commitOptionTexts();
    void onApplied(const QString& backupPath, qint64 ms, int statements);
    void onSchemaChanged();
    QString defaultMigrationName() const;

    DatabaseSession& m_session;
    TableDesign m_design;
    std::unique_ptr<DbWorker> m_worker;
    QUndoStack* m_undo;
    QLineEdit* m_name;
    QTabWidget* m_tabs;
    QTableView* m_columnsView = nullptr;
    QTableView* m_foreignKeysView = nullptr;
    QTableView* m_indexesView = nullptr;
    DesignColumnsModel* m_columns = nullptr;
    DesignForeignKeysModel* m_foreignKeys = nullptr;
    DesignIndexesModel* m_indexes = nullptr;
    QCheckBox* m_strict = nullptr;
    QCheckBox* m_withoutRowid = nullptr;
    QPlainTextEdit* m_checks = nullptr;
    QPlainTextEdit* m_uniques = nullptr;
    QTimer* m_optionTextTimer = nullptr;
    SqlTextEdit* m_sql;
    QLabel* m_warnings;
    MessageBar* m_messages;
    QPushButton* m_review;
    QPushButton* m_apply;
    QPushButton* m_saveMigration;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QTimer* m_debounce;

    SchemaPlan m_plan;
    Schema m_target;
    QString m_planError;
    bool m_planCurrent = false;
    quint64 m_generation = 0;
    JobId m_planJob = 0;
    JobId m_applyJob = 0;
    QString m_migrationsDir; // set when the database belongs to a Drizzle project
    QString m_projectDir;
};

} // namespace sluice::ui
