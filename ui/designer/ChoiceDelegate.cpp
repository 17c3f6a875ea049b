#include "ChoiceDelegate.h"

#include <QComboBox>
#include <QLineEdit>

#include <algorithm>
#include <utility>

namespace sluice::ui {

ChoiceDelegate::ChoiceDelegate(Choices choices, bool editable, QObject* parent)
    : QStyledItemDelegate(parent), m_choices(std::move(choices)), m_editable(editable)
{}

QWidget* ChoiceDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&,
                                      const QModelIndex& index) const
{
    auto* combo = new QComboBox(parent);
    combo->setEditable(m_editable);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->addItems(m_choices(index));
    return combo;
}

void ChoiceDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    auto* combo = static_cast<QComboBox*>(editor);
    const QString text = index.data(Qt::EditRole).toString();
    if (m_editable) {
        combo->setEditText(text);
        combo->lineEdit()->selectAll();
    } else {
        combo->setCurrentIndex(std::max(0, combo->findText(text, Qt::MatchFixedString)));
    }
}

void ChoiceDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    auto* combo = static_cast<QComboBox*>(editor);
    model->setData(index, combo->currentText(), Qt::EditRole);
}

} // namespace sluice::ui
