#include "DesignChangeCommand.h"

#include <utility>

namespace sluice::ui {

DesignChangeCommand::DesignChangeCommand(const QString& text, TableDesign before, TableDesign after,
                                         Apply apply)
    : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply))
{}

void DesignChangeCommand::undo()
{
    m_apply(m_before);
}

void DesignChangeCommand::redo()
{
    m_apply(m_after);
}

} // namespace sluice::ui
