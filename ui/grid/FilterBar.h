#pragma once
// A row of per-column filter editors (operator + value) kept aligned with a table's header
// sections. Typing pauses or Enter apply; filtersChanged carries the active filters.
#include "browse/BrowseTypes.h"
#include "browse/RowSource.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QHeaderView;
class QLineEdit;

namespace sluice::ui {

class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget* parent = nullptr);

    // One editor per column, placed over `header`'s sections (which it follows when they move,
    // resize or scroll). Clears every filter.
    void setColumns(const QList<BrowseColumn>& columns, QHeaderView* header);
    // Keeps the editors' texts where the columns still exist (after a schema reload).
    QList<ColumnFilter> filters() const;
    void setFilters(const QList<ColumnFilter>& filters);
    void clearFilters();

    // The operators offered, in combo order, with their symbols.
    static QList<QPair<ColumnFilter::Op, QString>> operators();
    static QString operatorWords(ColumnFilter::Op op);

    QSize sizeHint() const override;

Q_SIGNALS:
    void filtersChanged(const QList<ColumnFilter>& filters);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Editor
    {
        QString column;
        QWidget* box = nullptr;
        QComboBox* op = nullptr;
        QLineEdit* text = nullptr;
    };
    void relayout();
    void scheduleApply();
    void apply();

    QList<Editor> m_editors;
    QHeaderView* m_header = nullptr;
    QTimer m_debounce;
    QList<ColumnFilter> m_applied;
};

} // namespace sluice::ui
