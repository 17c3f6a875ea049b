#include "TableGridView.h"

#include <algorithm>

#include "CellDetailPanel.h"
#include "DatabaseSession.h"
#include "FilterBar.h"
#include "TableGridModel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {
constexpr int kMaxFittedColumnWidth = 320;
// Wide enough for a column's filter editor (operator button + a few characters).
constexpr int kMinFittedColumnWidth = 100;
constexpr int kDefaultDetailWidth = 280;
constexpr const char* kDetailWidthKey = "grid/detailPanelWidth";
constexpr const char* kDetailVisibleKey = "grid/detailPanelVisible";
} // namespace

TableGridView::TableGridView(DatabaseSession& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_model = new TableGridModel(session, this);
    m_filters = new FilterBar(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    // Millions of rows: fixed row heights keep the header from measuring anything.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setSortIndicatorShown(false);
    m_table->horizontalHeader()->setResizeContentsPrecision(0); // visible rows only
    m_table->installEventFilter(this);

    m_detail = new CellDetailPanel(session, this);
    m_detail->setMinimumWidth(160);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("gridDetailSplitter"));
    auto* left = new QWidget(m_splitter);
    auto* leftLay = new QVBoxLayout(left);
    leftLay->setContentsMargins(0, 0, 0, 0);
    leftLay->setSpacing(0);
    leftLay->addWidget(m_filters);
    leftLay->addWidget(m_table, 1);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    // The panel keeps its width when the window grows; the grid takes the rest. Neither collapses
    // by dragging: the "Cell details" toggle hides the panel, so it cannot get lost at zero width.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setChildrenCollapsible(false);
    const int detailWidth = QSettings().value(QLatin1String(kDetailWidthKey), kDefaultDetailWidth).toInt();
    m_splitter->setSizes({4 * detailWidth, qMax(detailWidth, m_detail->minimumWidth())});
    connect(m_splitter, &QSplitter::splitterMoved, this, &TableGridView::saveDetailWidth);

    m_detailAction = new QAction(tr("Cell details"), this);
    m_detailAction->setCheckable(true);
    m_detailAction->setToolTip(tr("Show the current cell in full beside the grid"));
    m_detailAction->setChecked(QSettings().value(QLatin1String(kDetailVisibleKey), true).toBool());
    m_detail->setVisible(m_detailAction->isChecked());
    connect(m_detailAction, &QAction::toggled, this, &TableGridView::setDetailPanelVisible);

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop counting, sorting and indexing"));
    m_cancel->hide();
    m_detailButton = new QToolButton(this);
    m_detailButton->setDefaultAction(m_detailAction);
    m_detailButton->setAutoRaise(true);
    m_detailButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(4, 0, 2, 0);
    statusRow->setSpacing(4);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_cancel);
    statusRow->addWidget(m_detailButton);

    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->setSpacing(0);
    lay->addWidget(m_splitter, 1);
    lay->addLayout(statusRow);

    connect(m_table->horizontalHeader(), &QHeaderView::sectionClicked, this, &TableGridView::onHeaderClicked);
    connect(m_filters, &FilterBar::filtersChanged, this,
            [this](const QList<ColumnFilter>& f) { m_model->setFilters(f); });
    connect(m_model, &TableGridModel::statusChanged, this, [this] {
        fitColumnsOnce(); // an empty result is sized once its count is known
        updateStatus();
    });
    connect(m_model, &TableGridModel::sortReverted, this, &TableGridView::updateSortIndicator);
    connect(m_model, &TableGridModel::lastRowReady, this, [this](int row) {
        const int col = qMax(0, m_table->currentIndex().column());
        m_table->scrollToBottom();
        m_table->setCurrentIndex(m_model->index(row, col));
    });
    connect(m_model, &TableGridModel::rowLocated, this, [this](int row) {
        const int col = qMax(0, m_table->currentIndex().column());
        m_table->setCurrentIndex(m_model->index(row, col));
        m_table->scrollTo(m_model->index(row, col), QAbstractItemView::PositionAtCenter);
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& tl, const QModelIndex& br) {
                fitColumnsOnce();
                const QModelIndex cur = m_table->currentIndex();
                if (cur.isValid() && cur.row() >= tl.row() && cur.row() <= br.row())
                    updateDetail();
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateSortIndicator();
        updateDetail();
        updateStatus();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TableGridView::updateDetail);
    connect(m_cancel, &QToolButton::clicked, m_model, &TableGridModel::cancel);
    connect(&session, &DatabaseSession::schemaChanged, this, &TableGridView::onSchemaChanged);
}

