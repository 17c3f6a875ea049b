#pragma once
// An editable combo box as a cell editor: the choices are offered, any text may still be typed
// (a type like VARCHAR(20), a column list "a, b").
#include <QStyledItemDelegate>

#include <functional>

namespace sluice::ui {

class ChoiceDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using Choices = std::function<QStringList(const QModelIndex&)>;
    ChoiceDelegate(Choices choices, bool editable, QObject* parent = nullptr);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;

private:
    Choices m_choices;
    bool m_editable;
};

} // namespace sluice::ui
