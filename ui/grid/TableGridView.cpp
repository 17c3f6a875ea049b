#include "TableGridView.h"

#include <algorithm>
#include <climits>

#include "CellDetailPanel.h"
#include "DatabaseSession.h"
#include "FilterBar.h"
#include "TableGridModel.h"
#include "edit/CellEditorDelegate.h"
#include "edit/ChildrenPanel.h"
#include "edit/ColumnEditors.h"
#include "edit/DeleteImpact.h"
#include "edit/EditApplier.h"
#include "edit/ExportRunner.h"
#include "edit/GridEdits.h"
#include "edit/ReviewChangesDialog.h"
#include "edit/TsvClipboard.h"
#include "edit/TypedValue.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {
constexpr int kMaxFittedColumnWidth = 320;
// Wide enough for a column's filter editor (operator button + a few characters).
constexpr int kMinFittedColumnWidth = 100;
constexpr int kDefaultDetailWidth = 280;
constexpr const char* kDetailWidthKey = "grid/detailPanelWidth";
constexpr const char* kDetailVisibleKey = "grid/detailPanelVisible";
constexpr const char* kChildrenVisibleKey = "grid/childrenPanelVisible";
constexpr const char* kExportDirKey = "grid/lastExportDir";
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
    m_table->viewport()->installEventFilter(this);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);

    m_detail = new CellDetailPanel(session, this);
    auto* columnEditors = new ColumnEditors(session, this);
    m_table->setItemDelegate(new CellEditorDelegate(*columnEditors, *m_model, m_table));
    m_detail->setColumnEditors(columnEditors);
    m_detail->setMinimumWidth(160);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("gridDetailSplitter"));
    auto* left = new QWidget(m_splitter);
    auto* leftLay = new QVBoxLayout(left);
    leftLay->setContentsMargins(0, 0, 0, 0);
    leftLay->setSpacing(0);
    m_edits = new GridEdits(this);
    m_model->setEdits(m_edits);
    m_toolbar = new QToolBar(left);
    m_toolbar->setIconSize(QSize(16, 16));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    leftLay->addWidget(m_toolbar);
    leftLay->addWidget(m_filters);
    leftLay->addWidget(m_table, 1);
    m_children = new ChildrenPanel(session, this);
    m_children->setMinimumWidth(160);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    m_splitter->addWidget(m_children);
    m_splitter->setStretchFactor(2, 0);
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

    m_childrenAction = new QAction(tr("Referenced By"), this);
    m_childrenAction->setObjectName(QStringLiteral("childrenPanelAction"));
    m_childrenAction->setCheckable(true);
    m_childrenAction->setToolTip(tr("Show the rows of other tables that reference the current row"));
    m_childrenAction->setChecked(QSettings().value(QLatin1String(kChildrenVisibleKey), false).toBool());
    m_children->setVisible(m_childrenAction->isChecked());
    connect(m_childrenAction, &QAction::toggled, this, &TableGridView::setChildrenPanelVisible);
    connect(m_children, &ChildrenPanel::openRequested, this, &TableGridView::openRowsRequested);

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
                if (cur.isValid() && cur.row() >= tl.row() && cur.row() <= br.row()) {
                    updateDetail();
                    updateChildren();
                }
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateSortIndicator();
        updateDetail();
        m_childrenRow = {}; // the data may have changed (a reload after Apply): count again
        updateChildren();
        updateStatus();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TableGridView::updateDetail);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TableGridView::updateChildren);
    connect(m_cancel, &QToolButton::clicked, m_model, &TableGridModel::cancel);
    connect(&session, &DatabaseSession::schemaChanged, this, &TableGridView::onSchemaChanged);
    buildEditActions();
}

