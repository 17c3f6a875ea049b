#include "DesignColumnsModel.h"

#include <QFont>

#include <utility>

namespace sluice::ui {

DesignColumnsModel::DesignColumnsModel(const TableDesign* design, Commit commit, QObject* parent)
    : QAbstractTableModel(parent), m_design(design), m_commit(std::move(commit))
{}

void DesignColumnsModel::reload()
{
    beginResetModel();
    endResetModel();
}

int DesignColumnsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_design->columns.size());
}

int DesignColumnsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

bool DesignColumnsModel::isCheckColumn(int column)
{
    return column == NotNull || column == PrimaryKey || column == AutoIncrement || column == Unique;
}

QVariant DesignColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PrimaryKey:
            return tr("Part of the primary key (several ticked: a composite key, in the order ticked)");
        case AutoIncrement:
            return tr("AUTOINCREMENT: never reuse the id of a deleted row (INTEGER PRIMARY KEY only)");
        case Default:
            return tr("DEFAULT value: 0, 'text', CURRENT_TIMESTAMP, or an expression in parentheses");
        case Generated:
            return tr("GENERATED ALWAYS AS (expression): a computed column");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case NotNull:
        return tr("Not Null");
    case PrimaryKey:
        return tr("PK");
    case AutoIncrement:
        return tr("AI");
    case Unique:
        return tr("Unique");
    case Default:
        return tr("Default");
    case Check:
        return tr("Check");
    case Collation:
        return tr("Collation");
    case Generated:
        return tr("Generated");
    default:
        return {};
    }
}

QVariant DesignColumnsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_design->columns.size())
        return {};
    const DesignColumn& c = m_design->columns[index.row()];
    if (role == Qt::CheckStateRole && isCheckColumn(index.column())) {
        bool on = false;
        switch (index.column()) {
        case NotNull:
            on = c.notNull;
            break;
        case PrimaryKey:
            on = c.pkPosition > 0;
            break;
        case AutoIncrement:
            on = c.autoincrement;
            break;
        case Unique:
            on = c.unique;
            break;
        }
        return on ? Qt::Checked : Qt::Unchecked;
    }
    if (role == Qt::ToolTipRole && index.column() == Name) {
        if (c.originalName.isEmpty())
            return tr("New column");
        if (c.originalName != c.name)
            return tr("Renamed from %1").arg(c.originalName);
        return {};
    }
    if (role == Qt::FontRole && index.column() == Name && c.originalName.isEmpty()) {
        QFont f;
        f.setItalic(true); // a column the design adds
        return f;
    }
    if (role == Qt::DisplayRole && index.column() == PrimaryKey && c.pkPosition > 0 &&
        m_design->primaryKey().size() > 1)
        return QString::number(c.pkPosition);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Name:
        return c.name;
    case Type:
        return c.type;
    case Default:
        return c.defaultSql;
    case Check:
        return c.check;
    case Collation:
        return c.collation;
    case Generated:
        return c.generated.isEmpty()
                   ? QString()
                   : c.generated + (c.generatedStored ? QStringLiteral(" STORED") : QString());
    default:
        return {};
    }
}

Qt::ItemFlags DesignColumnsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (isCheckColumn(index.column()))
        return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

bool DesignColumnsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.row() >= m_design->columns.size())
        return false;
    TableDesign next = *m_design;
    const int row = index.row();
    DesignColumn& c = next.columns[row];
    const QString label = c.name.isEmpty() ? tr("column %1").arg(row + 1) : c.name;
    QString what;
    if (role == Qt::CheckStateRole && isCheckColumn(index.column())) {
        const bool on = value.toInt() == Qt::Checked;
        switch (index.column()) {
        case NotNull:
            c.notNull = on;
            what = on ? tr("Make %1 NOT NULL").arg(label) : tr("Allow NULL in %1").arg(label);
            break;
        case PrimaryKey:
            next.setPrimaryKey(row, on);
            what = on ? tr("Add %1 to the primary key").arg(label)
                      : tr("Remove %1 from the primary key").arg(label);
            break;
        case AutoIncrement:
            c.autoincrement = on;
            if (on && c.pkPosition == 0)
                next.setPrimaryKey(row, true);
            what = tr("AUTOINCREMENT on %1").arg(label);
            break;
        case Unique:
            c.unique = on;
            what = on ? tr("Make %1 unique").arg(label) : tr("Drop UNIQUE of %1").arg(label);
            break;
        }
    } else if (role == Qt::EditRole) {
        const QString text = value.toString().trimmed();
        switch (index.column()) {
        case Name:
            if (text == c.name)
                return false;
            what = tr("Rename %1 to %2").arg(label, text);
            next.renameColumn(row, text);
            break;
        case Type:
            if (text == c.type)
                return false;
            c.type = text;
            what = tr("Change type of %1 to %2").arg(label, text);
            break;
        case Default:
            if (text == c.defaultSql)
                return false;
            c.defaultSql = text;
            what = tr("Change default of %1").arg(label);
            break;
        case Check:
            if (text == c.check)
                return false;
            c.check = text;
            what = tr("Change CHECK of %1").arg(label);
            break;
        case Collation:
            if (text == c.collation)
                return false;
            c.collation = text;
            what = tr("Change collation of %1").arg(label);
            break;
        case Generated: {
            QString expr = text;
            const bool stored = expr.endsWith(QLatin1String(" STORED"), Qt::CaseInsensitive);
            if (stored)
                expr.chop(7);
            if (expr.endsWith(QLatin1String(" VIRTUAL"), Qt::CaseInsensitive))
                expr.chop(8);
            c.generated = expr.trimmed();
            c.generatedStored = stored;
            what = tr("Change generated expression of %1").arg(label);
            break;
        }
        default:
            return false;
        }
    } else {
        return false;
    }
    m_commit(next, what);
    return true;
}

} // namespace sluice::ui
