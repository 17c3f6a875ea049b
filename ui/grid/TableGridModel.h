#pragma once
// A table or view of any size as a Qt model. Rows are read a page at a time by key (never by a
// large OFFSET), kept in a small LRU cache (memory does not grow with how far one scrolls), and
// loaded after paint: data() never waits on SQLite, it shows a placeholder and queues the page.
// Bounded reads (index walks) run on the session's GUI connection; scans and sorts on workers.
#include "browse/KeysetPager.h"
#include "browse/PageRequest.h"
#include "browse/PositionIndex.h"
#include "browse/RowCount.h"
#include "edit/Relations.h"
#include "edit/StagedChanges.h"
#include "edit/ViewEditing.h"
#include "worker/DbWorker.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>

namespace sluice::ui {

class DatabaseSession;
class GridEdits;

class TableGridModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kPageSize = 128;
    static constexpr int kMaxCachedPages = 40;   // at most 5,120 rows in memory
    static constexpr qint64 kShortHop = 2048;    // OFFSET hops allowed near either end
    static constexpr qint64 kSmallTable = 20000; // below this every read is cheap enough for the GUI thread
    static constexpr int kMaxWorkerPages = 2;    // page reads queued on the worker at once

    explicit TableGridModel(DatabaseSession& session, QObject* parent = nullptr);
    ~TableGridModel() override;

    // Shows a table or view (natural order, no filters); false when it does not exist.
    bool setSource(const QString& tableOrView);
    void clear();
    const std::optional<RowSource>& source() const { return m_source; }
    QString sourceName() const { return m_source ? m_source->name() : QString(); }

    void setSort(const SortSpec& sort);
    void setFilters(const QList<ColumnFilter>& filters);
    void setQuery(const SortSpec& sort, const QList<ColumnFilter>& filters);
    const SortSpec& sort() const { return m_sort; }
    const QList<ColumnFilter>& filters() const { return m_filters; }
    // Re-reads everything (the data may have changed).
    void reload();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Typed text staged as the cell's new value (converted by the column's affinity).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // --- staged edits (ui/edit/GridEdits), drawn over the rows read from the database ---
    // Rows staged for insertion follow the database's rows (rowCount() includes them).
    void setEdits(GridEdits* edits);
    GridEdits* edits() const { return m_edits; }
    // Whether the current source can be edited (a table, a locatable row, a writable file); else why not.
    bool isEditable() const { return m_editProblem.isEmpty() && m_source.has_value(); }
    QString editProblem() const { return m_editProblem; }
    // A view is edited through its INSTEAD OF triggers: only the operations with a trigger (always
    // all three for tables). viewOperationsText() names the missing ones (empty for tables).
    bool canInsert() const { return !m_viewTable || m_viewAccess.insert; }
    bool canUpdate() const { return !m_viewTable || m_viewAccess.update; }
    bool canDelete() const { return !m_viewTable || m_viewAccess.remove; }
    QString viewOperationsText() const;
    // The table the edits go to: the source's table, or the view standing as one (viewAsTable).
    const Table* editTable() const;
    int databaseRowCount() const { return m_rows; }
    bool isInsertedRow(int row) const { return row >= m_rows && row < rowCount(); }
    int insertedEditId(int row) const; // 0 when not an inserted row
    // The staged edit a grid row belongs to (its update/delete, or the insertion), 0 when none.
    int editIdOfRow(int row) const;
    bool isRowDeleted(int row) const;
    bool isCellChanged(int row, int column) const;
    QString problemAt(int row, int column) const;
    // The value a cell shows: staged if any, else as loaded; nothing while loading.
    std::optional<SqlValue> valueAt(int row, int column) const;
    // Stages `value` for a cell; false (nothing staged) when the cell cannot be edited.
    bool stageValue(int row, int column, const SqlValue& value, const QString& what = {});
    // Several cells in one undo step (paste): (row, column, value).
    struct CellValueAt
    {
        int row;
        int column;
        SqlValue value;
    };
    bool stageValues(const QList<CellValueAt>& values, const QString& what);
    // A new row with the columns' literal defaults filled in; returns its grid row.
    int stageNewRow();
    // A copy of a database row (key and generated columns left to SQLite); -1 and `error` when a
    // value could not be read in full.
    int stageDuplicate(int row, QString* error);
    // Stages the deletion of database rows and drops staged new rows among them.
    void stageDeleteRows(const QList<int>& rows);
    // Restores deleted rows and drops changes of these rows (undoable).
    void revertRows(const QList<int>& rows);
    // A foreign-key cell's parent: the table, the column it references ("rowid" when the key is the
    // parent's rowid) and the value; nothing for other cells and NULLs. Single-column keys only.
    struct ParentLink
    {
        QString table;
        QString column;
        QVariant value;
    };
    std::optional<ParentLink> parentLinkAt(int row, int column) const;
    // A foreign-key cell's parent rows for any key, composite ones included: the parent table
    // filtered by every referenced column. Nothing while the key's cells load or when one is NULL.
    std::optional<RelatedRows> parentRowsAt(int row, int column) const;
    bool isForeignKeyColumn(int column) const { return m_fkOfColumn.contains(column); }
    // The identity of a database row (rowid or key values), invalid for inserted or unloaded rows.
    RowIdentity identityAt(int row) const;

    // The loaded cell, or nullptr while its page is loading.
    const Cell* cellAt(int row, int column) const;
    const RowKey* keyAt(int row) const;
    bool isRowLoaded(int row) const { return cellAt(row, 0) != nullptr || columnCount() == 0; }

    bool isCountExact() const { return m_exact >= 0; }
    bool hasPositionIndex() const { return m_index != nullptr; }
    bool usesDenseRowids() const { return m_dense; }
    int cachedRowCount() const;
    int cachedPageCount() const { return int(m_pages.size()); }
    // Whether the current order is read through an index (else every page is a sort on a worker).
    bool orderIsIndexed() const;

    QString statusText() const;
    QString errorText() const { return m_error; }
    bool canCancel() const;
    // Stops the count, the position scan and sorting; a cancelled sort returns to the natural order.
    void cancel();
    // Ctrl+End: lastRowReady(row) is emitted once the last row's position is exact (at once when
    // the count is known; else when it arrives, with the last page already read from the end).
    void requestLastRow();
    // Finds the position of the row with this rowid in the natural, unfiltered order (on a worker:
    // it counts the rows before it) and emits rowLocated; status says when there is no such row.
    void locateRowid(qint64 rowid);