void TableGridView::buildEditActions()
{
    const auto scoped = [this](QAction* a, const QKeySequence& key) {
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    };
    m_addRow = m_toolbar->addAction(tr("Add Row"), this, [this] {
        const int row = m_model->stageNewRow();
        if (row >= 0) {
            m_table->scrollToBottom();
            m_table->setCurrentIndex(m_model->index(row, 0));
        }
    });
    m_addRow->setToolTip(
        tr("Stage a new row (column defaults filled in; keys and generated columns left to SQLite)"));
    scoped(m_addRow, QKeySequence(Qt::CTRL | Qt::Key_Plus));
    m_duplicateRow = m_toolbar->addAction(tr("Duplicate"), this, [this] {
        const QModelIndex cur = m_table->currentIndex();
        if (!cur.isValid())
            return;
        QString error;
        const int row = m_model->stageDuplicate(cur.row(), &error);
        if (row < 0) {
            m_status->setText(error);
            return;
        }
        m_table->scrollToBottom();
        m_table->setCurrentIndex(m_model->index(row, cur.column()));
    });
    m_duplicateRow->setToolTip(tr("Stage a copy of the current row"));
    m_deleteRows = m_toolbar->addAction(tr("Delete Rows"), this, &TableGridView::deleteSelectedRows);
    m_deleteRows->setToolTip(tr("Stage the deletion of the selected rows"));
    scoped(m_deleteRows, QKeySequence(Qt::CTRL | Qt::Key_Delete));
    m_setNull = m_toolbar->addAction(tr("Set NULL"), this, [this] {
        QList<TableGridModel::CellValueAt> values;
        for (const QModelIndex& i : m_table->selectionModel()->selectedIndexes())
            values << TableGridModel::CellValueAt{i.row(), i.column(), SqlValue::null()};
        m_model->stageValues(values, tr("Set NULL"));
    });
    m_setNull->setToolTip(tr("Stage NULL (not empty text) in the selected cells"));
    scoped(m_setNull, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_toolbar->addSeparator();
    m_undo = m_edits->undoStack()->createUndoAction(this, tr("Undo"));
    m_redo = m_edits->undoStack()->createRedoAction(this, tr("Redo"));
    scoped(m_undo, QKeySequence::Undo);
    scoped(m_redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    m_toolbar->addAction(m_undo);
    m_toolbar->addAction(m_redo);
    m_toolbar->addSeparator();
    m_pending = new QLabel(m_toolbar);
    m_pending->setContentsMargins(6, 0, 6, 0);
    m_toolbar->addWidget(m_pending);
    m_review = m_toolbar->addAction(tr("Review Changes\u2026"), this, [this] { reviewChanges(); });
    m_review->setToolTip(tr("Show the SQL the staged edits become"));
    m_apply = m_toolbar->addAction(tr("Apply"), this, [this] { applyEdits(false); });
    m_apply->setToolTip(tr("Write the staged edits in one transaction"));
    scoped(m_apply, QKeySequence(Qt::CTRL | Qt::Key_S));
    m_discard = m_toolbar->addAction(tr("Discard"), this, &TableGridView::discardEdits);
    m_discard->setToolTip(tr("Drop every staged edit"));
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_childrenAction);
    connect(m_edits, &GridEdits::changed, this, &TableGridView::updateEditActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TableGridView::updateEditActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TableGridView::updateEditActions);
    updateEditActions();
}

QString TableGridView::pendingText() const
{
    const int n = m_edits->pendingCount();
    if (n == 0)
        return {};
    return n == 1 ? tr("1 pending change") : tr("%1 pending changes").arg(n);
}

void TableGridView::updateEditActions()
{
    const bool editable = m_model->isEditable();
    const bool pending = !m_edits->isEmpty();
    const bool hasSelection = m_table->selectionModel() && m_table->selectionModel()->hasSelection();
    const bool busy = m_applyJob != 0;
    m_toolbar->setToolTip(editable ? QString() : m_model->editProblem());
    m_addRow->setEnabled(editable && !busy && m_model->canInsert());
    m_duplicateRow->setEnabled(editable && !busy && m_model->canInsert() &&
                               m_table->currentIndex().isValid());
    m_deleteRows->setEnabled(editable && !busy && m_model->canDelete() && hasSelection);
    m_setNull->setEnabled(editable && !busy && m_model->canUpdate() && hasSelection);
    m_review->setEnabled(pending && !busy);
    m_apply->setEnabled(pending && !busy);
    m_discard->setEnabled(pending && !busy);
    m_pending->setText(busy ? tr("applying\u2026") : pendingText());
    if (!editable && m_model->source())
        m_pending->setText(tr("read-only"));
    m_pending->setToolTip(editable ? m_model->viewOperationsText() : m_model->editProblem());
    if (editable)
        m_toolbar->setToolTip(m_model->viewOperationsText());
}

QList<int> TableGridView::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex& i : m_table->selectionModel()->selectedIndexes())
        if (!rows.contains(i.row()))
            rows << i.row();
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows << m_table->currentIndex().row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

