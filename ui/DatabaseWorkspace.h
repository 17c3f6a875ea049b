#pragma once
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace sluice::ui {

class DatabaseSession;
class DdlView;
class MigrationsPanel;
class SchemaTreeModel;
class SqlEditorTab;
class TableDesigner;
class TableGridView;

// Everything shown for one open database: the schema tree on the left; on the right the selected
// object's rows, its DDL, and the SQL editor.
class DatabaseWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit DatabaseWorkspace(DatabaseSession& session, QWidget* parent = nullptr);
    ~DatabaseWorkspace() override;

    // Selects a table, view, index or trigger in the tree and shows it.
    bool selectObject(const QString& name);
    QString currentObject() const { return m_current; }

    void showDataTab();
    void showDdlTab();
    void showSqlTab();
    void showMigrationsTab();

    // Shows `table` in the Data tab filtered to the rows where `column` = `value` (a NULL value shows
    // the rows where it is NULL). `column` may be "rowid" (or _rowid_/oid): a table whose rowid has no
    // column alias is then shown unfiltered with that row selected. False when there is no such table
    // or column (the grid's status says which).
    bool openTableFiltered(const QString& table, const QString& column, const QVariant& value);
    // The same with several columns, all of which must match (composite keys, "Referenced by").
    bool openTableMatching(const QString& table, const QStringList& columns, const QVariantList& values);

    // Opens the table designer on `table` (empty: a new table) in a window of its own; a designer
    // already open on that table is raised instead.
    TableDesigner* openTableDesigner(const QString& table = {});

    QTreeView* tree() const { return m_tree; }
    SchemaTreeModel* treeModel() const { return m_model; }
    TableGridView* grid() const { return m_grid; }
    DdlView* ddl() const { return m_ddl; }
    SqlEditorTab* sqlEditor() const { return m_sql; }
    MigrationsPanel* migrations() const { return m_migrations; }
    QTabWidget* tabs() const { return m_tabs; }

    void saveState() const;
    // The object last shown for a database file (remembered across runs), empty when none.
    static QString rememberedObject(const QString& path);

private:
    static QString lastObjectKey(const QString& path);
    void onCurrentChanged(const QModelIndex& index);
    void showObject(const QString& name);
    void showTreeMenu(const QPoint& pos);

    DatabaseSession& m_session;
    SchemaTreeModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTreeView* m_tree;
    QSplitter* m_splitter;
    QTabWidget* m_tabs;
    TableGridView* m_grid;
    DdlView* m_ddl;
    SqlEditorTab* m_sql;
    MigrationsPanel* m_migrations;
    QString m_current;
};

} // namespace sluice::ui
