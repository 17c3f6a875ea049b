#include "FilterBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>

namespace sluice::ui {

FilterBar::FilterBar(QWidget* parent) : QWidget(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(400);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::apply);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

QList<QPair<ColumnFilter::Op, QString>> FilterBar::operators()
{
    // Compact symbols, so a narrow column's filter stays usable; the words are in each item's
    // tooltip and in the value box's placeholder (operatorWords).
    using Op = ColumnFilter::Op;
    return {{Op::Contains, QStringLiteral("\u2248")},  {Op::Equals, QStringLiteral("=")},
            {Op::NotEquals, QStringLiteral("\u2260")}, {Op::Less, QStringLiteral("<")},
            {Op::Greater, QStringLiteral(">")},        {Op::StartsWith, QStringLiteral("a\u2026")},
            {Op::IsNull, QStringLiteral("\u2205")},    {Op::IsNotNull, QStringLiteral("!\u2205")}};
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

QSize FilterBar::sizeHint() const
{
    const int h = m_editors.isEmpty() ? 0 : m_editors.first().box->sizeHint().height();
    return {QWidget::sizeHint().width(), h};
}

void FilterBar::setColumns(const QList<BrowseColumn>& columns, QHeaderView* header)
{
    for (const Editor& e : m_editors)
        delete e.box;
    m_editors.clear();
    m_applied.clear();
    if (m_header)
        disconnect(m_header, nullptr, this, nullptr);
    m_header = header;
    for (const BrowseColumn& c : columns) {
        Editor e;
        e.column = c.name;
        e.box = new QWidget(this);
        auto* lay = new QHBoxLayout(e.box);
        lay->setContentsMargins(0, 0, 0, 0);
        lay->setSpacing(1);
        e.op = new QComboBox(e.box);
        for (const auto& [op, label] : operators()) {
            e.op->addItem(label, int(op));
            e.op->setItemData(e.op->count() - 1, operatorWords(op), Qt::ToolTipRole);
        }
        e.op->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        e.op->setToolTip(QStringLiteral("How %1 is compared").arg(c.name));
        e.text = new QLineEdit(e.box);
        e.text->setPlaceholderText(operatorWords(ColumnFilter::Op::Contains) + QStringLiteral("\u2026"));
        e.text->setClearButtonEnabled(true);
        e.text->setToolTip(QStringLiteral("Filter %1 (Enter applies)").arg(c.name));
        lay->addWidget(e.op);
        lay->addWidget(e.text, 1);
        connect(e.text, &QLineEdit::textEdited, this, &FilterBar::scheduleApply);
        connect(e.text, &QLineEdit::returnPressed, this, &FilterBar::apply);
        QLineEdit* text = e.text;
        connect(e.op, &QComboBox::currentIndexChanged, this, [this, text, op = e.op](int) {
            const auto o = ColumnFilter::Op(op->currentData().toInt());
            text->setEnabled(o != ColumnFilter::Op::IsNull && o != ColumnFilter::Op::IsNotNull);
            text->setPlaceholderText(text->isEnabled() ? operatorWords(o) + QStringLiteral("\u2026")
                                                       : operatorWords(o));
            apply();
        });
        e.box->show();
        m_editors << e;
    }
    if (m_header) {
        connect(m_header, &QHeaderView::sectionResized, this, &FilterBar::relayout);
        connect(m_header, &QHeaderView::sectionMoved, this, &FilterBar::relayout);
        connect(m_header, &QHeaderView::geometriesChanged, this, &FilterBar::relayout);
        if (auto* table = qobject_cast<QTableView*>(m_header->parentWidget()))
            connect(table->horizontalScrollBar(), &QScrollBar::valueChanged, this, &FilterBar::relayout);
    }
    updateGeometry();
    relayout();
}

void FilterBar::relayout()
{
    if (!m_header)
        return;
    // The header's sections are offset by the vertical header's width inside the table view.
    const int origin = m_header->mapToGlobal(QPoint(0, 0)).x() - mapToGlobal(QPoint(0, 0)).x();
    for (int i = 0; i < m_editors.size(); ++i) {
        QWidget* box = m_editors.at(i).box;
        if (m_header->isSectionHidden(i)) {
            box->hide();
            continue;
        }
        const int x = origin + m_header->sectionViewportPosition(i);
        box->setGeometry(x, 0, m_header->sectionSize(i), height());
        box->show();
    }
}

void FilterBar::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void FilterBar::scheduleApply()
{
    m_debounce.start();
}

QList<ColumnFilter> FilterBar::filters() const
{
    QList<ColumnFilter> out;
    for (const Editor& e : m_editors) {
        const auto op = ColumnFilter::Op(e.op->currentData().toInt());
        ColumnFilter f{e.column, op, e.text->text()};
        if (f.needsValue() && f.value.isEmpty())
            continue; // an empty editor filters nothing
        out << f;
    }
    return out;
}

void FilterBar::setFilters(const QList<ColumnFilter>& filters)
{
    for (Editor& e : m_editors) {
        const QSignalBlocker b1(e.op);
        const QSignalBlocker b2(e.text);
        e.text->clear();
        e.op->setCurrentIndex(0);
        e.text->setEnabled(true);
        for (const ColumnFilter& f : filters) {
            if (f.column.compare(e.column, Qt::CaseInsensitive) != 0)
                continue;
            e.op->setCurrentIndex(e.op->findData(int(f.op)));
            e.text->setText(f.value);
            e.text->setEnabled(f.needsValue());
        }
    }
    m_applied = this->filters();
}

void FilterBar::clearFilters()
{
    setFilters({});
}

void FilterBar::apply()
{
    m_debounce.stop();
    const QList<ColumnFilter> now = filters();
    if (now == m_applied)
        return;
    m_applied = now;
    Q_EMIT filtersChanged(now);
}

} // namespace sluice::ui
