#include "TableDesigner.h"

#include "ChoiceDelegate.h"
#include "DesignChangeCommand.h"
#include "DesignColumnsModel.h"
#include "DesignForeignKeysModel.h"
#include "DesignIndexesModel.h"

#include "DatabaseSession.h"
#include "MessageBar.h"
#include "common/SqlTextEdit.h"
#include "migrations/ApplyDialog.h"
#include "schemaplan/SchemaChangeReview.h"
#include "schemaplan/SchemaReviewLaunch.h"

#include "core/Identifiers.h"
#include "drizzle/CustomMigration.h"
#include "drizzle/MigrationsLocation.h"
#include "schema/SchemaReader.h"
#include "schemaplan/PlanScript.h"
#include "schemaplan/SchemaChangeApply.h"
#include "schemaplan/SchemaShape.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace sluice::ui {

namespace {

constexpr int kDebounceMs = 150;

QStringList commonTypes()
{
    return {QStringLiteral("INTEGER"), QStringLiteral("TEXT"),     QStringLiteral("REAL"),
            QStringLiteral("BLOB"),    QStringLiteral("NUMERIC"),  QStringLiteral("BOOLEAN"),
            QStringLiteral("DATE"),    QStringLiteral("DATETIME"), QStringLiteral("VARCHAR(255)"),
            QStringLiteral("ANY")};
}

QToolButton* toolButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

QTableView* makeGrid(QAbstractItemModel* model, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    return view;
}

// Lines of a plain-text box as a list, blank ones dropped.
QStringList nonEmptyLines(const QString& text)
{
    QStringList out;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            out << line.trimmed();
    return out;
}

} // namespace

TableDesigner::TableDesigner(DatabaseSession& session, const QString& table, QWidget* parent)
    : QWidget(parent, Qt::Window), m_session(session), m_worker(session.makeWorker()),
      m_undo(new QUndoStack(this)), m_name(new QLineEdit(this)), m_tabs(new QTabWidget(this)),
      m_sql(new SqlTextEdit(this)), m_warnings(new QLabel(this)), m_messages(new MessageBar(this)),
      m_review(new QPushButton(tr("&Review…"), this)), m_apply(new QPushButton(tr("&Apply"), this)),
      m_saveMigration(new QPushButton(tr("Save as &Migration…"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_progress(new QProgressBar(this)),
      m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("TableDesigner"));
    if (const Table* t = table.isEmpty() ? nullptr : session.schema().table(table)) {
        auto d = TableDesign::fromTable(*t);
        if (d)
            m_design = d.value();
        else
            m_messages->showMessage(MessageBar::Level::Error, d.error().message());
    }
    if (m_design.name.isEmpty() && m_design.columns.isEmpty()) {
        QString name = QStringLiteral("new_table");
        for (int i = 2; session.schema().table(name); ++i)
            name = QStringLiteral("new_table_%1").arg(i);
        m_design = TableDesign::newTable(name);
    }

    auto commit = [this](const TableDesign& next, const QString& what) { changeDesign(next, what); };
    m_columns = new DesignColumnsModel(&m_design, commit, this);
    m_foreignKeys = new DesignForeignKeysModel(&m_design, commit, this);
    m_indexes = new DesignIndexesModel(&m_design, commit, this);

    m_name->setText(m_design.name);
    m_name->setAccessibleName(tr("Table name"));
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        const QString text = m_name->text().trimmed();
        if (text == m_design.name)
            return;
        TableDesign next = m_design;
        next.name = text;
        changeDesign(next, tr("Rename table to %1").arg(text));
    });

    m_tabs->addTab(buildColumnsTab(), tr("&Columns"));
    m_tabs->addTab(buildForeignKeysTab(), tr("&Foreign Keys"));
    m_tabs->addTab(buildIndexesTab(), tr("&Indexes"));
    m_tabs->addTab(buildOptionsTab(), tr("&Options"));

    auto* form = new QWidget(this);
    auto* formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(0, 0, 0, 0);
    auto* nameRow = new QHBoxLayout;
    auto* nameLabel = new QLabel(tr("Table &name:"), form);
    nameLabel->setBuddy(m_name);
    nameRow->addWidget(nameLabel);
    nameRow->addWidget(m_name, 1);
    formLayout->addLayout(nameRow);
    formLayout->addWidget(m_tabs, 1);

    m_sql->setReadOnly(true);
    m_sql->setSchema(session.schema());
    m_sql->setAccessibleName(tr("Generated SQL"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(new QLabel(tr("Generated SQL (updates as you edit):"), right));
    rightLayout->addWidget(m_sql, 1);
    rightLayout->addWidget(m_warnings);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("designerSplitter"));
    splitter->addWidget(form);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_progress->hide();
    m_cancel->hide();
    m_progress->setMaximumWidth(220);
    connect(m_cancel, &QPushButton::clicked, this, &TableDesigner::cancelApply);
    connect(m_review, &QPushButton::clicked, this, &TableDesigner::review);
    connect(m_apply, &QPushButton::clicked, this, &TableDesigner::apply);
    connect(m_saveMigration, &QPushButton::clicked, this, &TableDesigner::saveAsMigration);
    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QWidget::close);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_saveMigration);
    buttons->addWidget(m_review);
    buttons->addWidget(m_apply);
    buttons->addWidget(close);
    m_apply->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    // Undo/redo work from anywhere in the window (a focused line edit keeps its own Ctrl+Z).
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WindowShortcut);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WindowShortcut);
    addAction(undo);
    addAction(redo);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &TableDesigner::startPlanning);
    connect(&m_session, &DatabaseSession::schemaChanged, this, &TableDesigner::onSchemaChanged);

    // Save as Migration only for a database that belongs to a Drizzle project.
    if (auto where = locateMigrations(session.path(), {}, {}, false);
        where && !where->projectDir.isEmpty() && QFileInfo(where->migrationsDir).isDir()) {
        m_migrationsDir = where->migrationsDir;
        m_projectDir = where->projectDir;
    }

    QSettings settings;
    resize(1200, 680);
    restoreGeometry(settings.value(QStringLiteral("designer/geometry")).toByteArray());
    if (!splitter->restoreState(settings.value(QStringLiteral("designer/splitter")).toByteArray()))
        splitter->setSizes({700, 500});

    // Start in the grid on the first column's name: typing renames it, arrows move, Delete removes.
    m_columnsView->setCurrentIndex(m_columns->index(0, DesignColumnsModel::Name));
    setFocusProxy(m_columnsView);
    m_columnsView->setFocus();

    updateTitle();
    updateActions();
    scheduleUpdate();
}

