#include "DesignIndexesModel.h"

#include "DesignForeignKeysModel.h"

#include <algorithm>
#include <utility>

namespace sluice::ui {

DesignIndexesModel::DesignIndexesModel(const TableDesign* design, Commit commit, QObject* parent)
    : QAbstractTableModel(parent), m_design(design), m_commit(std::move(commit))
{}

void DesignIndexesModel::reload()
{
    beginResetModel();
    endResetModel();
}

int DesignIndexesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_design->indexes.size());
}

int DesignIndexesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant DesignIndexesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Unique:
        return tr("Unique");
    case Columns:
        return tr("Columns");
    case Where:
        return tr("Where (partial index)");
    default:
        return {};
    }
}

QVariant DesignIndexesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_design->indexes.size())
        return {};
    const DesignIndex& ix = m_design->indexes[index.row()];
    if (index.column() == Unique)
        return role == Qt::CheckStateRole ? QVariant(ix.unique ? Qt::Checked : Qt::Unchecked) : QVariant();
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Name:
        return ix.name;
    case Columns:
        return joinNameList(ix.columnNames());
    case Where:
        return ix.where;
    default:
        return {};
    }
}

Qt::ItemFlags DesignIndexesModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.column() == Unique)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    // An expression index's terms are SQL text, not a column list: keep them as they are.
    const DesignIndex& ix = m_design->indexes.value(index.row());
    const bool expression =
        std::any_of(ix.terms.begin(), ix.terms.end(), [](const DesignIndexTerm& t) { return t.expression; });
    if (index.column() == Columns && expression)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

bool DesignIndexesModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.row() >= m_design->indexes.size())
        return false;
    TableDesign next = *m_design;
    DesignIndex& ix = next.indexes[index.row()];
    const QString label = ix.name;
    if (index.column() == Unique && role == Qt::CheckStateRole) {
        ix.unique = value.toInt() == Qt::Checked;
    } else if (role == Qt::EditRole) {
        const QString text = value.toString().trimmed();
        if (data(index, Qt::EditRole).toString() == text)
            return false;
        switch (index.column()) {
        case Name:
            ix.name = text;
            break;
        case Columns:
            ix.setColumnNames(splitNameList(text));
            break;
        case Where:
            ix.where = text;
            break;
        default:
            return false;
        }
    } else {
        return false;
    }
    m_commit(next, tr("Edit index %1").arg(label));
    return true;
}

} // namespace sluice::ui
