#include "WelcomePage.h"

#include "RecentFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace sluice::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent), m_recent(new QListWidget(this))
{
    auto* title =
        new QLabel(tr("<h2>Sluice</h2><p>Open an SQLite database to browse its tables, schema and rows "
                      "— or drop a file on this window.</p>"),
                   this);
    title->setWordWrap(true);
    auto* open = new QPushButton(tr("Open Database…"), this);
    open->setDefault(true);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    auto* recentLabel = new QLabel(tr("Recent databases:"), this);
    m_recent->setAccessibleName(tr("Recent databases"));
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT openFileRequested(item->data(Qt::UserRole).toString()); });

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(open, 0, Qt::AlignLeft);
    column->addSpacing(12);
    column->addWidget(recentLabel);
    column->addWidget(m_recent, 1);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 2);
    outer->addStretch(1);
    refresh();
}

void WelcomePage::refresh()
{
    m_recent->clear();
    for (const QString& path : RecentFiles::list()) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(),
                                          QDir::toNativeSeparators(QFileInfo(path).path())),
            m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        if (!QFileInfo::exists(path))
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    }
}

} // namespace sluice::ui
