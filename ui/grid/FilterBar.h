#pragma once
// A row of per-column filter editors kept exactly over a table's header sections: each is a
// compact operator button (a symbol, with a menu naming the operators in words) and a value box.
// Typing pauses or Enter apply; filtersChanged carries the active filters. Over the vertical
// header sits a button that clears every filter.
#include "browse/BrowseTypes.h"
#include "browse/RowSource.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QHeaderView;
class QLineEdit;
class QMenu;
class QToolButton;

namespace sluice::ui {

class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget* parent = nullptr);

    // One editor per column, placed over `header`'s sections (which it follows when they move,
    // resize or scroll, and when the vertical header beside them grows). Clears every filter.
    void setColumns(const QList<BrowseColumn>& columns, QHeaderView* header);
    // The active filters: editors without a value (when their operator needs one) filter nothing.
    QList<ColumnFilter> filters() const;
    // Shows `filters` in the editors; columns not named get their default operator and no value.
    void setFilters(const QList<ColumnFilter>& filters);
    void clearFilters();

    // The operators offered, in menu order, with their symbols.
    static QList<QPair<ColumnFilter::Op, QString>> operators();
    static QString operatorSymbol(ColumnFilter::Op op);
    static QString operatorWords(ColumnFilter::Op op);
    // What a column's editor starts with: "=" for numbers, "contains" for everything else.
    static ColumnFilter::Op defaultOperator(const BrowseColumn& column);

    // The editor of logical column `column` (nullptr when out of range), for tests and embedding.
    int editorCount() const { return int(m_editors.size()); }
    QWidget* editorWidget(int column) const;
    QToolButton* operatorButton(int column) const;
    QMenu* operatorMenu(int column) const;
    QLineEdit* valueEdit(int column) const;
    ColumnFilter::Op operatorAt(int column) const;
    // Changes an operator as its menu does (applies at once).
    void setOperator(int column, ColumnFilter::Op op);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void filtersChanged(const QList<ColumnFilter>& filters);

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Editor
    {
        BrowseColumn column;
        ColumnFilter::Op op = ColumnFilter::Op::Contains;
        QWidget* box = nullptr;
        QToolButton* opButton = nullptr;
        QMenu* menu = nullptr;
        QLineEdit* text = nullptr;
    };
    void buildEditor(Editor& e);
    void showOperator(Editor& e, ColumnFilter::Op op);
    void relayout();
    void scheduleApply();
    void apply();
    void updateClearButton();
    int rowHeight() const;

    QList<Editor> m_editors;
    QHeaderView* m_header = nullptr;
    QWidget* m_clip = nullptr; // the strip over the header's viewport: editors scrolled past it are cut off
    QToolButton* m_clearAll = nullptr;
    QTimer m_debounce;
    QList<ColumnFilter> m_applied;
};

} // namespace sluice::ui