ReviewChangesDialog* TableGridView::reviewChanges()
{
    const Table* table = m_model->editTable();
    if (!table || m_edits->isEmpty())
        return nullptr;
    auto* dialog = new ReviewChangesDialog(*table, m_edits->changes(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReviewChangesDialog::applyRequested, this, [this] { applyEdits(false); });
    connect(dialog, &ReviewChangesDialog::discardRequested, this, &TableGridView::discardEdits);
    dialog->open();
    return dialog;
}

void TableGridView::discardEdits()
{
    m_edits->discard();
    m_lastApplyError.clear();
    updateStatus();
}

void TableGridView::applyEdits(bool overwriteConflicts)
{
    const Table* found = m_model->editTable();
    if (!found || m_edits->isEmpty() || m_applyJob)
        return;
    if (!m_applyWorker)
        m_applyWorker = m_session.makeWorker();
    const Table table = *found;
    const StagedChanges changes = m_edits->changes();
    ApplyOptions options;
    options.overwriteConflicts = overwriteConflicts;
    m_applyJob = m_applyWorker->submit<ApplyReport>(
        this,
        [table, changes, options](Connection& c, JobControl& control) -> Result<ApplyReport> {
            return applyStagedEdits(c, table, changes, options, &control);
        },
        [this, changes](Result<ApplyReport> r) {
            m_applyJob = 0;
            m_lastConflicts.clear();
            if (!r) {
                m_lastApplyError = r.error().message();
            } else if (r->committed) {
                m_lastApplyError.clear();
                // Only what was applied is dropped: edits staged meanwhile would stay (none can be:
                // the actions are disabled while applying).
                if (m_edits->changes() == changes)
                    m_edits->discard();
                m_session.notifyDataChanged();
            } else {
                m_lastApplyError = r->error ? r->error->message() : tr("The changes were not applied.");
                m_edits->setProblems(r->problems);
                for (const RowConflict& c : r->conflicts)
                    m_lastConflicts << (c.deletedOnDisk ? tr("%1: deleted by someone else").arg(c.rowText)
                                                        : tr("%1: changed on disk (%2)")
                                                              .arg(c.rowText, c.changedColumns.join(
                                                                                  QStringLiteral(", "))));
            }
            updateEditActions();
            updateStatus();
            if (!m_lastApplyError.isEmpty())
                m_status->setText(tr("Not applied: %1").arg(m_lastApplyError));
            const bool committed = r && r->committed;
            Q_EMIT applyFinished(committed);
            if (!m_lastConflicts.isEmpty()) {
                Q_EMIT conflictsFound(m_lastConflicts);
                // Overwriting brings nothing back for a row deleted meanwhile: only offer it when
                // some row still exists with other values.
                const bool someChanged =
                    r && std::any_of(r->conflicts.cbegin(), r->conflicts.cend(),
                                     [](const RowConflict& c) { return !c.deletedOnDisk; });
                auto* box = new QMessageBox(
                    QMessageBox::Warning, tr("Rows changed on disk"),
                    someChanged ? tr("These rows changed since they were loaded. Overwrite them with your "
                                     "edits, or cancel and reload to see the new values?")
                                : tr("These rows were deleted by someone else since they were loaded, so "
                                     "your edits to them cannot be applied. Reload to see the table as it "
                                     "is now; the edits stay staged until you discard them."),
                    someChanged ? QMessageBox::Cancel : QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("conflictBox"));
                box->setDetailedText(m_lastConflicts.join(QLatin1Char('\n')));
                QPushButton* overwrite =
                    someChanged ? box->addButton(tr("Overwrite"), QMessageBox::DestructiveRole) : nullptr;
                box->setAttribute(Qt::WA_DeleteOnClose);
                connect(box, &QMessageBox::buttonClicked, this, [this, overwrite](QAbstractButton* b) {
                    if (overwrite && b == overwrite)
                        applyEdits(true);
                });
                box->open();
            }
        });
    updateEditActions();
}

void TableGridView::deleteSelectedRows()
{
    const QList<int> rows = selectedRows();
    QList<RowIdentity> ids;
    for (int r : rows)
        if (const RowIdentity id = m_model->identityAt(r); id.isValid())
            ids << id;
    if (ids.isEmpty() || m_session.schema().view(currentTable())) {
        // Only staged new rows, or a view (its DELETE trigger decides): nothing to count.
        m_model->stageDeleteRows(rows);
        return;
    }
    if (!m_applyWorker)
        m_applyWorker = m_session.makeWorker();
    const Schema schema = m_session.schema();
    const QString table = currentTable();
    m_status->setText(tr("Counting the rows this delete would also remove\u2026"));
    m_applyWorker->submit<DeleteImpact>(
        this,
        [schema, table, ids](Connection& c, JobControl& control) {
            return countDeleteImpact(c, schema, table, ids, &control);
        },
        [this, rows, table](Result<DeleteImpact> r) {
            updateStatus();
            if (table != currentTable())
                return;
            if (!r) {
                m_status->setText(tr("Could not count what the delete affects: %1").arg(r.error().message()));
                return;
            }
            bool affectsOthers = r->totalCascaded() > 0 || r->wouldFail();
            for (const TableImpact& t : r->tables)
                affectsOthers = affectsOthers || t.deleted > 0 || t.setNull > 0 || t.setDefault > 0;
            m_lastDeleteWarning = affectsOthers ? r->summary() : QString();
            Q_EMIT deleteImpactCounted(m_lastDeleteWarning);
            if (!affectsOthers) {
                m_model->stageDeleteRows(rows);
                return;
            }
            auto* box =
                new QMessageBox(QMessageBox::Warning, tr("Delete rows"),
                                tr("Deleting %n row(s) affects other rows.", nullptr, int(rows.size())),
                                QMessageBox::Cancel, this);
            box->setObjectName(QStringLiteral("deleteImpactBox"));
            box->setInformativeText(m_lastDeleteWarning);
            QPushButton* del = box->addButton(tr("Stage Delete"), QMessageBox::DestructiveRole);
            box->setAttribute(Qt::WA_DeleteOnClose);
            connect(box, &QMessageBox::buttonClicked, this, [this, del, rows](QAbstractButton* b) {
                if (b == del)
                    m_model->stageDeleteRows(rows);
            });
            box->open();
        });
}

QString TableGridView::copySelection()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    if (selected.isEmpty())
        return {};
    int top = INT_MAX, left = INT_MAX, bottom = -1, right = -1;
    for (const QModelIndex& i : selected) {
        top = qMin(top, i.row());
        bottom = qMax(bottom, i.row());
        left = qMin(left, i.column());
        right = qMax(right, i.column());
    }
    QList<SqlValueList> rows;
    for (int r = top; r <= bottom; ++r) {
        SqlValueList row;
        for (int c = left; c <= right; ++c) {
            // A cell the grid holds only a prefix of is copied as shown.
            const std::optional<SqlValue> v = m_model->valueAt(r, c);
            row << (v ? *v : SqlValue::text(m_model->data(m_model->index(r, c)).toString()));
        }
        rows << row;
    }
    const QString text = encodeTsv(rows);
    QApplication::clipboard()->setText(text);
    return text;
}