TableGridView::~TableGridView() = default;

void TableGridView::showTable(const QString& name)
{
    m_columnsFitted = false;
    if (!m_model->setSource(name)) {
        m_filters->setColumns({}, m_table->horizontalHeader());
        m_status->setText(QStringLiteral("There is no table or view named %1.").arg(name));
        m_cancel->hide();
        return;
    }
    m_filters->setColumns(m_model->source()->columns(), m_table->horizontalHeader());
    m_table->scrollToTop();
    fitColumnsOnce();
    updateStatus();
}

void TableGridView::clear()
{
    m_model->clear();
    m_filters->setColumns({}, m_table->horizontalHeader());
    m_detail->clear();
    updateStatus();
}

QString TableGridView::currentTable() const
{
    return m_model->sourceName();
}

void TableGridView::setSort(const SortSpec& sort)
{
    m_model->setSort(sort);
}

void TableGridView::setFilters(const QList<ColumnFilter>& filters)
{
    m_filters->setFilters(filters);
    m_model->setFilters(filters);
}

bool TableGridView::showRowsWhere(const QString& column, const QVariant& value)
{
    const auto& src = m_model->source();
    if (!src)
        return false;
    QString name = column;
    const bool isRowid =
        src->columnIndex(column) < 0 && (column.compare(QLatin1String("rowid"), Qt::CaseInsensitive) == 0 ||
                                         column.compare(QLatin1String("_rowid_"), Qt::CaseInsensitive) == 0 ||
                                         column.compare(QLatin1String("oid"), Qt::CaseInsensitive) == 0);
    if (isRowid) {
        if (src->rowidAlias()) {
            name = *src->rowidAlias();
        } else if (src->kind() == RowSource::Kind::RowidTable) {
            setFilters({});
            m_model->setSort({});
            updateSortIndicator();
            m_model->locateRowid(value.toLongLong());
            return true;
        }
    }
    if (src->columnIndex(name) < 0) {
        m_status->setText(tr("%1 has no column named %2.").arg(src->name(), column));
        return false;
    }
    ColumnFilter f;
    f.column = src->columns().at(src->columnIndex(name)).name;
    if (value.isNull()) {
        f.op = ColumnFilter::Op::IsNull;
    } else {
        f.op = ColumnFilter::Op::Equals;
        f.value = value.toString();
    }
    m_model->setSort({});
    updateSortIndicator();
    setFilters({f});
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, src->columnIndex(name)));
    return true;
}

void TableGridView::setDetailPanelVisible(bool visible)
{
    if (m_detailAction->isChecked() != visible)
        m_detailAction->setChecked(visible); // comes back here through toggled
    if (m_detail->isHidden() != visible)
        return;
    m_detail->setVisible(visible);
    QSettings().setValue(QLatin1String(kDetailVisibleKey), visible);
    if (visible) {
        const int w = QSettings().value(QLatin1String(kDetailWidthKey), kDefaultDetailWidth).toInt();
        const int total = m_splitter->width();
        if (total > w)
            m_splitter->setSizes({total - w - m_splitter->handleWidth(), w});
        updateDetail();
    }
}

bool TableGridView::isDetailPanelVisible() const
{
    return !m_detail->isHidden();
}

void TableGridView::saveDetailWidth()
{
    if (!m_detail->isHidden() && m_detail->width() > 0)
        QSettings().setValue(QLatin1String(kDetailWidthKey), m_detail->width());
}

QString TableGridView::statusText() const
{
    const auto& src = m_model->source();
    QString text = m_model->statusText();
    if (!src)
        return text;
    // The filter count below says it better than the model's "(filtered)".
    text.replace(QStringLiteral(" (filtered)"), QString());
    QStringList parts{text};
    const SortSpec& sort = m_model->sort();
    if (!sort.isNatural())
        parts << tr("sorted by %1 %2")
                     .arg(sort.column, sort.ascending ? QStringLiteral("\u2191") : QStringLiteral("\u2193"));
    const qsizetype filters = m_model->filters().size();
    if (filters == 1)
        parts << tr("1 filter");
    else if (filters > 1)
        parts << tr("%1 filters").arg(filters);
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" \u00b7 "));
}

