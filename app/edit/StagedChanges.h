#pragma once
// Edits to one table, staged in memory until they are applied in one transaction (DESIGN §3: never
// a long-open transaction). A plain value: copy it to snapshot it (the GUI's undo stack can keep a
// copy per step), compare it, hand it to a worker.
//
// Every edit has an `id` that stays the same while the set changes (indexes do not): the GUI refers
// to inserted rows by it, and apply failures name it.
#include "RowLocator.h"
#include "SqlValue.h"
#include "browse/CellValue.h"

#include <QList>
#include <QString>

#include <optional>

namespace sluice {

// A cell as the grid loaded it (storage, value possibly a prefix, full length): what conflict
// detection compares the row on disk with just before writing.
struct LoadedCell
{
    QString column;
    Cell cell;
};

struct CellChange
{
    QString column;
    SqlValue value;
};

struct StagedEdit
{
    enum class Kind { Update, Insert, Delete };
    int id = 0;
    Kind kind = Kind::Update;
    RowIdentity row; // Update, Delete: which existing row
    QList<LoadedCell>
        loaded; // Update, Delete: the row as loaded (may be partial: only these columns are compared)
    QList<CellChange> changes; // Update: new values; Insert: only the columns the user set

    std::optional<SqlValue> changeFor(const QString& column) const;
};

class StagedChanges
{
public:
    explicit StagedChanges(QString table = {}) : m_table(std::move(table)) {}

    const QString& table() const { return m_table; }
    const QList<StagedEdit>& edits() const { return m_edits; }
    bool isEmpty() const { return m_edits.isEmpty(); }
    // What the GUI's counter shows: changed cells + inserted rows + deleted rows.
    int pendingCount() const;
    const StagedEdit* edit(int id) const;

    // --- existing rows ---
    // Stages `column` = `value` for an existing row. Setting a cell back to its loaded value (when
    // the loaded value is exact, not a prefix) removes the change; a row left without changes is
    // dropped. Ignored (returns false) for a row staged for deletion.
    bool setCell(const RowIdentity& row, const QList<LoadedCell>& loaded, const QString& column,
                 const SqlValue& value);
    void revertCell(const RowIdentity& row, const QString& column);
    // Stages the row's deletion; its staged cell changes are dropped (deleting wins).
    void deleteRow(const RowIdentity& row, const QList<LoadedCell>& loaded);
    // Un-stages a deletion.
    void restoreRow(const RowIdentity& row);
    // The Update or Delete edit of a row, nullptr when the row has none.
    const StagedEdit* findRow(const RowIdentity& row) const;
    bool isDeleted(const RowIdentity& row) const;
    // The staged new value of a cell of an existing row, if any.
    std::optional<SqlValue> stagedValue(const RowIdentity& row, const QString& column) const;

    // --- new rows ---
    // Stages a new row holding only `values`: every other column is left to SQLite (its DEFAULT,
    // generated and AUTOINCREMENT columns). Returns the edit's id.
    int insertRow(const QList<CellChange>& values = {});
    // Copies a row for a new one, leaving out what SQLite must assign: the primary-key columns (and
    // so the rowid alias), generated and hidden columns. `source` is the full row.
    int duplicateRow(const Table& table, const QList<CellChange>& source);
    void setInsertedCell(int id, const QString& column, const SqlValue& value);
    // Back to "left to SQLite" for that column.
    void clearInsertedCell(int id, const QString& column);

    // Drops any edit (undo of an insert, of a deletion, of all changes of a row).
    void removeEdit(int id);
    void clear() { m_edits.clear(); }

    friend bool operator==(const StagedChanges&, const StagedChanges&);

private:
    StagedEdit* find(const RowIdentity& row);
    StagedEdit* findId(int id);

    QString m_table;
    QList<StagedEdit> m_edits;
    int m_nextId = 1;
};

bool operator==(const LoadedCell& a, const LoadedCell& b);
bool operator==(const CellChange& a, const CellChange& b);
bool operator==(const StagedEdit& a, const StagedEdit& b);

} // namespace sluice
