#include "FilterBar.h"

#include <QActionGroup>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>
#include <QToolButton>

namespace sluice::ui {

namespace {
constexpr int kSpacing = 2; // between an operator button and its value box
} // namespace

FilterBar::FilterBar(QWidget* parent) : QWidget(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(400);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::apply);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    m_clip = new QWidget(this);
    m_clearAll = new QToolButton(this);
    m_clearAll->setAutoRaise(true);
    m_clearAll->setIcon(style()->standardIcon(QStyle::SP_LineEditClearButton));
    m_clearAll->setToolTip(tr("Clear all filters"));
    m_clearAll->setAccessibleName(tr("Clear all filters"));
    m_clearAll->hide();
    connect(m_clearAll, &QToolButton::clicked, this, [this] {
        const bool hadFilters = !m_applied.isEmpty();
        setFilters({});
        if (hadFilters)
            Q_EMIT filtersChanged({});
    });
}

QList<QPair<ColumnFilter::Op, QString>> FilterBar::operators()
{
    using Op = ColumnFilter::Op;
    QList<QPair<Op, QString>> out;
    for (const Op op : {Op::Equals, Op::NotEquals, Op::Less, Op::Greater, Op::Contains, Op::StartsWith,
                        Op::IsNull, Op::IsNotNull})
        out.append({op, operatorSymbol(op)});
    return out;
}

QString FilterBar::operatorSymbol(ColumnFilter::Op op)
{
    using Op = ColumnFilter::Op;
    switch (op) {
    case Op::Equals:
        return QStringLiteral("=");
    case Op::NotEquals:
        return QStringLiteral("\u2260");
    case Op::Less:
        return QStringLiteral("<");
    case Op::Greater:
        return QStringLiteral(">");
    case Op::Contains:
        return QStringLiteral("\u220b");
    case Op::StartsWith:
        return QStringLiteral("a\u2026");
    case Op::IsNull:
        return QStringLiteral("\u2205");
    case Op::IsNotNull:
        return QStringLiteral("\u2260\u2205");
    }
    return {};
}

QString FilterBar::operatorWords(ColumnFilter::Op op)
{
    using Op = ColumnFilter::Op;
    switch (op) {
    case Op::Contains:
        return QStringLiteral("contains");
    case Op::Equals:
        return QStringLiteral("equals");
    case Op::NotEquals:
        return QStringLiteral("is not");
    case Op::Less:
        return QStringLiteral("less than");
    case Op::Greater:
        return QStringLiteral("greater than");
    case Op::StartsWith:
        return QStringLiteral("starts with");
    case Op::IsNull:
        return QStringLiteral("is NULL");
    case Op::IsNotNull:
        return QStringLiteral("is not NULL");
    }
    return {};
}

ColumnFilter::Op FilterBar::defaultOperator(const BrowseColumn& column)
{
    switch (column.affinity) {
    case Affinity::Integer:
    case Affinity::Real:
        return ColumnFilter::Op::Equals;
    case Affinity::Numeric:
        // DATE, DATETIME and TIMESTAMP columns have NUMERIC affinity but usually hold ISO text,
        // which one narrows down by typing a prefix of, not a whole value.
        if (column.declaredType.contains(QLatin1String("DATE"), Qt::CaseInsensitive) ||
            column.declaredType.contains(QLatin1String("TIME"), Qt::CaseInsensitive))
            return ColumnFilter::Op::Contains;
        return ColumnFilter::Op::Equals;
    case Affinity::Text:
    case Affinity::Blob:
        break;
    }
    return ColumnFilter::Op::Contains;
}

int FilterBar::rowHeight() const
{
    // One pixel of air above and below the value boxes.
    return m_editors.isEmpty() ? 0 : m_editors.first().text->sizeHint().height() + 2;
}

QSize FilterBar::sizeHint() const
{
    return {QWidget::sizeHint().width(), rowHeight()};
}

QSize FilterBar::minimumSizeHint() const
{
    return {0, rowHeight()};
}

QWidget* FilterBar::editorWidget(int column) const
{
    return column >= 0 && column < m_editors.size() ? m_editors.at(column).box : nullptr;
}

QToolButton* FilterBar::operatorButton(int column) const
{
    return column >= 0 && column < m_editors.size() ? m_editors.at(column).opButton : nullptr;
}