void TableGridView::jumpToFirstRow()
{
    if (m_model->rowCount() == 0)
        return;
    m_table->scrollToTop();
    m_table->setCurrentIndex(m_model->index(0, qMax(0, m_table->currentIndex().column())));
}

void TableGridView::jumpToLastRow()
{
    m_model->requestLastRow();
}

bool TableGridView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() & Qt::ControlModifier) {
            if (key->key() == Qt::Key_End) {
                jumpToLastRow();
                return true;
            }
            if (key->key() == Qt::Key_Home) {
                jumpToFirstRow();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TableGridView::onHeaderClicked(int section)
{
    const auto& src = m_model->source();
    if (!src || section < 0 || section >= src->columns().size())
        return;
    const QString col = src->columns().at(section).name;
    SortSpec next;
    const SortSpec& cur = m_model->sort();
    // Ascending, then descending, then back to the table's own order.
    if (cur.column.compare(col, Qt::CaseInsensitive) != 0)
        next = {col, true};
    else if (cur.ascending)
        next = {col, false};
    m_model->setSort(next);
}

void TableGridView::updateSortIndicator()
{
    QHeaderView* h = m_table->horizontalHeader();
    const SortSpec& s = m_model->sort();
    const int section = m_model->source() && !s.isNatural() ? m_model->source()->columnIndex(s.column) : -1;
    h->setSortIndicatorShown(section >= 0);
    if (section >= 0)
        h->setSortIndicator(section, s.ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
}

void TableGridView::updateStatus()
{
    const QString text = statusText();
    m_status->setText(text);
    QStringList filterLines;
    for (const ColumnFilter& f : m_model->filters())
        filterLines << (f.needsValue()
                            ? QStringLiteral("%1 %2 \u201c%3\u201d")
                                  .arg(f.column, FilterBar::operatorWords(f.op), f.value)
                            : QStringLiteral("%1 %2").arg(f.column, FilterBar::operatorWords(f.op)));
    m_status->setToolTip(filterLines.isEmpty() ? QString()
                                               : tr("Filters:\n") + filterLines.join(QLatin1Char('\n')));
    m_cancel->setVisible(m_model->canCancel());
    if (text != m_lastStatus) {
        m_lastStatus = text;
        Q_EMIT statusTextChanged(text);
    }
}

void TableGridView::updateDetail()
{
    if (m_detail->isHidden())
        return;
    const QModelIndex cur = m_table->currentIndex();
    if (!cur.isValid()) {
        m_detail->clear();
        return;
    }
    m_detail->showCell(*m_model, cur.row(), cur.column());
}

void TableGridView::fitColumnsOnce()
{
    if (m_columnsFitted || m_model->columnCount() == 0)
        return;
    // On the first rows once they are read; an empty result on its headers once that is certain.
    const bool haveRows = m_model->rowCount() > 0 && m_model->isRowLoaded(0);
    const bool empty = m_model->isCountExact() && m_model->rowCount() == 0;
    if (!haveRows && !empty)
        return;
    m_columnsFitted = true;
    m_table->resizeColumnsToContents();
    QHeaderView* h = m_table->horizontalHeader();
    // Never narrower than a usable filter editor, never wider than the cap however long the values.
    for (int i = 0; i < h->count(); ++i)
        h->resizeSection(i, std::clamp(h->sectionSize(i), kMinFittedColumnWidth, kMaxFittedColumnWidth));
}

void TableGridView::onSchemaChanged()
{
    const QString name = currentTable();
    if (name.isEmpty())
        return;
    const SortSpec sort = m_model->sort();
    const QList<ColumnFilter> filters = m_filters->filters();
    if (!m_model->setSource(name)) {
        clear();
        m_status->setText(QStringLiteral("%1 no longer exists.").arg(name));
        return;
    }
    // Keep the order and the filters on columns that still exist.
    const RowSource& src = *m_model->source();
    QList<ColumnFilter> kept;
    for (const ColumnFilter& f : filters)
        if (src.columnIndex(f.column) >= 0)
            kept << f;
    const SortSpec keptSort = src.columnIndex(sort.column) >= 0 ? sort : SortSpec{};
    m_filters->setColumns(src.columns(), m_table->horizontalHeader());
    m_filters->setFilters(kept);
    if (!kept.isEmpty() || !keptSort.isNatural())
        m_model->setQuery(keptSort, kept);
    updateStatus();
}

} // namespace sluice::ui