TableDesigner::~TableDesigner()
{
    m_worker.reset(); // cancels and joins before the models the jobs report to go away
}

void TableDesigner::closeEvent(QCloseEvent* event)
{
    if (isBusy()) {
        m_messages->showMessage(MessageBar::Level::Warning,
                                tr("The change is being applied; wait for it or cancel it first."));
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("designer/geometry"), saveGeometry());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("designerSplitter")))
        settings.setValue(QStringLiteral("designer/splitter"), splitter->saveState());
    QWidget::closeEvent(event);
}

QWidget* TableDesigner::buildColumnsTab()
{
    auto* page = new QWidget(this);
    m_columnsView = makeGrid(m_columns, page);
    m_columnsView->setObjectName(QStringLiteral("designerColumns"));
    m_columnsView->setAccessibleName(tr("Columns"));
    m_columnsView->setItemDelegateForColumn(
        DesignColumnsModel::Type,
        new ChoiceDelegate([](const QModelIndex&) { return commonTypes(); }, true, page));
    m_columnsView->setItemDelegateForColumn(DesignColumnsModel::Collation,
                                            new ChoiceDelegate(
                                                [](const QModelIndex&) {
                                                    return QStringList{QString(), QStringLiteral("BINARY"),
                                                                       QStringLiteral("NOCASE"),
                                                                       QStringLiteral("RTRIM")};
                                                },
                                                true, page));
    QHeaderView* header = m_columnsView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (int c : {DesignColumnsModel::NotNull, DesignColumnsModel::PrimaryKey,
                  DesignColumnsModel::AutoIncrement, DesignColumnsModel::Unique})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->resizeSection(DesignColumnsModel::Name, 140);
    header->resizeSection(DesignColumnsModel::Type, 110);
    header->resizeSection(DesignColumnsModel::Default, 110);
    header->resizeSection(DesignColumnsModel::Check, 120);

    auto* remove = new QAction(tr("Remove Column"), m_columnsView);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &TableDesigner::removeCurrentColumn);
    m_columnsView->addAction(remove);

    auto* bar = new QHBoxLayout;
    auto* add = toolButton(tr("+ Add Column"), tr("Add a column at the end"), page);
    auto* del = toolButton(tr("− Remove"), tr("Remove the selected column (Delete)"), page);
    auto* up = toolButton(tr("▲ Up"), tr("Move the selected column up"), page);
    auto* down = toolButton(tr("▼ Down"), tr("Move the selected column down"), page);
    connect(add, &QToolButton::clicked, this, &TableDesigner::addColumn);
    connect(del, &QToolButton::clicked, this, &TableDesigner::removeCurrentColumn);
    connect(up, &QToolButton::clicked, this, [this] { moveCurrentColumn(-1); });
    connect(down, &QToolButton::clicked, this, [this] { moveCurrentColumn(1); });
    auto* undo = toolButton(tr("Undo"), tr("Undo the last edit (Ctrl+Z)"), page);
    auto* redo = toolButton(tr("Redo"), tr("Redo (Ctrl+Shift+Z)"), page);
    connect(undo, &QToolButton::clicked, m_undo, &QUndoStack::undo);
    connect(redo, &QToolButton::clicked, m_undo, &QUndoStack::redo);
    connect(m_undo, &QUndoStack::canUndoChanged, undo, &QWidget::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, redo, &QWidget::setEnabled);
    undo->setEnabled(false);
    redo->setEnabled(false);
    for (QWidget* w : {static_cast<QWidget*>(add), static_cast<QWidget*>(del), static_cast<QWidget*>(up),
                       static_cast<QWidget*>(down)})
        bar->addWidget(w);
    bar->addStretch(1);
    bar->addWidget(undo);
    bar->addWidget(redo);

    auto* layout = new QVBoxLayout(page);
    layout->addLayout(bar);
    layout->addWidget(m_columnsView, 1);
    return page;
}

