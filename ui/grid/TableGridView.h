#pragma once
// The row grid of one table or view: a filter row over the columns, the table itself (windowed
// over the database, never waiting on it while painting), a status line with a Cancel button for
// background work, and a side panel showing the current cell in full.
#include "browse/BrowseTypes.h"

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTableView;
class QToolButton;

namespace sluice::ui {

class CellDetailPanel;
class DatabaseSession;
class FilterBar;
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

    // For tests and embedding.
    TableGridModel* model() const { return m_model; }
    QTableView* tableView() const { return m_table; }
    FilterBar* filterBar() const { return m_filters; }
    CellDetailPanel* detailPanel() const { return m_detail; }

Q_SIGNALS:
    void statusTextChanged(const QString& text);

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
    bool m_columnsFitted = false;
    QString m_lastStatus;
};

} // namespace sluice::ui
