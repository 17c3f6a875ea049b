#include "DatabaseWorkspace.h"

#include "DatabaseSession.h"
#include "designer/TableDesigner.h"
#include "grid/TableGridView.h"
#include "migrations/MigrationsPanel.h"
#include "schema/DdlView.h"
#include "schema/SchemaTreeModel.h"
#include "sql/SqlEditorTab.h"

#include <QCryptographicHash>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace sluice::ui {

// A path is no good as a QSettings key ('/' nests groups): settings per database are keyed by a
// stable digest of its path (qHash is seeded per process, so it would not survive a restart).
static QString pathDigest(const QString& path)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}

static QString sqlTextKey(const QString& path)
{
    return QStringLiteral("sqlEditor/") + pathDigest(path);
}

DatabaseWorkspace::DatabaseWorkspace(DatabaseSession& session, QWidget* parent)
    : QWidget(parent), m_session(session), m_model(new SchemaTreeModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_filter(new QLineEdit(this)), m_tree(new QTreeView(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_tabs(new QTabWidget(this)),
      m_grid(new TableGridView(session, this)), m_ddl(new DdlView(this)),
      m_sql(new SqlEditorTab(session, this)), m_migrations(new MigrationsPanel(session, this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(0);

    m_filter->setPlaceholderText(tr("Filter tables, views, columns…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setAccessibleName(tr("Schema"));
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &DatabaseWorkspace::showTreeMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_tree);

    m_tabs->addTab(m_grid, tr("&Data"));
    m_tabs->addTab(m_ddl, tr("S&chema"));
    m_tabs->addTab(m_sql, tr("S&QL"));
    m_tabs->addTab(m_migrations, tr("Mi&grations"));
    m_tabs->setDocumentMode(true);

    m_splitter->addWidget(left);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({280, 900});
    m_splitter->restoreState(QSettings().value(QStringLiteral("workspace/splitter")).toByteArray());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_sql->setText(QSettings().value(sqlTextKey(m_session.path())).toString());

    connect(m_grid, &TableGridView::openRowRequested, this,
            [this](const QString& table, const QString& column, const QVariant& value) {
                openTableFiltered(table, column, value);
            });
    connect(m_grid, &TableGridView::openRowsRequested, this, &DatabaseWorkspace::openTableMatching);

    m_model->setSession(&m_session);
    m_tree->expand(m_proxy->index(0, 0));
    connect(&m_session, &DatabaseSession::schemaChanged, this, [this] {
        m_tree->expand(m_proxy->index(0, 0));
        if (!m_current.isEmpty() && !selectObject(m_current)) {
            m_grid->clear();
            m_ddl->clear();
            m_current.clear();
        }
    });
}

QString DatabaseWorkspace::lastObjectKey(const QString& path)
{
    return QStringLiteral("lastObject/") + pathDigest(path);
}

QString DatabaseWorkspace::rememberedObject(const QString& path)
{
    return QSettings().value(lastObjectKey(path)).toString();
}

DatabaseWorkspace::~DatabaseWorkspace()
{
    saveState();
}

void DatabaseWorkspace::saveState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("workspace/splitter"), m_splitter->saveState());
    // The SQL editor's text is kept per database, like an unsaved scratch buffer.
    const QString text = m_sql->text();
    if (text.trimmed().isEmpty())
        settings.remove(sqlTextKey(m_session.path()));
    else
        settings.setValue(sqlTextKey(m_session.path()), text);
}

bool DatabaseWorkspace::selectObject(const QString& name)
{
    const QModelIndex source = m_model->indexOfObject(name);
    if (!source.isValid())
        return false;
    const QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid())
        return false;
    if (name != m_current && !m_current.isEmpty() && !m_grid->confirmDropEdits())
        return false; // stays on the table with pending edits
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    showObject(name);
    return true;
}

void DatabaseWorkspace::onCurrentChanged(const QModelIndex& index)
{
    const QString name = index.data(SchemaTreeModel::ObjectNameRole).toString();
    if (!name.isEmpty())
        showObject(name);
}

void DatabaseWorkspace::showObject(const QString& name)
{
    const Schema& schema = m_session.schema();
    const bool browsable = schema.table(name) || schema.view(name);
    if (name == m_current)
        return;
    // Staged edits belong to the table shown: leaving it asks first; staying puts the tree back.
    if (!m_current.isEmpty() && !m_grid->confirmDropEdits()) {
        QTimer::singleShot(0, this, [this] {
            const QModelIndex back = m_proxy->mapFromSource(m_model->indexOfObject(m_current));
            if (back.isValid()) {
                const QSignalBlocker blocker(m_tree->selectionModel());
                m_tree->setCurrentIndex(back);
            }
        });
        return;
    }
    m_current = name;
    QSettings().setValue(lastObjectKey(m_session.path()), name);
    m_ddl->showObject(schema, name);
    if (browsable) {
        m_grid->showTable(name);
    } else {
        m_grid->clear();
        // Indexes and triggers have no rows: their DDL is what there is to see.
        if (m_tabs->currentWidget() == m_grid)
            m_tabs->setCurrentWidget(m_ddl);
    }
}

void DatabaseWorkspace::showTreeMenu(const QPoint& pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    const QString name = index.data(SchemaTreeModel::ObjectNameRole).toString();
    const auto kind = index.data(SchemaTreeModel::ObjectKindRole).value<SchemaTreeModel::Kind>();
    QMenu menu(this);
    // A column row carries its table's name: modifying it is modifying the table.
    if (!name.isEmpty() && (kind == SchemaTreeModel::Kind::Table || kind == SchemaTreeModel::Kind::Column) &&
        m_session.schema().table(name))
        menu.addAction(tr("&Modify Table %1…").arg(name), this, [this, name] { openTableDesigner(name); });
    menu.addAction(tr("&Create Table…"), this, [this] { openTableDesigner(); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

TableDesigner* DatabaseWorkspace::openTableDesigner(const QString& table)
{
    if (!table.isEmpty())
        for (TableDesigner* open : findChildren<TableDesigner*>())
            if (open->design().originalName.compare(table, Qt::CaseInsensitive) == 0) {
                open->raise();
                open->activateWindow();
                return open;
            }
    auto* designer = new TableDesigner(m_session, table, this);
    designer->setAttribute(Qt::WA_DeleteOnClose);
    designer->show();
    return designer;
}

bool DatabaseWorkspace::openTableFiltered(const QString& table, const QString& column, const QVariant& value)
{
    const Schema& schema = m_session.schema();
    if (!schema.table(table) && !schema.view(table))
        return false;
    if (!selectObject(table) && m_grid->currentTable().compare(table, Qt::CaseInsensitive) != 0)
        return false; // the person chose to stay with pending edits
    showDataTab();
    return m_grid->showRowsWhere(column, value);
}

bool DatabaseWorkspace::openTableMatching(const QString& table, const QStringList& columns,
                                          const QVariantList& values)
{
    const Schema& schema = m_session.schema();
    if (!schema.table(table) && !schema.view(table))
        return false;
    if (!selectObject(table) && m_grid->currentTable().compare(table, Qt::CaseInsensitive) != 0)
        return false; // the person chose to stay with pending edits
    showDataTab();
    return m_grid->showRowsMatching(columns, values);
}

void DatabaseWorkspace::showDataTab()
{
    m_tabs->setCurrentWidget(m_grid);
}

void DatabaseWorkspace::showDdlTab()
{
    m_tabs->setCurrentWidget(m_ddl);
}

void DatabaseWorkspace::showSqlTab()
{
    m_tabs->setCurrentWidget(m_sql);
}

void DatabaseWorkspace::showMigrationsTab()
{
    m_tabs->setCurrentWidget(m_migrations);
}

} // namespace sluice::ui