QWidget* TableDesigner::buildForeignKeysTab()
{
    auto* page = new QWidget(this);
    m_foreignKeysView = makeGrid(m_foreignKeys, page);
    m_foreignKeysView->setAccessibleName(tr("Foreign keys"));
    auto ownColumns = [this](const QModelIndex&) {
        QStringList names;
        for (const DesignColumn& c : m_design.columns)
            names << c.name;
        return names;
    };
    auto parentTables = [this](const QModelIndex&) {
        QStringList names;
        for (const Table& t : m_session.schema().tables)
            if (!t.isVirtual)
                names << t.name;
        if (!names.contains(m_design.name))
            names << m_design.name; // a self-reference (a tree of rows)
        return names;
    };
    auto parentColumns = [this](const QModelIndex& index) {
        const QString parent = m_design.foreignKeys.value(index.row()).parentTable;
        QStringList names{QString()}; // empty: the parent's primary key
        if (parent.compare(m_design.name, Qt::CaseInsensitive) == 0) {
            for (const DesignColumn& c : m_design.columns)
                names << c.name;
        } else if (const Table* t = m_session.schema().table(parent)) {
            for (const Column& c : t->columns)
                names << c.name;
        }
        return names;
    };
    auto actions = [](const QModelIndex&) { return DesignForeignKeysModel::actions(); };
    m_foreignKeysView->setItemDelegateForColumn(DesignForeignKeysModel::Columns,
                                                new ChoiceDelegate(ownColumns, true, page));
    m_foreignKeysView->setItemDelegateForColumn(DesignForeignKeysModel::ParentTable,
                                                new ChoiceDelegate(parentTables, true, page));
    m_foreignKeysView->setItemDelegateForColumn(DesignForeignKeysModel::ParentColumns,
                                                new ChoiceDelegate(parentColumns, true, page));
    m_foreignKeysView->setItemDelegateForColumn(DesignForeignKeysModel::OnDelete,
                                                new ChoiceDelegate(actions, false, page));
    m_foreignKeysView->setItemDelegateForColumn(DesignForeignKeysModel::OnUpdate,
                                                new ChoiceDelegate(actions, false, page));
    m_foreignKeysView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    auto* bar = new QHBoxLayout;
    auto* add = toolButton(tr("+ Add Foreign Key"), tr("Reference another table's rows"), page);
    auto* del = toolButton(tr("− Remove"), tr("Remove the selected foreign key"), page);
    connect(add, &QToolButton::clicked, this, &TableDesigner::addForeignKey);
    connect(del, &QToolButton::clicked, this, &TableDesigner::removeCurrentForeignKey);
    bar->addWidget(add);
    bar->addWidget(del);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(bar);
    layout->addWidget(m_foreignKeysView, 1);
    return page;
}

QWidget* TableDesigner::buildIndexesTab()
{
    auto* page = new QWidget(this);
    m_indexesView = makeGrid(m_indexes, page);
    m_indexesView->setAccessibleName(tr("Indexes"));
    m_indexesView->setItemDelegateForColumn(DesignIndexesModel::Columns,
                                            new ChoiceDelegate(
                                                [this](const QModelIndex&) {
                                                    QStringList names;
                                                    for (const DesignColumn& c : m_design.columns)
                                                        names << c.name;
                                                    return names;
                                                },
                                                true, page));
    m_indexesView->horizontalHeader()->resizeSection(DesignIndexesModel::Name, 180);
    m_indexesView->horizontalHeader()->resizeSection(DesignIndexesModel::Columns, 180);
    auto* bar = new QHBoxLayout;
    auto* add = toolButton(tr("+ Add Index"), tr("Index the selected column"), page);
    auto* del = toolButton(tr("− Remove"), tr("Remove the selected index"), page);
    connect(add, &QToolButton::clicked, this, &TableDesigner::addIndex);
    connect(del, &QToolButton::clicked, this, &TableDesigner::removeCurrentIndex);
    bar->addWidget(add);
    bar->addWidget(del);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(bar);
    layout->addWidget(m_indexesView, 1);
    return page;
}

