#include "GridEdits.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace sluice::ui {

// One step of the history: the whole staged state before and after. StagedChanges is a small value
// (a list of the edits themselves), so snapshots are simpler and safer than inverse operations.
class GridEditsSnapshot : public QUndoCommand
{
public:
    GridEditsSnapshot(GridEdits* edits, StagedChanges before, StagedChanges after, const QString& text)
        : QUndoCommand(text), m_edits(edits), m_before(std::move(before)), m_after(std::move(after))
    {}
    void undo() override { m_edits->setState(m_before); }
    void redo() override { m_edits->setState(m_after); }

private:
    GridEdits* m_edits;
    StagedChanges m_before;
    StagedChanges m_after;
};

GridEdits::GridEdits(QObject* parent) : QObject(parent), m_stack(new QUndoStack(this)) {}

GridEdits::~GridEdits() = default;

void GridEdits::reset(const QString& table)
{
    m_stack->clear();
    m_changes = StagedChanges(table);
    m_problems.clear();
    Q_EMIT changed();
}

void GridEdits::commit(const StagedChanges& next, const QString& what)
{
    if (next == m_changes)
        return;
    m_stack->push(new GridEditsSnapshot(this, m_changes, next, what));
}

void GridEdits::discard()
{
    reset(m_changes.table());
}

void GridEdits::setState(const StagedChanges& state)
{
    // A problem stays on its cell until that cell (or, for a row problem, the row) changes.
    QList<CellProblem> kept;
    for (const CellProblem& p : m_problems) {
        const StagedEdit* was = m_changes.edit(p.editId);
        const StagedEdit* now = state.edit(p.editId);
        if (!was || !now)
            continue;
        const bool same =
            p.column.isEmpty() ? *was == *now : was->changeFor(p.column) == now->changeFor(p.column);
        if (same && was->kind == now->kind)
            kept << p;
    }
    m_problems = kept;
    m_changes = state;
    Q_EMIT changed();
}

void GridEdits::setProblems(const QList<CellProblem>& problems)
{
    m_problems = problems;
    Q_EMIT changed();
}

QString GridEdits::problemFor(int editId, const QString& column) const
{
    QStringList messages;
    for (const CellProblem& p : m_problems)
        if (p.editId == editId && (p.column.isEmpty() || p.column.compare(column, Qt::CaseInsensitive) == 0))
            messages << p.message;
    return messages.join(QLatin1Char('\n'));
}

} // namespace sluice::ui
