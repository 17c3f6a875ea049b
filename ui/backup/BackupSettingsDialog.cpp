#include "BackupSettingsDialog.h"

#include "BackupSettings.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>

namespace sluice::ui {

BackupSettingsDialog::BackupSettingsDialog(const QString& databasePath, QWidget* parent)
    : QDialog(parent), m_databasePath(databasePath), m_folder(new QLineEdit(this)),
      m_keep(new QSpinBox(this)), m_age(new QSpinBox(this))
{
    setWindowTitle(tr("Backup Settings"));
    const BackupSettings settings = BackupSettings::load(databasePath);
    const QString defaultFolder = BackupSettings::defaultFolder(databasePath);

    m_folder->setText(QDir::toNativeSeparators(settings.folder));
    m_folder->setPlaceholderText(QDir::toNativeSeparators(defaultFolder));
    m_folder->setClearButtonEnabled(true);
    m_folder->setToolTip(
        tr("Leave empty for the default folder: %1").arg(QDir::toNativeSeparators(defaultFolder)));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this, defaultFolder] {
        const QString start =
            m_folder->text().isEmpty() ? defaultFolder : QDir::fromNativeSeparators(m_folder->text());
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Backups Folder"), start);
        if (!dir.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(dir));
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    m_keep->setRange(0, 100000);
    m_keep->setSpecialValueText(tr("All"));
    m_keep->setValue(settings.keepNewest);
    m_keep->setToolTip(tr("After each backup, delete all but the newest N backups of this database"));
    m_age->setRange(0, 36500);
    m_age->setSpecialValueText(tr("Forever"));
    m_age->setSuffix(tr(" days"));
    m_age->setValue(settings.maxAgeDays);
    m_age->setToolTip(tr("After each backup, delete the backups older than this"));

    auto* form = new QFormLayout;
    form->addRow(tr("Backups &folder:"), folderRow);
    form->addRow(tr("&Keep newest:"), m_keep);
    form->addRow(tr("Keep for &at most:"), m_age);
    auto* note = new QLabel(tr("For %1. The newest verified backup is never deleted.")
                                .arg(QDir::toNativeSeparators(QFileInfo(databasePath).fileName())),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &BackupSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BackupSettingsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

void BackupSettingsDialog::accept()
{
    BackupSettings settings;
    settings.folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    if (!settings.folder.isEmpty() && QFileInfo(settings.folder).isRelative()) {
        QMessageBox::warning(this, windowTitle(),
                             tr("The backups folder must be an absolute path: %1").arg(m_folder->text()));
        return;
    }
    if (!settings.folder.isEmpty() && QFileInfo(settings.folder).exists() &&
        !QFileInfo(settings.folder).isDir()) {
        QMessageBox::warning(this, windowTitle(), tr("%1 is a file, not a folder.").arg(m_folder->text()));
        return;
    }
    settings.keepNewest = m_keep->value();
    settings.maxAgeDays = m_age->value();
    settings.save(m_databasePath);
    QDialog::accept();
}

} // namespace sluice::ui
