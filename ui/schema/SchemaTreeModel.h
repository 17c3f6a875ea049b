#pragma once
#include "core/DbError.h"
#include "schema/Schema.h"

#include <QHash>
#include <QStandardItemModel>

namespace sluice::ui {

class DatabaseSession;

// The schema as a tree: Tables (with their columns), Views, Indexes, Triggers. Row counts are
// filled in from a worker, one table at a time, so a ten-million-row table never holds up the tree.
class SchemaTreeModel : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role { ObjectNameRole = Qt::UserRole + 1, ObjectKindRole, RowCountRole };
    enum class Kind { Group, Table, View, Index, Trigger, Column };
    Q_ENUM(Kind)

    explicit SchemaTreeModel(QObject* parent = nullptr);
    ~SchemaTreeModel() override;

    // Shows `session`'s schema (nullptr clears) and starts counting rows.
    void setSession(DatabaseSession* session);
    void rebuild();

    QModelIndex indexOfObject(const QString& name) const;
    // Row count of a table once known (-1 while counting, -2 when counting failed).
    qint64 tableRowCount(const QString& table) const { return m_counts.value(table, -1); }
    bool countsPending() const { return m_pendingCounts > 0; }

Q_SIGNALS:
    void rowCountKnown(const QString& table, qint64 count);

private:
    void countRows();
    void onCountReady(const QString& table, qint64 count);
    void onCountFailed(const QString& table, const DbError& error);
    QStandardItem* group(const QString& title, int count);

    DatabaseSession* m_session = nullptr;
    QHash<QString, qint64> m_counts;
    QHash<QString, QStandardItem*> m_countItems;
    int m_pendingCounts = 0;
};

} // namespace sluice::ui
