#include "ApplyDialog.h"

#include "backup/BackupService.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace sluice::ui {

QString ApplyDialog::defaultBackupFolder(const QString& databasePath, const QString& projectDir)
{
    if (!projectDir.isEmpty() && QFileInfo(QDir(projectDir).filePath(QStringLiteral("data"))).isDir())
        return QDir(projectDir).filePath(QStringLiteral("data/backups"));
    return QDir(QFileInfo(databasePath).absolutePath()).filePath(QStringLiteral("backups"));
}

QString ApplyDialog::whyNotUsable(const QString& folder)
{
    if (folder.trimmed().isEmpty())
        return tr("no backup folder chosen");
    // A missing folder is fine when it can be created: check the nearest folder that exists.
    QFileInfo info(folder);
    if (info.exists())
        return BackupService::whyNotWritableFolder(folder);
    QDir up = info.absoluteDir();
    while (!up.exists() && up.cdUp()) {
    }
    const QString why = BackupService::whyNotWritableFolder(up.absolutePath());
    return why.isEmpty() ? QString() : tr("%1 cannot be created: %2").arg(folder, why);
}

ApplyDialog::ApplyDialog(const QString& databasePath, const QStringList& items, const QString& backupFolder,
                         QWidget* parent, Subject subject)
    : QDialog(parent), m_backup(new QCheckBox(tr("&Back up the database first"), this)),
      m_folder(new QLineEdit(QDir::toNativeSeparators(backupFolder), this)), m_problem(new QLabel(this))
{
    setWindowTitle(subject == Subject::Migrations ? tr("Apply Pending Migrations")
                                                  : tr("Apply Schema Change"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxQuestion).pixmap(32, 32));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto* intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    QString list;
    for (const QString& m : items)
        list += QStringLiteral("<li><code>%1</code></li>").arg(m.toHtmlEscaped());
    const QString db = QDir::toNativeSeparators(databasePath).toHtmlEscaped();
    if (subject == Subject::Migrations)
        intro->setText(
            tr("<p>Apply %3 to <b>%1</b>?</p><ul>%2</ul>"
               "<p>They run in one transaction: if any statement fails, or you cancel, the "
               "database stays exactly as it is now.</p>")
                .arg(db, list,
                     items.size() == 1 ? tr("1 migration") : tr("%1 migrations").arg(items.size())));
    else
        intro->setText(tr("<p>Apply this schema change to <b>%1</b>?</p><ul>%2</ul>"
                          "<p>It runs in one transaction: if any statement fails, or you cancel, the "
                          "database stays exactly as it is now.</p>")
                           .arg(db, list));
    header->addWidget(intro, 1);
    layout->addLayout(header);

    m_backup->setChecked(true);
    layout->addWidget(m_backup);
    auto* folderRow = new QHBoxLayout;
    folderRow->setContentsMargins(24, 0, 0, 0);
    folderRow->addWidget(new QLabel(tr("Backup folder:"), this));
    folderRow->addWidget(m_folder, 1);
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose the backup folder"));
    folderRow->addWidget(browse);
    layout->addLayout(folderRow);
    m_problem->setWordWrap(true);
    m_problem->setContentsMargins(24, 0, 0, 0);
    m_problem->setStyleSheet(QStringLiteral("color: #d13b3b;"));
    layout->addWidget(m_problem);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_backup, &QCheckBox::toggled, this, &ApplyDialog::update);
    connect(m_folder, &QLineEdit::textChanged, this, &ApplyDialog::update);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Backup Folder"), this->backupFolder());
        if (!dir.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(dir));
    });
    update();
    setMinimumWidth(520);
}

bool ApplyDialog::backupFirst() const
{
    return m_backup->isChecked();
}

QString ApplyDialog::backupFolder() const
{
    return QDir::fromNativeSeparators(m_folder->text().trimmed());
}

QString ApplyDialog::problem() const
{
    return m_problem->text();
}

void ApplyDialog::update()
{
    m_folder->setEnabled(m_backup->isChecked());
    const QString why = m_backup->isChecked() ? whyNotUsable(backupFolder()) : QString();
    m_problem->setText(why.isEmpty() ? QString()
                                     : tr("The backup cannot be written: %1. Choose another folder or untick "
                                          "the box to apply without a backup.")
                                           .arg(why));
    m_problem->setVisible(!why.isEmpty());
    m_apply->setEnabled(why.isEmpty());
}

} // namespace sluice::ui
