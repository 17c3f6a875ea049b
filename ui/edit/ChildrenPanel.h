#pragma once
// "Referenced by": for the grid's current row, the rows of other tables (and of its own) whose
// foreign keys point at it, grouped by child table and key, each with its count. The counts are
// read on a worker (a child table without an index on its key is a scan); a newer row cancels the
// older count. Activating an entry asks to open that table filtered to the referencing rows.
#include "edit/Relations.h"
#include "edit/RowLocator.h"
#include "worker/DbWorker.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace sluice::ui {

class DatabaseSession;

class ChildrenPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChildrenPanel(DatabaseSession& session, QWidget* parent = nullptr);
    ~ChildrenPanel() override;

    // Counts the rows referencing this row of `table` (a worker job; the list fills when done).
    void showRow(const QString& table, const RowIdentity& row);
    // Empties the list and says why (no row selected, a view, a new row …).
    void clear(const QString& why);
    bool isBusy() const { return m_job != 0; }
    // What the last finished count found (also what the list shows), in schema order.
    const QList<ChildReference>& references() const { return m_references; }
    QString message() const;
    QTreeWidget* tree() const { return m_tree; }
    // Opens the i-th reference (as double-clicking its line does).
    void openReference(int i);

Q_SIGNALS:
    void openRequested(const QString& table, const QStringList& columns, const QVariantList& values);
    // A count finished (or failed: message() says why).
    void referencesShown();

private:
    void fill();
    void onActivated(QTreeWidgetItem* item);

    DatabaseSession& m_session;
    QLabel* m_message = nullptr;
    QTreeWidget* m_tree = nullptr;
    std::unique_ptr<DbWorker> m_worker;
    JobId m_job = 0;
    quint64 m_generation = 0;
    QList<ChildReference> m_references;
};

} // namespace sluice::ui