QWidget* TableDesigner::buildOptionsTab()
{
    auto* page = new QWidget(this);
    m_strict = new QCheckBox(tr("STRICT (values must match the column types)"), page);
    m_withoutRowid = new QCheckBox(tr("WITHOUT ROWID (rows stored in primary-key order)"), page);
    m_checks = new QPlainTextEdit(page);
    m_uniques = new QPlainTextEdit(page);
    m_checks->setPlaceholderText(tr("One expression per line, e.g. start_date <= end_date"));
    m_uniques->setPlaceholderText(tr("One column list per line, e.g. first_name, last_name"));
    m_optionTextTimer = new QTimer(this);
    m_optionTextTimer->setSingleShot(true);
    m_optionTextTimer->setInterval(400);
    connect(m_optionTextTimer, &QTimer::timeout, this, &TableDesigner::commitOptionTexts);
    connect(m_checks, &QPlainTextEdit::textChanged, m_optionTextTimer, qOverload<>(&QTimer::start));
    connect(m_uniques, &QPlainTextEdit::textChanged, m_optionTextTimer, qOverload<>(&QTimer::start));
    connect(m_strict, &QCheckBox::toggled, this, [this](bool on) {
        TableDesign next = m_design;
        next.strict = on;
        changeDesign(next, on ? tr("Make the table STRICT") : tr("Make the table not STRICT"));
    });
    connect(m_withoutRowid, &QCheckBox::toggled, this, [this](bool on) {
        TableDesign next = m_design;
        next.withoutRowid = on;
        changeDesign(next, on ? tr("Make the table WITHOUT ROWID") : tr("Give the table a rowid"));
    });
    auto* layout = new QFormLayout(page);
    layout->addRow(m_strict);
    layout->addRow(m_withoutRowid);
    layout->addRow(tr("Table &CHECK constraints:"), m_checks);
    layout->addRow(tr("Composite &UNIQUE constraints:"), m_uniques);
    setDesign(m_design); // fills the option widgets
    return page;
}

void TableDesigner::commitOptionTexts()
{
    TableDesign next = m_design;
    next.checks = nonEmptyLines(m_checks->toPlainText());
    next.uniqueConstraints.clear();
    for (const QString& line : nonEmptyLines(m_uniques->toPlainText()))
        next.uniqueConstraints << splitNameList(line);
    if (next.checks == m_design.checks && next.uniqueConstraints == m_design.uniqueConstraints)
        return;
    changeDesign(next, tr("Edit table constraints"));
}

void TableDesigner::changeDesign(const TableDesign& next, const QString& what)
{
    m_undo->push(
        new DesignChangeCommand(what, m_design, next, [this](const TableDesign& d) { setDesign(d); }));
}

void TableDesigner::setDesign(const TableDesign& design)
{
    const int row = m_columnsView ? m_columnsView->currentIndex().row() : -1;
    const int column = m_columnsView ? m_columnsView->currentIndex().column() : 0;
    // A model reset closes the cell editor that committed this edit; keep the keyboard in the grid so
    // the person can carry on with the arrows.
    const QWidget* focus = QApplication::focusWidget();
    const bool gridHadFocus =
        m_columnsView && focus && (focus == m_columnsView || m_columnsView->isAncestorOf(focus));
    m_design = design;
    m_columns->reload();
    m_foreignKeys->reload();
    m_indexes->reload();
    if (m_columnsView && row >= 0 && m_design.columns.size() > 0)
        m_columnsView->setCurrentIndex(
            m_columns->index(std::min<int>(row, int(m_design.columns.size()) - 1), column));
    if (gridHadFocus)
        m_columnsView->setFocus();
    if (m_name->text().trimmed() != m_design.name)
        m_name->setText(m_design.name);
    if (m_strict) {
        const QSignalBlocker b1(m_strict), b2(m_withoutRowid), b3(m_checks), b4(m_uniques);
        m_strict->setChecked(m_design.strict);
        m_withoutRowid->setChecked(m_design.withoutRowid);
        if (nonEmptyLines(m_checks->toPlainText()) != m_design.checks)
            m_checks->setPlainText(m_design.checks.join(QLatin1Char('\n')));
        QStringList uniques;
        for (const QStringList& u : m_design.uniqueConstraints)
            uniques << joinNameList(u);
        QStringList shown;
        for (const QString& line : nonEmptyLines(m_uniques->toPlainText()))
            shown << joinNameList(splitNameList(line));
        if (shown != uniques)
            m_uniques->setPlainText(uniques.join(QLatin1Char('\n')));
    }
    updateTitle();
    scheduleUpdate();
}

