#pragma once
#include "BackupEntry.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace sluice::ui {

class BackupController;

// The Backups dock: the backups of the open database (time, size, migration, verified, format),
// Restore for the selected one, and a backup file dropped here is offered for restore too.
class BackupsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BackupsPanel(BackupController& controller, QWidget* parent = nullptr);

    void refresh();
    QTreeWidget* list() const { return m_list; }
    QPushButton* restoreButton() const { return m_restore; }
    const QList<BackupEntry>& entries() const { return m_entries; }
    void restoreSelected();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void updateButtons();

    BackupController& m_controller;
    QLabel* m_folder;
    QTreeWidget* m_list;
    QPushButton* m_backup;
    QPushButton* m_restore;
    QList<BackupEntry> m_entries;
};

} // namespace sluice::ui