bool TableGridView::pasteTsv(const QString& text, QString* error)
{
    const auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        m_status->setText(message);
        return false;
    };
    const QModelIndex start = m_table->currentIndex();
    if (!start.isValid() || !m_model->isEditable())
        return fail(m_model->isEditable() ? tr("Select the cell to paste into first.")
                                          : m_model->editProblem());
    const QList<QStringList> pasted = parseTsv(text);
    if (pasted.isEmpty())
        return fail(tr("The clipboard holds no cells to paste."));
    if (Status fits = checkPasteFits(pasted, start.column(), m_model->columnCount()); !fits)
        return fail(fits.error().message());
    if (start.row() + pasted.size() > m_model->rowCount())
        return fail(tr("The pasted text has %1 rows; only %2 rows follow the current one.")
                        .arg(pasted.size())
                        .arg(m_model->rowCount() - start.row()));
    QList<TableGridModel::CellValueAt> values;
    for (int r = 0; r < pasted.size(); ++r)
        for (int c = 0; c < pasted.at(r).size(); ++c) {
            const int column = start.column() + c;
            values << TableGridModel::CellValueAt{
                start.row() + r, column,
                valueFromText(pasted.at(r).at(c), m_model->source()->columns().at(column).affinity)};
        }
    if (!m_model->stageValues(values, tr("Paste")))
        return fail(tr("Nothing was pasted: those cells cannot be edited."));
    return true;
}

