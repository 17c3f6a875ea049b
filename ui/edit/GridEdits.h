#pragma once
// The staged edits of the table the grid shows, held in the UI until they are applied: the engine's
// StagedChanges value plus a QUndoStack whose every step is a snapshot pair (before, after), so
// Undo/Redo walk exactly through what the person did. Also the problems the last apply reported
// (shown on their cells until those cells are edited again).
#include "edit/CellProblem.h"
#include "edit/StagedChanges.h"

#include <QObject>

class QUndoStack;

namespace sluice::ui {

class GridEdits : public QObject
{
    Q_OBJECT
public:
    explicit GridEdits(QObject* parent = nullptr);
    ~GridEdits() override;

    // Starts over for another table: no edits, no undo history, no problems.
    void reset(const QString& table);
    const StagedChanges& changes() const { return m_changes; }
    int pendingCount() const { return m_changes.pendingCount(); }
    bool isEmpty() const { return m_changes.isEmpty(); }
    QUndoStack* undoStack() const { return m_stack; }

    // Makes `next` the staged state as one undoable step called `what` ("Edit name"); nothing
    // happens when it equals the current state.
    void commit(const StagedChanges& next, const QString& what);
    // Drops every staged edit and the undo history (after Apply, or Discard).
    void discard();

    void setProblems(const QList<CellProblem>& problems);
    const QList<CellProblem>& problems() const { return m_problems; }
    // SQLite's message for this cell (or its whole row: an empty column), empty when none.
    QString problemFor(int editId, const QString& column) const;

Q_SIGNALS:
    // The staged state changed (edit, undo, redo, discard) or the problems did.
    void changed();

private:
    friend class GridEditsSnapshot;
    void setState(const StagedChanges& state);

    StagedChanges m_changes;
    QUndoStack* m_stack;
    QList<CellProblem> m_problems;
};

} // namespace sluice::ui
