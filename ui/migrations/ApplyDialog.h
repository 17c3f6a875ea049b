#pragma once
// "Apply pending migrations?": names the database, the migrations and where the pre-migration
// backup goes; "Back up the database first" is on by default, and while the folder cannot take
// a backup the Apply button stays disabled unless the box is unticked.
#include <QDialog>
#include <QStringList>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sluice::ui {

class ApplyDialog : public QDialog
{
    Q_OBJECT
public:
    // What is applied: pending migrations (named in `items`), or one generated schema change (the
    // review's or the table designer's; `items` holds its title).
    enum class Subject { Migrations, SchemaChange };
    ApplyDialog(const QString& databasePath, const QStringList& items, const QString& backupFolder,
                QWidget* parent = nullptr, Subject subject = Subject::Migrations);

    bool backupFirst() const;
    QString backupFolder() const;
    QCheckBox* backupCheckBox() const { return m_backup; }
    QPushButton* applyButton() const { return m_apply; }
    QString problem() const; // why Apply is disabled ("" when it is not)

    // The default folder for pre-migration backups: <project>/data/backups when the project has a
    // data folder, else <db folder>/backups.
    static QString defaultBackupFolder(const QString& databasePath, const QString& projectDir);
    // Why `folder` cannot take a backup ("" when it can, creating it if missing is possible).
    static QString whyNotUsable(const QString& folder);

private:
    void update();

    QCheckBox* m_backup;
    QLineEdit* m_folder;
    QLabel* m_problem;
    QPushButton* m_apply;
};

} // namespace sluice::ui
