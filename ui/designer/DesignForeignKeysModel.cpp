#include "DesignForeignKeysModel.h"

#include <utility>

namespace sluice::ui {

QStringList splitNameList(const QString& text)
{
    QStringList out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

QString joinNameList(const QStringList& names)
{
    return names.join(QStringLiteral(", "));
}

DesignForeignKeysModel::DesignForeignKeysModel(const TableDesign* design, Commit commit, QObject* parent)
    : QAbstractTableModel(parent), m_design(design), m_commit(std::move(commit))
{}

void DesignForeignKeysModel::reload()
{
    beginResetModel();
    endResetModel();
}

QStringList DesignForeignKeysModel::actions()
{
    return {QStringLiteral("NO ACTION"), QStringLiteral("RESTRICT"), QStringLiteral("CASCADE"),
            QStringLiteral("SET NULL"), QStringLiteral("SET DEFAULT")};
}

int DesignForeignKeysModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_design->foreignKeys.size());
}

int DesignForeignKeysModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant DesignForeignKeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Columns:
        return tr("Columns");
    case ParentTable:
        return tr("Parent Table");
    case ParentColumns:
        return tr("Parent Columns");
    case OnDelete:
        return tr("On Delete");
    case OnUpdate:
        return tr("On Update");
    default:
        return {};
    }
}

QVariant DesignForeignKeysModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_design->foreignKeys.size())
        return {};
    const DesignForeignKey& fk = m_design->foreignKeys[index.row()];
    if (role == Qt::ToolTipRole && index.column() == ParentColumns && fk.parentColumns.isEmpty())
        return tr("Empty: the parent table's primary key");
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Columns:
        return joinNameList(fk.columns);
    case ParentTable:
        return fk.parentTable;
    case ParentColumns:
        return joinNameList(fk.parentColumns);
    case OnDelete:
        return fk.onDelete;
    case OnUpdate:
        return fk.onUpdate;
    default:
        return {};
    }
}

Qt::ItemFlags DesignForeignKeysModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable : Qt::NoItemFlags;
}

bool DesignForeignKeysModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.row() >= m_design->foreignKeys.size())
        return false;
    TableDesign next = *m_design;
    DesignForeignKey& fk = next.foreignKeys[index.row()];
    const QString text = value.toString().trimmed();
    switch (index.column()) {
    case Columns:
        fk.columns = splitNameList(text);
        break;
    case ParentTable:
        fk.parentTable = text;
        break;
    case ParentColumns:
        fk.parentColumns = splitNameList(text);
        break;
    case OnDelete:
        fk.onDelete = text.toUpper();
        break;
    case OnUpdate:
        fk.onUpdate = text.toUpper();
        break;
    default:
        return false;
    }
    if (data(index, Qt::EditRole).toString() == text)
        return false;
    m_commit(next, tr("Edit foreign key %1").arg(index.row() + 1));
    return true;
}

} // namespace sluice::ui
