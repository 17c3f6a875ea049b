#pragma once
// The status list: one row per migration (and orphan row) of a MigrationStatus, preceded by an
// "All pending" row when something is pending, so the Review can show them together.
#include "drizzle/MigrationStatus.h"

#include <QAbstractListModel>

namespace sluice::ui {

class MigrationStatusModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        ItemIndexRole = Qt::UserRole + 1, // index into MigrationStatus::items; -1 for "All pending"
        StateRole,                        // MigrationState as int (-1 for "All pending")
    };

    explicit MigrationStatusModel(QObject* parent = nullptr);

    void setStatus(const MigrationStatus& status);
    const MigrationStatus& status() const { return m_status; }
    bool hasAllPendingRow() const { return m_status.count(MigrationState::Pending) > 1; }

    QModelIndex indexOfItem(int item) const; // -1: the "All pending" row
    QModelIndex indexOfName(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    int itemAt(int row) const; // -1 for "All pending"
    MigrationStatus m_status;
};

} // namespace sluice::ui
