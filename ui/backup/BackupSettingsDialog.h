#pragma once
#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace sluice::ui {

// File ▸ Backup Settings…: the backups folder of one database, and how many backups to keep.
class BackupSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit BackupSettingsDialog(const QString& databasePath, QWidget* parent = nullptr);
    void accept() override; // saves, after checking the folder

    QLineEdit* folderEdit() const { return m_folder; }
    QSpinBox* keepNewestBox() const { return m_keep; }
    QSpinBox* maxAgeBox() const { return m_age; }

private:
    QString m_databasePath;
    QLineEdit* m_folder;
    QSpinBox* m_keep;
    QSpinBox* m_age;
};

} // namespace sluice::ui