bool TableGridView::openParentOf(const QModelIndex& index)
{
    if (!index.isValid())
        return false;
    if (const std::optional<TableGridModel::ParentLink> link =
            m_model->parentLinkAt(index.row(), index.column())) {
        Q_EMIT openRowRequested(link->table, link->column, link->value);
        return true;
    }
    // A composite key: every one of its columns filters the parent.
    const std::optional<RelatedRows> rows = m_model->parentRowsAt(index.row(), index.column());
    if (!rows)
        return false;
    QVariantList values;
    for (const SqlValue& v : rows->values)
        values << v.toBind();
    Q_EMIT openRowsRequested(rows->table, rows->columns, values);
    return true;
}

bool TableGridView::showRowsMatching(const QStringList& columns, const QVariantList& values)
{
    const auto& src = m_model->source();
    if (!src || columns.size() != values.size())
        return false;
    QList<ColumnFilter> filters;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const int col = src->columnIndex(columns.at(i));
        if (col < 0) {
            m_status->setText(tr("%1 has no column named %2.").arg(src->name(), columns.at(i)));
            return false;
        }
        ColumnFilter f;
        f.column = src->columns().at(col).name;
        if (values.at(i).isNull()) {
            f.op = ColumnFilter::Op::IsNull;
        } else {
            f.op = ColumnFilter::Op::Equals;
            f.value = values.at(i).toString();
        }
        filters << f;
    }
    m_model->setSort({});
    updateSortIndicator();
    setFilters(filters);
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, qMax(0, src->columnIndex(columns.value(0)))));
    return true;
}

bool TableGridView::confirmDropEdits()
{
    if (m_edits->isEmpty())
        return true;
    if (m_applyJob) {
        m_status->setText(tr("Wait for the changes being applied to finish."));
        return false;
    }
    QMessageBox box(QMessageBox::Warning, tr("Pending changes"),
                    tr("%1 of %2 will be lost.").arg(pendingText(), currentTable()), QMessageBox::Cancel,
                    this);
    box.setObjectName(QStringLiteral("pendingEditsBox"));
    box.setInformativeText(tr("Review them (and apply), discard them, or stay on this table."));
    QPushButton* review = box.addButton(tr("Review…"), QMessageBox::AcceptRole);
    QPushButton* discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == discard) {
        discardEdits();
        return true;
    }
    if (box.clickedButton() == review)
        reviewChanges();
    return false;
}

