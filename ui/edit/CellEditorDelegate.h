#pragma once
// The data grid's editors, chosen per column by ColumnEditors (the database's types and CHECKs plus
// the Drizzle project's hints):
//   Integer / Real      a line edit; a STRICT column refuses text before anything is staged
//   Boolean             a check box, staged as integer 0/1; the grid reads "true"/"false"
//   Timestamp s / ms    a date-time editor (local time), staged as integer seconds / milliseconds;
//                       the grid shows the local date-time, the tooltip the number and UTC
//   Enum                a drop-down of the allowed values (a current value outside them is kept)
//   JSON                checked on commit: refused with the parser's message into a constrained
//                       column, warned (and kept as text if the person agrees) into another
//   Text / Any          a line edit, or a multi-line editor for long or multi-line text
// Opening an editor on NULL and leaving it untouched stages nothing: NULL never turns into ''.
#include "edit/ColumnEditorKind.h"
#include "edit/EditorValue.h"

#include <QStyledItemDelegate>

#include <functional>

namespace sluice::ui {

class ColumnEditors;
class TableGridModel;

class CellEditorDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // Text longer than this (or with a line break) is edited in the multi-line editor.
    static constexpr int kLongText = 80;

    CellEditorDelegate(ColumnEditors& editors, TableGridModel& model, QObject* parent = nullptr);

    // The editor kind of a grid column (cached per table; Any for views).
    ColumnEditor editorOf(int column) const;
    // What the open editor holds, as it would be staged (or why it cannot be).
    EditorVerdict verdict(QWidget* editor, const QModelIndex& index) const;
    // The message of the last refused or warned commit (empty after a clean one).
    QString lastMessage() const { return m_lastMessage; }
    // Asked whether invalid JSON may be kept as text in a column that does not enforce JSON.
    // The default asks with a message box; tests answer themselves.
    using Prompt = std::function<bool(QWidget* parent, const QString& message)>;
    void setInvalidJsonPrompt(Prompt prompt) { m_prompt = std::move(prompt); }
    // The grid's text for typed cells (booleans, timestamps); empty when the default applies.
    QString typedDisplayText(const QModelIndex& index) const;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
    void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

Q_SIGNALS:
    void editRefused(const QString& message);
    void editWarned(const QString& message);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
    bool eventFilter(QObject* object, QEvent* event) override;

private:
    // False (and the message shown at the editor) when the editor must stay open.
    bool acceptCommit(QWidget* editor);
    void report(QWidget* editor, const QString& message, bool refused) const;
    void invalidate();
    void widenTypedColumns();
    static constexpr int kMaxWidenedWidth = 320;

    ColumnEditors& m_editors;
    TableGridModel& m_model;
    mutable QString m_cacheTable;
    mutable QList<ColumnEditor> m_cache;
    mutable QString m_lastMessage;
    Prompt m_prompt;
};

} // namespace sluice::ui