void TableDesigner::addColumn()
{
    TableDesign next = m_design;
    DesignColumn c;
    QString name = QStringLiteral("column");
    for (int i = 2; next.columnIndex(name) >= 0; ++i)
        name = QStringLiteral("column%1").arg(i);
    c.name = name;
    c.type = QStringLiteral("TEXT");
    next.columns << c;
    changeDesign(next, tr("Add column %1").arg(name));
    const QModelIndex index = m_columns->index(int(m_design.columns.size()) - 1, DesignColumnsModel::Name);
    m_columnsView->setCurrentIndex(index);
    m_columnsView->scrollTo(index);
}

void TableDesigner::removeCurrentColumn()
{
    const int row = m_columnsView->currentIndex().row();
    if (row < 0 || row >= m_design.columns.size())
        return;
    TableDesign next = m_design;
    const QString name = next.columns[row].name;
    next.removeColumn(row);
    changeDesign(next, tr("Remove column %1").arg(name));
}

void TableDesigner::moveCurrentColumn(int delta)
{
    const QModelIndex current = m_columnsView->currentIndex();
    const int row = current.row();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_design.columns.size())
        return;
    TableDesign next = m_design;
    next.columns.move(row, to);
    changeDesign(next, tr("Move column %1").arg(next.columns[to].name));
    m_columnsView->setCurrentIndex(m_columns->index(to, std::max(0, current.column())));
}

void TableDesigner::addForeignKey()
{
    TableDesign next = m_design;
    DesignForeignKey fk;
    const int row = m_columnsView->currentIndex().row();
    if (row >= 0 && row < next.columns.size())
        fk.columns << next.columns[row].name;
    else if (!next.columns.isEmpty())
        fk.columns << next.columns.last().name;
    for (const Table& t : m_session.schema().tables)
        if (t.name.compare(next.name, Qt::CaseInsensitive) != 0 && !t.isVirtual) {
            fk.parentTable = t.name;
            break;
        }
    next.foreignKeys << fk;
    changeDesign(next, tr("Add foreign key"));
    m_tabs->setCurrentIndex(1);
    m_foreignKeysView->setCurrentIndex(m_foreignKeys->index(int(m_design.foreignKeys.size()) - 1, 0));
}

void TableDesigner::removeCurrentForeignKey()
{
    const int row = m_foreignKeysView->currentIndex().row();
    if (row < 0 || row >= m_design.foreignKeys.size())
        return;
    TableDesign next = m_design;
    next.foreignKeys.removeAt(row);
    changeDesign(next, tr("Remove foreign key %1").arg(row + 1));
}

void TableDesigner::addIndex()
{
    TableDesign next = m_design;
    DesignIndex ix;
    const int row = m_columnsView->currentIndex().row();
    const QString column = row >= 0 && row < next.columns.size()
                               ? next.columns[row].name
                               : (next.columns.isEmpty() ? QString() : next.columns.last().name);
    ix.setColumnNames({column});
    QString name = QStringLiteral("%1_%2_idx").arg(next.name, column);
    auto taken = [&](const QString& n) {
        for (const DesignIndex& i : next.indexes)
            if (i.name.compare(n, Qt::CaseInsensitive) == 0)
                return true;
        for (const Index& i : m_session.schema().indexes)
            if (i.name.compare(n, Qt::CaseInsensitive) == 0 &&
                i.table.compare(m_design.originalName, Qt::CaseInsensitive) != 0)
                return true;
        return false;
    };
    for (int i = 2; taken(name); ++i)
        name = QStringLiteral("%1_%2_idx%3").arg(next.name, column).arg(i);
    ix.name = name;
    next.indexes << ix;
    changeDesign(next, tr("Add index %1").arg(name));
    m_tabs->setCurrentIndex(2);
    m_indexesView->setCurrentIndex(m_indexes->index(int(m_design.indexes.size()) - 1, 0));
}

void TableDesigner::removeCurrentIndex()
{
    const int row = m_indexesView->currentIndex().row();
    if (row < 0 || row >= m_design.indexes.size())
        return;
    TableDesign next = m_design;
    const QString name = next.indexes[row].name;
    next.indexes.removeAt(row);
    changeDesign(next, tr("Remove index %1").arg(name));
}

void TableDesigner::updateTitle()
{
    const QString what = m_design.isNew() ? tr("Create Table %1").arg(m_design.name)
                                          : tr("Modify Table %1").arg(m_design.originalName);
    setWindowTitle(tr("%1 — %2").arg(what, QFileInfo(m_session.path()).fileName()));
}

void TableDesigner::scheduleUpdate()
{
    m_planCurrent = false;
    updateActions();
    m_debounce->start();
}

void TableDesigner::updateNow()
{
    m_debounce->stop();
    if (m_planJob)
        m_worker->cancel(m_planJob);
    m_planJob = 0;
    ++m_generation;
    auto r = computePreview(m_design, m_session.schema());
    if (r)
        showPlan(r.value());
    else
        showDesignError(r.error());
}