void TableGridView::setChildrenPanelVisible(bool visible)
{
    if (m_childrenAction->isChecked() != visible)
        m_childrenAction->setChecked(visible); // comes back here through toggled
    if (m_children->isHidden() != visible)
        return;
    m_children->setVisible(visible);
    QSettings().setValue(QLatin1String(kChildrenVisibleKey), visible);
    m_childrenTable.clear();
    m_childrenRow = {};
    updateChildren();
}

bool TableGridView::isChildrenPanelVisible() const
{
    return !m_children->isHidden();
}

void TableGridView::updateChildren()
{
    if (m_children->isHidden())
        return;
    const QModelIndex cur = m_table->currentIndex();
    const QString table = currentTable();
    if (!cur.isValid() || table.isEmpty()) {
        m_childrenTable.clear();
        m_childrenRow = {};
        m_children->clear(tr("Select a row to see what references it."));
        return;
    }
    if (m_model->isInsertedRow(cur.row())) {
        m_childrenRow = {};
        m_children->clear(tr("A new row: nothing references it yet."));
        return;
    }
    const RowIdentity id = m_model->identityAt(cur.row());
    if (!id.isValid()) {
        if (!m_model->isRowLoaded(cur.row()))
            return; // counted once the row is read (dataChanged)
        m_childrenRow = {};
        m_children->clear(m_session.schema().table(table)
                              ? tr("This row cannot be located.")
                              : tr("%1 is a view: nothing references its rows.").arg(table));
        return;
    }
    if (table == m_childrenTable && id == m_childrenRow)
        return;
    m_childrenTable = table;
    m_childrenRow = id;
    m_children->showRow(table, id);
}

ExportRunner* TableGridView::exportView(ExportOptions::Format format, const QString& path)
{
    const auto& src = m_model->source();
    if (!src) {
        m_status->setText(tr("Nothing to export: choose a table or view first."));
        return nullptr;
    }
    ExportOptions options;
    options.format = format;
    options.path = path;
    if (m_model->isCountExact())
        options.expectedRows = m_model->databaseRowCount();
    auto* runner = new ExportRunner(m_session, RowQueryBuilder(*src, m_model->sort(), m_model->filters()),
                                    options, this);
    m_status->setText(tr("Exporting %1…").arg(src->name()));
    connect(runner, &ExportRunner::finished, this, [this](bool ok, qint64, const QString& message) {
        QString text = message;
        if (ok && !m_edits->isEmpty())
            text += tr(" (staged changes are not exported: apply them first)");
        m_status->setText(text);
        Q_EMIT exportFinished(ok, text);
    });
    return runner;
}

void TableGridView::chooseAndExport(ExportOptions::Format format)
{
    const auto& src = m_model->source();
    if (!src) {
        m_status->setText(tr("Nothing to export: choose a table or view first."));
        return;
    }
    const QString suffix = ExportRunner::fileSuffix(format);
    const QString dir = QSettings().value(QLatin1String(kExportDirKey), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export %1 as %2").arg(src->name(), ExportRunner::formatName(format)),
        QDir(dir).filePath(src->name() + QLatin1Char('.') + suffix),
        tr("%1 files (*.%2);;All files (*)").arg(suffix.toUpper(), suffix));
    if (path.isEmpty())
        return;
    QSettings().setValue(QLatin1String(kExportDirKey), QFileInfo(path).absolutePath());
    exportView(format, path);
}

TableGridView::~TableGridView() = default;

void TableGridView::showTable(const QString& name)
{
    m_columnsFitted = false;
    m_edits->reset(name);
    m_lastApplyError.clear();
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
    if (watched == m_table->viewport() && event->type() == QEvent::MouseButtonRelease) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ControlModifier) &&
            openParentOf(m_table->indexAt(mouse->position().toPoint())))
            return true;
    }
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Copy)) {
            copySelection();
            return true;
        }
        if (key->matches(QKeySequence::Paste)) {
            pasteTsv(QApplication::clipboard()->text());
            return true;
        }
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
