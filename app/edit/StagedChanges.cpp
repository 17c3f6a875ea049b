#include "StagedChanges.h"

namespace sluice {

namespace {

int indexOfColumn(const QList<CellChange>& changes, const QString& column)
{
    for (int i = 0; i < changes.size(); ++i)
        if (changes.at(i).column.compare(column, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

// The loaded value of a column when it was read in full.
std::optional<SqlValue> exactLoaded(const QList<LoadedCell>& loaded, const QString& column)
{
    for (const LoadedCell& l : loaded)
        if (l.column.compare(column, Qt::CaseInsensitive) == 0)
            return l.cell.isTruncated() || (l.cell.storage == Cell::Storage::Blob &&
                                            l.cell.value.toByteArray().size() != l.cell.length)
                       ? std::nullopt
                       : std::optional<SqlValue>(SqlValue::fromCell(l.cell));
    return std::nullopt;
}

} // namespace

std::optional<SqlValue> StagedEdit::changeFor(const QString& column) const
{
    const int i = indexOfColumn(changes, column);
    return i < 0 ? std::nullopt : std::optional<SqlValue>(changes.at(i).value);
}

int StagedChanges::pendingCount() const
{
    int n = 0;
    for (const StagedEdit& e : m_edits)
        n += e.kind == StagedEdit::Kind::Update ? int(e.changes.size()) : 1;
    return n;
}

const StagedEdit* StagedChanges::edit(int id) const
{
    for (const StagedEdit& e : m_edits)
        if (e.id == id)
            return &e;
    return nullptr;
}

StagedEdit* StagedChanges::findId(int id)
{
    for (StagedEdit& e : m_edits)
        if (e.id == id)
            return &e;
    return nullptr;
}

StagedEdit* StagedChanges::find(const RowIdentity& row)
{
    for (StagedEdit& e : m_edits)
        if (e.kind != StagedEdit::Kind::Insert && e.row == row)
            return &e;
    return nullptr;
}

const StagedEdit* StagedChanges::findRow(const RowIdentity& row) const
{
    return const_cast<StagedChanges*>(this)->find(row);
}

bool StagedChanges::isDeleted(const RowIdentity& row) const
{
    const StagedEdit* e = findRow(row);
    return e && e->kind == StagedEdit::Kind::Delete;
}

std::optional<SqlValue> StagedChanges::stagedValue(const RowIdentity& row, const QString& column) const
{
    const StagedEdit* e = findRow(row);
    return e && e->kind == StagedEdit::Kind::Update ? e->changeFor(column) : std::nullopt;
}

bool StagedChanges::setCell(const RowIdentity& row, const QList<LoadedCell>& loaded, const QString& column,
                            const SqlValue& value)
{
    StagedEdit* e = find(row);
    if (e && e->kind == StagedEdit::Kind::Delete)
        return false;
    const std::optional<SqlValue> original = exactLoaded(e ? e->loaded : loaded, column);
    const bool revert = original && *original == value;
    if (!e) {
        if (revert)
            return true;
        StagedEdit n;
        n.id = m_nextId++;
        n.kind = StagedEdit::Kind::Update;
        n.row = row;
        n.loaded = loaded;
        m_edits << n;
        e = &m_edits.last();
    }
    const int i = indexOfColumn(e->changes, column);
    if (revert) {
        if (i >= 0)
            e->changes.removeAt(i);
        if (e->changes.isEmpty())
            removeEdit(e->id);
        return true;
    }
    if (i >= 0)
        e->changes[i].value = value;
    else
        e->changes << CellChange{column, value};
    return true;
}

void StagedChanges::revertCell(const RowIdentity& row, const QString& column)
{
    StagedEdit* e = find(row);
    if (!e || e->kind != StagedEdit::Kind::Update)
        return;
    const int i = indexOfColumn(e->changes, column);
    if (i >= 0)
        e->changes.removeAt(i);
    if (e->changes.isEmpty())
        removeEdit(e->id);
}

void StagedChanges::deleteRow(const RowIdentity& row, const QList<LoadedCell>& loaded)
{
    if (StagedEdit* e = find(row)) {
        e->kind = StagedEdit::Kind::Delete;
        e->changes.clear();
        return;
    }
    StagedEdit n;
    n.id = m_nextId++;
    n.kind = StagedEdit::Kind::Delete;
    n.row = row;
    n.loaded = loaded;
    m_edits << n;
}

void StagedChanges::restoreRow(const RowIdentity& row)
{
    if (StagedEdit* e = find(row); e && e->kind == StagedEdit::Kind::Delete)
        removeEdit(e->id);
}

int StagedChanges::insertRow(const QList<CellChange>& values)
{
    StagedEdit n;
    n.id = m_nextId++;
    n.kind = StagedEdit::Kind::Insert;
    for (const CellChange& c : values) {
        const int i = indexOfColumn(n.changes, c.column);
        if (i >= 0)
            n.changes[i] = c;
        else
            n.changes << c;
    }
    m_edits << n;
    return n.id;
}

int StagedChanges::duplicateRow(const Table& table, const QList<CellChange>& source)
{
    QList<CellChange> copy;
    for (const CellChange& c : source) {
        const Column* col = table.column(c.column);
        if (!col || col->pkPosition > 0 || col->isHidden())
            continue;
        copy << c;
    }
    return insertRow(copy);
}

void StagedChanges::setInsertedCell(int id, const QString& column, const SqlValue& value)
{
    StagedEdit* e = findId(id);
    if (!e || e->kind != StagedEdit::Kind::Insert)
        return;
    const int i = indexOfColumn(e->changes, column);
    if (i >= 0)
        e->changes[i].value = value;
    else
        e->changes << CellChange{column, value};
}

void StagedChanges::clearInsertedCell(int id, const QString& column)
{
    StagedEdit* e = findId(id);
    if (!e || e->kind != StagedEdit::Kind::Insert)
        return;
    const int i = indexOfColumn(e->changes, column);
    if (i >= 0)
        e->changes.removeAt(i);
}

void StagedChanges::removeEdit(int id)
{
    for (int i = 0; i < m_edits.size(); ++i)
        if (m_edits.at(i).id == id) {
            m_edits.removeAt(i);
            return;
        }
}

bool operator==(const LoadedCell& a, const LoadedCell& b)
{
    return a.column == b.column && a.cell.storage == b.cell.storage && a.cell.value == b.cell.value &&
           a.cell.length == b.cell.length;
}

bool operator==(const CellChange& a, const CellChange& b)
{
    return a.column == b.column && a.value == b.value;
}

bool operator==(const StagedEdit& a, const StagedEdit& b)
{
    return a.id == b.id && a.kind == b.kind && a.row == b.row && a.loaded == b.loaded &&
           a.changes == b.changes;
}

bool operator==(const StagedChanges& a, const StagedChanges& b)
{
    return a.m_table == b.m_table && a.m_edits == b.m_edits;
}

} // namespace sluice