Result<TableDesigner::Preview> TableDesigner::computePreview(const TableDesign& design, const Schema& live)
{
    auto target = design.targetSchema(live);
    if (!target)
        return target.error();
    auto planned = planSchemaChange(live, target.value(), design.renameHints());
    if (!planned)
        return planned.error();
    return Preview{target.value(), planned.value()};
}

void TableDesigner::startPlanning()
{
    if (m_planJob)
        m_worker->cancel(m_planJob);
    const quint64 generation = ++m_generation;
    const TableDesign design = m_design;
    const Schema live = m_session.schema();
    // Two in-memory schema loads and a plan: milliseconds for a small schema, longer for hundreds
    // of tables, so never on the GUI thread.
    m_planJob = m_worker->submit<Preview>(
        this, [design, live](Connection&, JobControl&) { return computePreview(design, live); },
        [this, generation](Result<Preview> r) {
            if (generation != m_generation)
                return;
            m_planJob = 0;
            if (!r) {
                if (!r.error().isInterrupted())
                    showDesignError(r.error());
                return;
            }
            showPlan(r.value());
        });
}

void TableDesigner::showDesignError(const DbError& error)
{
    m_plan = SchemaPlan{};
    m_target = Schema{};
    m_planError = error.message();
    m_planCurrent = true;
    // The design's own text, with the failing line marked: that is what the error is about.
    m_sql->clearMarks();
    m_sql->setText(m_design.script());
    const int designLines = int(m_design.script().count(QLatin1Char('\n')));
    if (error.line > 0 && error.line <= designLines)
        m_sql->markLine(error.line, SqlTextEdit::MarkKind::Error,
                        error.sqliteMessage.isEmpty() ? error.explanation : error.sqliteMessage);
    m_warnings->setText(QStringLiteral("<span style='color:#c62828'><b>%1</b> %2</span>")
                            .arg(tr("The design is not valid:"), m_planError.toHtmlEscaped()));
    updateActions();
    Q_EMIT planUpdated();
}

void TableDesigner::showPlan(const Preview& preview)
{
    m_plan = preview.plan;
    m_target = preview.target;
    m_planError.clear();
    m_planCurrent = true;
    m_sql->clearMarks();
    QStringList lines;
    QList<QPair<int, QString>> losses;
    if (m_plan.isEmpty()) {
        lines << tr("-- No change: the design is the table as it is.");
        if (m_design.isNew())
            lines.clear();
    } else {
        lines << tr("-- %1: %2 statement(s) in one transaction%3")
                     .arg(m_design.isNew()
                              ? tr("Create table %1").arg(quoteIdentifier(m_design.name))
                              : tr("Modify table %1").arg(quoteIdentifier(m_design.originalName)))
                     .arg(m_plan.plan.statements.size())
                     .arg(m_plan.plan.foreignKeysOff
                              ? tr(" (foreign keys off around it, checked before COMMIT)")
                              : QString());
        for (const PlanStatement& s : m_plan.plan.statements) {
            if (s.bookkeeping)
                continue;
            lines << QString();
            if (!s.description.isEmpty())
                lines << QStringLiteral("-- ") + s.description;
            if (s.losesData)
                losses << qMakePair(int(lines.size()) + 1,
                                    s.description.isEmpty() ? tr("Loses data") : s.description);
            lines << s.sql.trimmed() + QLatin1Char(';');
        }
    }
    m_sql->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    for (const auto& [line, what] : losses)
        m_sql->markLine(line, SqlTextEdit::MarkKind::Warning, tr("Loses data: %1").arg(what));
    QStringList notes;
    if (m_plan.losesData)
        notes << QStringLiteral("<b style='color:#b26a00'>%1</b>")
                     .arg(tr("⚠ This change loses data (marked in the margin); Apply asks before it runs."));
    const bool rebuilds =
        !m_design.isNew() && std::any_of(m_plan.plan.statements.begin(), m_plan.plan.statements.end(),
                                         [](const PlanStatement& st) {
                                             return st.sql.trimmed().startsWith(QLatin1String("CREATE TABLE"),
                                                                                Qt::CaseInsensitive);
                                         });
    if (rebuilds && !m_design.notKept.isEmpty())
        notes << QStringLiteral("<b style='color:#b26a00'>%1</b>")
                     .arg(tr("⚠ The table is rebuilt from the design, which does not carry its %1.")
                              .arg(m_design.notKept.join(QStringLiteral(", ")))
                              .toHtmlEscaped());
    for (const QString& w : m_plan.warnings)
        notes << QStringLiteral("• ") + w.toHtmlEscaped();
    m_warnings->setText(notes.join(QStringLiteral("<br>")));
    updateActions();
    Q_EMIT planUpdated();
}

