#include "BackupsPanel.h"

#include "BackupController.h"
#include "DatabaseSession.h"

#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {
enum Column { Time, Size, Migration, Verified, Format, File, ColumnCount };
}

BackupsPanel::BackupsPanel(BackupController& controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_folder(new QLabel(this)), m_list(new QTreeWidget(this)),
      m_backup(new QPushButton(tr("Back Up Now"), this)), m_restore(new QPushButton(tr("Restore…"), this))
{
    setAcceptDrops(true);
    m_folder->setWordWrap(true);
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folder->setForegroundRole(QPalette::PlaceholderText);

    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels(
        {tr("Taken"), tr("Size"), tr("Migration"), tr("Verified"), tr("Format"), tr("File")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setStretchLastSection(true);
    m_list->setToolTip(tr("Double-click a backup to restore it; drop a backup file here to restore that"));
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &BackupsPanel::updateButtons);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &BackupsPanel::restoreSelected);

    m_backup->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_restore->setToolTip(
        tr("Replace the open database with the selected backup (a safety backup is taken first)"));
    auto* reload = new QToolButton(this);
    reload->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    reload->setToolTip(tr("List the backups again"));
    reload->setAutoRaise(true);
    auto* open = new QToolButton(this);
    open->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    open->setToolTip(tr("Show the backups folder"));
    open->setAutoRaise(true);
    auto* settings = new QToolButton(this);
    settings->setText(tr("Settings…"));
    settings->setToolTip(tr("Backups folder and how many backups to keep"));
    settings->setAutoRaise(true);
    connect(m_backup, &QPushButton::clicked, &m_controller, &BackupController::backupNow);
    connect(m_restore, &QPushButton::clicked, this, &BackupsPanel::restoreSelected);
    connect(reload, &QToolButton::clicked, this, &BackupsPanel::refresh);
    connect(open, &QToolButton::clicked, this, [this] {
        const QString folder = m_controller.backupFolder();
        if (!folder.isEmpty() && QDir().mkpath(folder))
            QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    });
    connect(settings, &QToolButton::clicked, &m_controller, &BackupController::editSettings);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_backup);
    buttons->addWidget(m_restore);
    buttons->addStretch(1);
    buttons->addWidget(settings);
    buttons->addWidget(open);
    buttons->addWidget(reload);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(buttons);
    layout->addWidget(m_folder);
    layout->addWidget(m_list, 1);

    connect(&m_controller, &BackupController::backupsChanged, this, &BackupsPanel::refresh);
    connect(&m_controller, &BackupController::busyChanged, this, &BackupsPanel::updateButtons);
    refresh();
}

void BackupsPanel::refresh()
{
    m_list->clear();
    m_entries.clear();
    const QString folder = m_controller.backupFolder();
    if (folder.isEmpty()) {
        m_folder->setText(tr("Open a database to see its backups."));
        updateButtons();
        return;
    }
    m_entries = listBackupFiles(folder);
    m_folder->setText(
        m_entries.isEmpty()
            ? tr("No backups yet in %1. Back Up Now writes one there.").arg(QDir::toNativeSeparators(folder))
            : tr("%n backup(s) in %1", nullptr, int(m_entries.size())).arg(QDir::toNativeSeparators(folder)));
    const QLocale locale;
    for (const BackupEntry& e : m_entries) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(Time, locale.toString(e.created.toLocalTime(), QLocale::ShortFormat));
        item->setToolTip(Time, e.created.toString(Qt::ISODate));
        item->setText(Size, locale.formattedDataSize(e.size));
        item->setTextAlignment(Size, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(Migration, e.migrationTag.isEmpty() ? tr("—") : e.migrationTag);
        item->setText(Verified, e.verified ? tr("Verified") : tr("Not verified"));
        item->setIcon(Verified, style()->standardIcon(e.verified ? QStyle::SP_DialogApplyButton
                                                                 : QStyle::SP_MessageBoxQuestion));
        item->setToolTip(Verified, e.verified ? tr("Checked when written; details in %1").arg(e.sidecarPath)
                                              : tr("No sidecar file vouches for this backup"));
        item->setText(Format, e.format);
        item->setText(File, QFileInfo(e.path).fileName());
        item->setToolTip(File, QDir::toNativeSeparators(e.path));
    }
    for (int c = 0; c < File; ++c)
        m_list->resizeColumnToContents(c);
    if (!m_entries.isEmpty())
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void BackupsPanel::restoreSelected()
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (row < 0 || row >= m_entries.size())
        return;
    m_controller.restore(m_entries.at(row));
}

void BackupsPanel::updateButtons()
{
    const bool open = m_controller.session() != nullptr;
    const bool busy = m_controller.isBusy();
    m_backup->setEnabled(open && !busy);
    m_restore->setEnabled(open && !busy && m_list->currentItem() != nullptr &&
                          !m_controller.session()->isReadOnly());
}

void BackupsPanel::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (m_controller.session() && mime->hasUrls() && mime->urls().size() == 1 &&
        mime->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void BackupsPanel::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    m_controller.restore(describeBackupFile(urls.first().toLocalFile()));
}

} // namespace sluice::ui
