#pragma once
// One edit of the table design as an undo step: the whole design before and after. A design is a
// small value, so snapshots are simpler and safer than inverse operations for every kind of edit.
#include "schemaplan/TableDesign.h"

#include <QUndoCommand>

#include <functional>

namespace sluice::ui {

class DesignChangeCommand : public QUndoCommand
{
public:
    using Apply = std::function<void(const TableDesign&)>;
    DesignChangeCommand(const QString& text, TableDesign before, TableDesign after, Apply apply);

    void undo() override;
    void redo() override;

private:
    TableDesign m_before;
    TableDesign m_after;
    Apply m_apply;
};

} // namespace sluice::ui