void TableDesigner::updateActions()
{
    const bool busy = isBusy();
    const bool ready = m_planCurrent && m_planError.isEmpty() && !m_plan.isEmpty();
    const bool writable = !m_session.isReadOnly();
    // Blockers: triggers or views this change would leave broken (they would fail when they fire).
    const bool blocked = ready && m_plan.needsAttention();
    const QString blockedWhy =
        blocked ? tr("Not possible as designed: %1").arg(m_plan.blockers.first()) : QString();
    m_apply->setEnabled(!busy && ready && writable && !blocked);
    m_apply->setToolTip(!writable ? tr("The database is open read-only (%1).").arg(m_session.readOnlyReason())
                        : !m_planError.isEmpty() ? tr("Fix the design first: %1").arg(m_planError)
                                                 : blockedWhy);
    m_review->setEnabled(!busy && ready);
    m_review->setToolTip(
        tr("Open the change in the migration review: schema diff, dry run on a copy, apply."));
    m_saveMigration->setEnabled(!busy && ready && !blocked && !m_migrationsDir.isEmpty());
    m_saveMigration->setToolTip(
        blocked ? blockedWhy
        : m_migrationsDir.isEmpty()
            ? tr("Only for a database that belongs to a Drizzle project (a drizzle.config "
                 "next to it or above it).")
            : tr("Write the change into %1 as the next custom migration.")
                  .arg(QDir::toNativeSeparators(m_migrationsDir)));
    m_columnsView->setEnabled(!busy);
    m_tabs->setEnabled(!busy);
    m_name->setEnabled(!busy);
}

void TableDesigner::apply()
{
    if (isBusy())
        return;
    if (!m_planCurrent)
        updateNow();
    if (!m_planCurrent || !m_planError.isEmpty() || m_plan.isEmpty() || m_plan.needsAttention())
        return;
    if (m_plan.losesData) {
        QStringList losses;
        for (const PlanStatement& s : m_plan.plan.statements)
            if (s.losesData)
                losses << QStringLiteral("• ") + (s.description.isEmpty() ? s.sql : s.description);
        QMessageBox box(QMessageBox::Warning, tr("This change loses data"),
                        tr("Applying this design deletes data that cannot be brought back except from a "
                           "backup:\n\n%1\n\nApply it anyway?")
                            .arg(losses.join(QLatin1Char('\n'))),
                        QMessageBox::Cancel, this);
        QPushButton* go = box.addButton(tr("Apply and Lose the Data"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != go)
            return;
    }
    const QString title = m_design.isNew() ? tr("Create table %1").arg(m_design.name)
                                           : tr("Modify table %1").arg(m_design.originalName);
    ApplyDialog dialog(m_session.path(), {title},
                       ApplyDialog::defaultBackupFolder(m_session.path(), m_projectDir), this,
                       ApplyDialog::Subject::SchemaChange);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyWith(dialog.backupFirst(), dialog.backupFolder(), true);
}

void TableDesigner::applyWith(bool backup, const QString& backupFolder, bool confirmLoss)
{
    auto refuse = [this](const QString& why) {
        m_messages->showMessage(MessageBar::Level::Error,
                                tr("Not applied: %1 Nothing was changed.").arg(why));
        Q_EMIT applyFinished(false);
    };
    if (isBusy())
        return refuse(tr("a change is being applied already."));
    if (!m_planCurrent)
        updateNow();
    if (m_session.isReadOnly())
        return refuse(tr("the database is open read-only (%1).").arg(m_session.readOnlyReason()));
    if (!m_planCurrent)
        return refuse(tr("the SQL is still being generated; try again in a moment."));
    if (!m_planError.isEmpty())
        return refuse(tr("the design is not valid: %1").arg(m_planError));
    if (m_plan.isEmpty())
        return refuse(tr("the design is the table as it is."));
    if (m_plan.needsAttention())
        return refuse(m_plan.blockers.first());
    if (m_plan.losesData && !confirmLoss)
        return refuse(tr("the change loses data and that was not confirmed."));
    if (backup)
        if (const QString why = ApplyDialog::whyNotUsable(backupFolder); !why.isEmpty())
            return refuse(
                tr("the backup cannot be written (%1). Choose another folder or apply without a backup.")
                    .arg(why));
    const SchemaPlan plan = m_plan;
    const Schema plannedFrom = m_session.schema();
    SchemaChangeApplyOptions options;
    if (backup)
        options.backupFolder = backupFolder;
    m_messages->clear();
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancel->show();
    m_applyJob = m_worker->submit<SchemaChangeApplied>(
        this,
        [plan, plannedFrom, options](Connection& c, JobControl& control) {
            return applySchemaPlan(c, plan, plannedFrom, options, &control);
        },
        [this](Result<SchemaChangeApplied> r) {
            m_applyJob = 0;
            m_progress->hide();
            m_cancel->hide();
            if (!r) {
                updateActions();
                m_messages->showMessage(MessageBar::Level::Error, r.error().message());
                Q_EMIT applyFinished(false);
                return;
            }
            onApplied(r->backupPath, r->run.elapsedMs, r->run.statementsRun);
        },
        [this](qint64 done, qint64 total, const QString&) {
            if (total > 0) {
                m_progress->setRange(0, int(total));
                m_progress->setValue(int(done));
            }
        });
    updateActions();
}

void TableDesigner::onApplied(const QString& backupPath, qint64 ms, int statements)
{
    const QString name = m_design.name;
    if (Status s = m_session.reloadSchema(); !s)
        m_messages->showMessage(MessageBar::Level::Warning, s.error().message());
    m_session.notifyDataChanged();
    // The window now modifies the table as it is on disk: a fresh start for undo.
    if (const Table* t = m_session.schema().table(name))
        if (auto d = TableDesign::fromTable(*t); d) {
            m_undo->clear();
            setDesign(d.value());
        }
    QString text = tr("Applied in %1 ms (%2 statements).").arg(ms).arg(statements);
    text += QLatin1Char(' ') +
            (backupPath.isEmpty() ? tr("No backup was taken.")
                                  : tr("Backup taken before: %1").arg(QDir::toNativeSeparators(backupPath)));
    m_messages->showMessage(MessageBar::Level::Info, text);
    updateActions();
    Q_EMIT applyFinished(true);
}

void TableDesigner::cancelApply()
{
    if (m_applyJob)
        m_worker->cancel(m_applyJob);
}

SchemaChangeReview* TableDesigner::review()
{
    if (!m_planCurrent)
        updateNow();
    if (!m_planError.isEmpty() || m_plan.isEmpty())
        return nullptr;
    const QString title = m_design.isNew() ? tr("Create table %1").arg(m_design.name)
                                           : tr("Modify table %1").arg(m_design.originalName);
    SchemaChangeRequest request;
    request.title = title;
    request.target = m_target;
    request.hints = m_design.renameHints();
    request.sourceDescription = tr("the table designer");
    return openSchemaChangeReview(m_session, request, this);
}

void TableDesigner::onSchemaChanged()
{
    m_sql->setSchema(m_session.schema());
    // Applied elsewhere (the review's Apply, or this very design through the SQL editor): the window
    // now modifies the table as it is on disk.
    if (m_planCurrent && m_planError.isEmpty() && !m_plan.isEmpty() &&
        schemaShape(m_session.schema()) == schemaShape(m_target))
        if (const Table* t = m_session.schema().table(m_design.name))
            if (auto d = TableDesign::fromTable(*t); d) {
                m_undo->clear();
                setDesign(d.value());
                return;
            }
    scheduleUpdate();
}

QString TableDesigner::defaultMigrationName() const
{
    QString base = m_design.isNew() ? QStringLiteral("create_%1").arg(m_design.name)
                                    : QStringLiteral("modify_%1").arg(m_design.originalName);
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]+")), QStringLiteral("_"));
    return base.toLower();
}

