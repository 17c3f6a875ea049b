#include "MigrationStatusModel.h"

#include "MigrationStateStyle.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace sluice::ui {

MigrationStatusModel::MigrationStatusModel(QObject* parent) : QAbstractListModel(parent) {}

void MigrationStatusModel::setStatus(const MigrationStatus& status)
{
    beginResetModel();
    m_status = status;
    endResetModel();
}

int MigrationStatusModel::itemAt(int row) const
{
    if (hasAllPendingRow())
        return row == 0 ? -1 : row - 1;
    return row;
}

QModelIndex MigrationStatusModel::indexOfItem(int item) const
{
    if (item < 0)
        return hasAllPendingRow() ? index(0) : QModelIndex();
    if (item >= m_status.items.size())
        return {};
    return index(hasAllPendingRow() ? item + 1 : item);
}

QModelIndex MigrationStatusModel::indexOfName(const QString& name) const
{
    for (int i = 0; i < m_status.items.size(); ++i)
        if (m_status.items.at(i).name == name)
            return indexOfItem(i);
    return {};
}

int MigrationStatusModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_status.items.size()) + (hasAllPendingRow() ? 1 : 0);
}

QVariant MigrationStatusModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int item = itemAt(index.row());
    if (item < 0) {
        const int n = m_status.count(MigrationState::Pending);
        switch (role) {
        case Qt::DisplayRole:
            return tr("All pending (%1)").arg(n);
        case Qt::DecorationRole:
            return migrationStateIcon(MigrationState::Pending);
        case Qt::ToolTipRole:
            return tr("The %1 pending migrations together, in the order they would run.").arg(n);
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case ItemIndexRole:
        case StateRole:
            return -1;
        default:
            return {};
        }
    }
    const MigrationStatusItem& i = m_status.items.at(item);
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = i.name.isEmpty() ? tr("(row %1, no name)").arg(i.rowid) : i.name;
        return QStringLiteral("%1\n%2").arg(name, migrationStateLabel(i.state));
    }
    case Qt::DecorationRole:
        return migrationStateIcon(i.state);
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b> — %2<br>%3")
                          .arg(i.name.toHtmlEscaped(), migrationStateLabel(i.state).toHtmlEscaped(),
                               migrationStateExplanation(i.state).toHtmlEscaped());
        if (!i.detail.isEmpty())
            tip += QStringLiteral("<br><i>%1</i>").arg(i.detail.toHtmlEscaped());
        if (i.createdAt > 0)
            tip += QStringLiteral("<br>%1").arg(
                tr("Created %1")
                    .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(i.createdAt),
                                            QLocale::ShortFormat)));
        if (i.chunks > 0)
            tip += QStringLiteral("<br>%1").arg(
                (i.chunks == 1 ? tr("1 statement chunk") : tr("%1 statement chunks").arg(i.chunks)));
        return tip;
    }
    case Qt::ForegroundRole:
        return migrationStateIsProblem(i.state) ? QVariant(migrationStateColor(i.state)) : QVariant();
    case ItemIndexRole:
        return item;
    case StateRole:
        return int(i.state);
    default:
        return {};
    }
}

} // namespace sluice::ui
