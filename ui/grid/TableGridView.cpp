#include "TableGridView.h"

#include <algorithm>

#include "CellDetailPanel.h"
#include "DatabaseSession.h"
#include "FilterBar.h"
#include "TableGridModel.h"

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
}

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
    m_splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(m_splitter);
    auto* leftLay = new QVBoxLayout(left);
    leftLay->setContentsMargins(0, 0, 0, 0);
    leftLay->setSpacing(0);
    leftLay->addWidget(m_filters);
    leftLay->addWidget(m_table, 1);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({900, 240});
    m_splitter->setObjectName(QStringLiteral("gridDetailSplitter"));
    m_splitter->restoreState(QSettings().value(QStringLiteral("grid/detailSplitter")).toByteArray());
    connect(m_splitter, &QSplitter::splitterMoved, this,
            [this] { QSettings().setValue(QStringLiteral("grid/detailSplitter"), m_splitter->saveState()); });

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel = new QToolButton(this);
    m_cancel->setText(QStringLiteral("Cancel"));
    m_cancel->setToolTip(QStringLiteral("Stop counting, sorting and indexing"));
    m_cancel->hide();
    auto* statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(4, 2, 4, 2);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_cancel);

    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->setSpacing(0);
    lay->addWidget(m_splitter, 1);
    lay->addLayout(statusRow);

    connect(m_table->horizontalHeader(), &QHeaderView::sectionClicked, this, &TableGridView::onHeaderClicked);
    connect(m_filters, &FilterBar::filtersChanged, this,
            [this](const QList<ColumnFilter>& f) { m_model->setFilters(f); });
    connect(m_model, &TableGridModel::statusChanged, this, &TableGridView::updateStatus);
    connect(m_model, &TableGridModel::sortReverted, this, &TableGridView::updateSortIndicator);
    connect(m_model, &TableGridModel::lastRowReady, this, [this](int row) {
        const int col = qMax(0, m_table->currentIndex().column());
        m_table->scrollToBottom();
        m_table->setCurrentIndex(m_model->index(row, col));
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

void TableGridView::setDetailPanelVisible(bool visible)
{
    m_detail->setVisible(visible);
}

QString TableGridView::statusText() const
{
    return m_model->statusText();
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
    const QString text = m_model->statusText();
    m_status->setText(text);
    m_cancel->setVisible(m_model->canCancel());
    if (text != m_lastStatus) {
        m_lastStatus = text;
        Q_EMIT statusTextChanged(text);
    }
}

void TableGridView::updateDetail()
{
    if (!m_detail->isVisible())
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
    if (m_columnsFitted || !m_model->isRowLoaded(0) || m_model->rowCount() == 0)
        return;
    m_columnsFitted = true;
    m_table->resizeColumnsToContents();
    QHeaderView* h = m_table->horizontalHeader();
    // Wide enough for the column's filter editor (operator + a few characters), never wider than
    // the cap however long the values are.
    constexpr int kMinFilterColumnWidth = 96;
    for (int i = 0; i < h->count(); ++i)
        h->resizeSection(i, std::clamp(h->sectionSize(i), kMinFilterColumnWidth, kMaxFittedColumnWidth));
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