void TableDesigner::saveAsMigration()
{
    if (m_migrationsDir.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Save as Migration"),
        tr("Name of the migration in %1:").arg(QDir::toNativeSeparators(m_migrationsDir)), QLineEdit::Normal,
        defaultMigrationName(), &ok);
    if (ok)
        saveAsMigrationNamed(name.trimmed());
}

bool TableDesigner::saveAsMigrationNamed(const QString& name)
{
    if (!m_planCurrent)
        updateNow();
    auto refuse = [this](const QString& why) {
        m_messages->showMessage(MessageBar::Level::Error, tr("Not saved: %1").arg(why));
        return false;
    };
    if (m_migrationsDir.isEmpty())
        return refuse(tr("the database does not belong to a Drizzle project."));
    if (!m_planCurrent)
        return refuse(tr("the SQL is still being generated; try again in a moment."));
    if (!m_planError.isEmpty())
        return refuse(tr("the design is not valid: %1").arg(m_planError));
    if (m_plan.isEmpty())
        return refuse(tr("the design is the table as it is; there is nothing to save."));
    if (m_plan.needsAttention())
        return refuse(m_plan.blockers.first());
    auto saved = saveCustomMigration(m_migrationsDir, name, renderDrizzleMigration(m_plan.plan));
    if (!saved)
        return refuse(saved.error().message());
    m_messages->showMessage(
        MessageBar::Level::Info,
        tr("Saved as migration %1 (%2). It is pending: apply it from the Migrations tab; the "
           "database itself was not changed.")
            .arg(saved->tag, QDir::toNativeSeparators(saved->sqlPath)));
    return true;
}

} // namespace sluice::ui
