#pragma once
// The row grid of one table or view: a filter row over the columns, the table itself (windowed
// over the database, never waiting on it while painting), a status line with a Cancel button for
// background work, and a side panel showing the current cell in full.
#include "browse/BrowseTypes.h"
#include "edit/RowLocator.h"
#include "edit/TableExport.h"
#include "worker/DbWorker.h"

#include <memory>

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTableView;
class QToolBar;
class QToolButton;

namespace sluice::ui {

class CellDetailPanel;
class ChildrenPanel;
class ExportRunner;
class DatabaseSession;
class FilterBar;
class GridEdits;
class ReviewChangesDialog;
class TableGridModel;

class TableGridView : public QWidget
{
    Q_OBJECT
public:
    TableGridView(DatabaseSession& session, QWidget* parent = nullptr);
    ~TableGridView() override;

    // Shows a table or view from the start, in its natural order, unfiltered. An unknown name
    // clears the view (and the status says so).
    void showTable(const QString& tableOrViewName);
    void clear();
    QString currentTable() const;

    void setSort(const SortSpec& sort);
    void setFilters(const QList<ColumnFilter>& filters); // also shown in the filter row
    // Shows the current table filtered to `column` = `value` (IS NULL for a null value). For the
    // rowid of a table without a rowid alias column (no filter can name it) the rows stay unfiltered
    // and that row is selected once its position is known. False (status says why) when the column
    // is unknown.
    bool showRowsWhere(const QString& column, const QVariant& value);
    void jumpToFirstRow(); // Ctrl+Home
    void jumpToLastRow();  // Ctrl+End: by key from the end
    // The side panel with the current cell in full; whether it shows is remembered (QSettings).
    void setDetailPanelVisible(bool visible);
    bool isDetailPanelVisible() const;
    // Checkable "Cell details" toggle (also on the status row), for a View menu.
    QAction* detailPanelAction() const { return m_detailAction; }
    QSplitter* splitter() const { return m_splitter; }

    // The model's row count and progress, plus the current order and how many filters apply:
    // "2,989 rows · sorted by created_at ↓ · 2 filters".
    QString statusText() const;

    // --- editing (staged until applied) ---
    GridEdits* edits() const { return m_edits; }
    QToolBar* editToolBar() const { return m_toolbar; }
    QAction* addRowAction() const { return m_addRow; }
    QAction* duplicateRowAction() const { return m_duplicateRow; }
    QAction* deleteRowsAction() const { return m_deleteRows; }
    QAction* setNullAction() const { return m_setNull; }
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    QAction* reviewAction() const { return m_review; }
    QAction* applyAction() const { return m_apply; }
    QAction* discardAction() const { return m_discard; }
    // "3 pending changes" (empty when none).
    QString pendingText() const;
    // Opens the review (non-modal, so tests can reach it); the dialog is returned.
    ReviewChangesDialog* reviewChanges();
    // Applies the staged edits on a worker in one transaction; applyFinished tells the outcome.
    // Rows changed on disk since they were loaded stop the apply and ask (Overwrite / Cancel).
    void applyEdits(bool overwriteConflicts = false);
    bool isApplying() const { return m_applyJob != 0; }
    // The message of the last failed apply (empty after a success).
    QString lastApplyError() const { return m_lastApplyError; }
    // The rows the last refused apply found changed on disk, one line each.
    QStringList lastConflicts() const { return m_lastConflicts; }
    void discardEdits();
    // Delete Rows: the rows ON DELETE CASCADE would also remove are counted on a worker first; when
    // there are any (or the delete would be refused), a box names them and asks before staging.
    void deleteSelectedRows();
    QString lastDeleteWarning() const { return m_lastDeleteWarning; }
    // Ctrl+C: the selected cells (their bounding rectangle) as tab-separated text, also put on the
    // clipboard. Ctrl+V: tab-separated text staged into the cells from the current one on, as one
    // undo step; false and `error` (nothing staged) when it does not fit.
    QString copySelection();
    bool pasteTsv(const QString& text, QString* error = nullptr);
    // Ctrl+click on a foreign-key cell: what it would open (also the test hook).
    bool openParentOf(const QModelIndex& index);
    // Shows the current table filtered to columns[i] = values[i] (IS NULL for null values), all of
    // them; false (status says why) when a column is unknown.
    bool showRowsMatching(const QStringList& columns, const QVariantList& values);