Q_SIGNALS:
    void statusChanged();
    void lastRowReady(int row);
    void rowLocated(int row);
    void sortReverted(); // a sort was cancelled: the model is back in natural order

private:
    // Runs a page read judged cheap on the GUI connection, under a time budget: a read that turns out
    // slow is interrupted (the window never freezes) and `tooSlow` is set so the caller can hand the
    // page to the worker instead.
    Result<RowPage> readOnGuiThread(const PageRequest& request, bool& tooSlow);
    struct CachedPage
    {
        RowPage page;
        quint64 used = 0;
    };
    void resetQuery();
    bool readIsCheap() const;
    bool isSmall() const;
    int rowsInPage(qint64 page) const;
    std::optional<PageRequest> planFor(qint64 page) const;
    void want(qint64 page) const;
    void processWanted();
    void storePage(qint64 page, RowPage rows);
    void applyExactCount(qint64 n);
    void setRows(qint64 n);
    void startCount();
    void maybeStartIndex();
    void submitPage(qint64 page, const PageRequest& request);
    DbWorker& pageWorker();
    DbWorker& jobWorker();
    void evict();
    void setError(const DbError& e);
    QList<LoadedCell> loadedRow(int row) const;
    void onEditsChanged();
    void updateEditProblem();

    DatabaseSession& m_session;
    std::optional<RowSource> m_source;
    std::optional<KeysetPager> m_pager;
    SortSpec m_sort;
    QList<ColumnFilter> m_filters;
    quint64 m_generation = 0;

    int m_rows = 0;
    qint64 m_exact = -1;
    std::optional<qint64> m_estimate; // the unfiltered table's estimated size
    std::optional<RowidRange> m_rowidRange;
    bool m_dense = false;
    std::shared_ptr<const PositionIndex> m_index;
    std::optional<RowPage> m_tailPage;
    bool m_pendingEnd = false;

    mutable QHash<qint64, CachedPage> m_pages;
    mutable quint64 m_tick = 0;
    mutable QList<qint64> m_wanted; // most recent last
    mutable QTimer m_fetchTimer;
    QTimer m_retryTimer;
    QSet<qint64> m_inflight;

    std::unique_ptr<DbWorker> m_pageWorker;
    std::unique_ptr<DbWorker> m_jobWorker;
    JobId m_countJob = 0;
    JobId m_indexJob = 0;
    QHash<JobId, qint64> m_pageJobs;
    int m_indexPercent = 0;
    bool m_locked = false;
    bool m_countCancelled = false;
    bool m_sharedCountPending = false; // waiting for the session's count of the whole table
    bool m_indexCancelled = false;
    QString m_error;

    GridEdits* m_edits = nullptr;
    int m_insertedShown = 0; // staged new rows the model currently shows after m_rows
    QString m_editProblem;
    std::optional<Table> m_viewTable; // the source is a view with INSTEAD OF triggers
    ViewWriteAccess m_viewAccess;
    QHash<int, ForeignKey> m_fkOfColumn; // the foreign key each key column links through
};

} // namespace sluice::ui