QMenu* FilterBar::operatorMenu(int column) const
{
    return column >= 0 && column < m_editors.size() ? m_editors.at(column).menu : nullptr;
}

QLineEdit* FilterBar::valueEdit(int column) const
{
    return column >= 0 && column < m_editors.size() ? m_editors.at(column).text : nullptr;
}

ColumnFilter::Op FilterBar::operatorAt(int column) const
{
    return column >= 0 && column < m_editors.size() ? m_editors.at(column).op : ColumnFilter::Op::Equals;
}

void FilterBar::buildEditor(Editor& e)
{
    const QString name = e.column.name;
    e.box = new QWidget(m_clip);
    auto* lay = new QHBoxLayout(e.box);
    lay->setContentsMargins(1, 1, 1, 1);
    lay->setSpacing(kSpacing);

    e.opButton = new QToolButton(e.box);
    e.opButton->setAutoRaise(true);
    e.opButton->setPopupMode(QToolButton::InstantPopup);
    e.opButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    e.opButton->setFocusPolicy(Qt::TabFocus);
    e.menu = new QMenu(e.opButton);
    auto* group = new QActionGroup(e.menu);
    for (const auto& [op, symbol] : operators()) {
        // The symbol sits where a shortcut would, so the menu also teaches what the button shows.
        QAction* a = e.menu->addAction(operatorWords(op) + QLatin1Char('\t') + symbol);
        a->setCheckable(true);
        a->setData(int(op));
        group->addAction(a);
    }
    connect(group, &QActionGroup::triggered, this, [this, box = e.box](QAction* a) {
        for (int i = 0; i < m_editors.size(); ++i) {
            if (m_editors.at(i).box != box)
                continue;
            setOperator(i, ColumnFilter::Op(a->data().toInt()));
            if (m_editors.at(i).text->isEnabled())
                m_editors.at(i).text->setFocus();
            return;
        }
    });
    e.opButton->setMenu(e.menu);
    // Wide enough for the widest symbol, so the button never changes size with the operator.
    int symbolWidth = 0;
    for (const auto& [op, symbol] : operators())
        symbolWidth = qMax(symbolWidth, e.opButton->fontMetrics().horizontalAdvance(symbol));
    e.opButton->setFixedWidth(symbolWidth + 14);

    e.text = new QLineEdit(e.box);
    e.text->setClearButtonEnabled(true);
    e.text->setMinimumWidth(0);
    e.text->setAccessibleName(tr("Filter %1").arg(name));
    e.text->installEventFilter(this);
    connect(e.text, &QLineEdit::textEdited, this, &FilterBar::scheduleApply);
    connect(e.text, &QLineEdit::returnPressed, this, &FilterBar::apply);
    // The clear button emits textChanged only; an emptied box filters nothing, so it applies at once.
    connect(e.text, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty())
            apply();
    });

    lay->addWidget(e.opButton);
    lay->addWidget(e.text, 1);
    showOperator(e, e.op);
    e.box->show();
}

void FilterBar::showOperator(Editor& e, ColumnFilter::Op op)
{
    e.op = op;
    const QString words = operatorWords(op);
    e.opButton->setText(operatorSymbol(op));
    e.opButton->setToolTip(tr("%1 %2 \u2026 (click to choose how it is compared)").arg(e.column.name, words));
    e.opButton->setAccessibleName(tr("%1 filter operator: %2").arg(e.column.name, words));
    for (QAction* a : e.menu->actions())
        a->setChecked(a->data().toInt() == int(op));
    const ColumnFilter probe{e.column.name, op, {}};
    e.text->setEnabled(probe.needsValue());
    e.text->setPlaceholderText(words);
    e.text->setToolTip(
        probe.needsValue()
            ? tr("Rows whose %1 %2 this value (Enter applies, Esc clears)").arg(e.column.name, words)
            : tr("Rows whose %1 %2").arg(e.column.name, words));
}

void FilterBar::setOperator(int column, ColumnFilter::Op op)
{
    if (column < 0 || column >= m_editors.size())
        return;
    showOperator(m_editors[column], op);
    apply();
}