    // Staged edits belong to the table shown: before it changes (another table, closing), this asks
    // "N pending changes will be lost" with Review / Discard / Cancel. True when nothing is pending
    // or they were discarded; false to stay (Review opens the review). Filters, sorting and reloads
    // keep the edits, so they do not ask.
    bool confirmDropEdits();

    // --- "Referenced by" side panel: rows of other tables whose foreign keys point at the current row
    void setChildrenPanelVisible(bool visible); // remembered (QSettings)
    bool isChildrenPanelVisible() const;
    QAction* childrenPanelAction() const { return m_childrenAction; }
    ChildrenPanel* childrenPanel() const { return m_children; }

    // --- export of the current view (its filter and sort; staged edits are not part of it)
    // Starts an export on a worker with a progress dialog; nullptr (status says why) when nothing
    // is shown. exportFinished tells the outcome.
    ExportRunner* exportView(ExportOptions::Format format, const QString& path);
    // Asks for the file, then exportView.
    void chooseAndExport(ExportOptions::Format format);

    // For tests and embedding.
    TableGridModel* model() const { return m_model; }
    QTableView* tableView() const { return m_table; }
    FilterBar* filterBar() const { return m_filters; }
    CellDetailPanel* detailPanel() const { return m_detail; }

Q_SIGNALS:
    void statusTextChanged(const QString& text);
    // A foreign-key link was followed: show `table` filtered to column = value.
    void openRowRequested(const QString& table, const QString& column, const QVariant& value);
    void applyFinished(bool committed);
    // Asks the person whether to overwrite rows changed on disk; shown by the view unless a test
    // connected here first and answered through applyEdits(true).
    void conflictsFound(const QStringList& rows);
    // The counted effect of a delete was shown (empty `summary`: nothing else is affected, staged at once).
    void deleteImpactCounted(const QString& summary);
    // A composite foreign key or a "Referenced by" entry: show `table` filtered to all these columns.
    void openRowsRequested(const QString& table, const QStringList& columns, const QVariantList& values);
    void exportFinished(bool ok, const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onHeaderClicked(int section);
    void onSchemaChanged();
    void updateStatus();
    void updateSortIndicator();
    void updateDetail();
    void fitColumnsOnce();
    void saveDetailWidth();
    void updateChildren();

    DatabaseSession& m_session;
    TableGridModel* m_model = nullptr;
    FilterBar* m_filters = nullptr;
    QTableView* m_table = nullptr;
    CellDetailPanel* m_detail = nullptr;
    QSplitter* m_splitter = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_cancel = nullptr;
    QToolButton* m_detailButton = nullptr;
    QAction* m_detailAction = nullptr;
    ChildrenPanel* m_children = nullptr;
    QAction* m_childrenAction = nullptr;
    QString m_childrenTable; // what the panel counted for, to count again only when it changes
    RowIdentity m_childrenRow;
    void buildEditActions();
    void updateEditActions();
    QList<int> selectedRows() const;

    GridEdits* m_edits = nullptr;
    QToolBar* m_toolbar = nullptr;
    QLabel* m_pending = nullptr;
    QAction* m_addRow = nullptr;
    QAction* m_duplicateRow = nullptr;
    QAction* m_deleteRows = nullptr;
    QAction* m_setNull = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_review = nullptr;
    QAction* m_apply = nullptr;
    QAction* m_discard = nullptr;
    std::unique_ptr<DbWorker> m_applyWorker;
    quint64 m_applyJob = 0;
    QString m_lastApplyError;
    QStringList m_lastConflicts;
    QString m_lastDeleteWarning;
    bool m_columnsFitted = false;
    QString m_lastStatus;
};

} // namespace sluice::ui