void FilterBar::setColumns(const QList<BrowseColumn>& columns, QHeaderView* header)
{
    for (const Editor& e : m_editors)
        delete e.box;
    m_editors.clear();
    m_applied.clear();
    m_debounce.stop();
    if (m_header) {
        disconnect(m_header, nullptr, this, nullptr);
        m_header->removeEventFilter(this);
        if (auto* table = qobject_cast<QTableView*>(m_header->parentWidget()))
            disconnect(table->horizontalScrollBar(), nullptr, this, nullptr);
    }
    m_header = header;
    for (const BrowseColumn& c : columns) {
        Editor e;
        e.column = c;
        e.op = defaultOperator(c);
        m_editors << e;
    }
    for (Editor& e : m_editors)
        buildEditor(e);
    if (m_header) {
        connect(m_header, &QHeaderView::sectionResized, this, &FilterBar::relayout);
        connect(m_header, &QHeaderView::sectionMoved, this, &FilterBar::relayout);
        connect(m_header, &QHeaderView::sectionCountChanged, this, &FilterBar::relayout);
        connect(m_header, &QHeaderView::geometriesChanged, this, &FilterBar::relayout);
        connect(m_header, &QObject::destroyed, this, [this] { m_header = nullptr; });
        // The header moves right when the row numbers beside it get wider (more digits).
        m_header->installEventFilter(this);
        if (auto* table = qobject_cast<QTableView*>(m_header->parentWidget()))
            connect(table->horizontalScrollBar(), &QScrollBar::valueChanged, this, &FilterBar::relayout);
    }
    updateClearButton();
    updateGeometry();
    relayout();
}

void FilterBar::relayout()
{
    if (!m_header) {
        m_clip->setGeometry(0, 0, width(), height());
        m_clearAll->setGeometry(0, 0, 0, 0);
        updateClearButton();
        return;
    }
    // Everything is placed relative to the header's viewport, whose left edge is where the
    // vertical header (the row numbers) ends.
    QWidget* vp = m_header->viewport();
    const int origin = vp->mapToGlobal(QPoint(0, 0)).x() - mapToGlobal(QPoint(0, 0)).x();
    m_clip->setGeometry(origin, 0, vp->width(), height());
    m_clearAll->setGeometry(0, 0, qMax(0, origin), height());
    for (int i = 0; i < m_editors.size(); ++i) {
        QWidget* box = m_editors.at(i).box;
        if (i >= m_header->count() || m_header->isSectionHidden(i)) {
            box->hide();
            continue;
        }
        const int x = m_header->sectionViewportPosition(i);
        const int w = m_header->sectionSize(i);
        box->setGeometry(x, 0, w, height());
        box->setVisible(w > 0 && x + w > 0 && x < vp->width());
    }
    updateClearButton();
}

void FilterBar::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

bool FilterBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_header &&
        (event->type() == QEvent::Move || event->type() == QEvent::Resize || event->type() == QEvent::Show)) {
        relayout();
    } else if (event->type() == QEvent::KeyPress) {
        auto* text = qobject_cast<QLineEdit*>(watched);
        if (text && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape && !text->text().isEmpty()) {
            text->clear();
            apply();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FilterBar::scheduleApply()
{
    m_debounce.start();
}

QList<ColumnFilter> FilterBar::filters() const
{
    QList<ColumnFilter> out;
    for (const Editor& e : m_editors) {
        ColumnFilter f{e.column.name, e.op, e.text->text()};
        if (!f.needsValue())
            f.value.clear();
        else if (f.value.isEmpty())
            continue; // an empty editor filters nothing
        out << f;
    }
    return out;
}

void FilterBar::setFilters(const QList<ColumnFilter>& filters)
{
    m_debounce.stop();
    for (Editor& e : m_editors) {
        const QSignalBlocker block(e.text);
        e.text->clear();
        ColumnFilter::Op op = defaultOperator(e.column);
        for (const ColumnFilter& f : filters) {
            if (f.column.compare(e.column.name, Qt::CaseInsensitive) != 0)
                continue;
            op = f.op;
            e.text->setText(f.needsValue() ? f.value : QString());
        }
        showOperator(e, op);
    }
    m_applied = this->filters();
    updateClearButton();
}

void FilterBar::clearFilters()
{
    setFilters({});
}

void FilterBar::updateClearButton()
{
    m_clearAll->setVisible(!m_applied.isEmpty() && m_clearAll->width() > 0);
}

void FilterBar::apply()
{
    m_debounce.stop();
    const QList<ColumnFilter> now = filters();
    if (now == m_applied)
        return;
    m_applied = now;
    updateClearButton();
    Q_EMIT filtersChanged(now);
}

} // namespace sluice::ui
