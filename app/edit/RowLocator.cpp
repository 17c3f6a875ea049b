#include "RowLocator.h"

#include "ViewEditing.h"
#include "core/Identifiers.h"

namespace sluice {

RowIdentity RowIdentity::fromLocator(const QVariantList& locator)
{
    RowIdentity r;
    for (const QVariant& v : locator)
        r.key << SqlValue::fromVariant(v);
    return r;
}

Result<RowLocator> RowLocator::forTable(const Table& table)
{
    const QString op = QStringLiteral("Editing rows of %1").arg(table.name);
    if (table.isVirtual)
        return DbError::plain(
            op, QStringLiteral("%1 is a virtual table; its rows cannot be edited here").arg(table.name),
            QStringLiteral("Change it through the module that provides it."));
    RowLocator l;
    l.table = table.name;
    if (isViewTable(table)) {
        l.byRowid = false;
        l.byAllColumns = true;
        for (const Column& c : table.columns) {
            l.sqlTerms << quoteIdentifier(c.name);
            l.labels << c.name;
        }
        if (l.sqlTerms.isEmpty())
            return DbError::plain(op, QStringLiteral("the view %1 has no columns").arg(table.name));
        return l;
    }
    if (table.withoutRowid) {
        l.byRowid = false;
        for (const QString& pk : table.primaryKey()) {
            l.sqlTerms << quoteIdentifier(pk);
            l.labels << pk;
        }
        if (l.sqlTerms.isEmpty())
            return DbError::plain(
                op, QStringLiteral("the WITHOUT ROWID table %1 has no primary key").arg(table.name));
        return l;
    }
    if (const std::optional<QString> alias = table.rowidAlias()) {
        l.sqlTerms << quoteIdentifier(*alias);
        l.labels << *alias;
        return l;
    }
    for (const char* candidate : {"rowid", "_rowid_", "oid"}) {
        if (!table.column(QLatin1String(candidate))) {
            l.sqlTerms << QLatin1String(candidate);
            l.labels << QLatin1String(candidate);
            return l;
        }
    }
    return DbError::plain(
        op,
        QStringLiteral("the columns of %1 are named rowid, _rowid_ and oid, so SQLite offers no "
                       "name to address a row by")
            .arg(table.name),
        QStringLiteral("Edit it with SQL using a unique column, or rename a column."));
}

QString RowLocator::whereSql() const
{
    QStringList parts;
    for (const QString& t : sqlTerms)
        parts << t + (byAllColumns ? QStringLiteral(" IS ?") : QStringLiteral(" = ?"));
    return parts.join(QStringLiteral(" AND "));
}

QString RowLocator::describe(const RowIdentity& row) const
{
    if (byRowid && labels.size() == 1 && row.key.size() == 1 && sqlTerms.first() == labels.first())
        return QStringLiteral("%1 %2").arg(labels.first(), row.key.first().toSqlLiteral());
    QStringList parts;
    for (int i = 0; i < labels.size() && i < row.key.size(); ++i)
        parts << QStringLiteral("%1 = %2").arg(labels.at(i), row.key.at(i).toSqlLiteral());
    return parts.join(QStringLiteral(", "));
}

bool RowLocator::isKeyColumn(const QString& column) const
{
    if (byRowid && sqlTerms.size() == 1 && sqlTerms.first() == labels.first())
        return false; // a plain rowid is not a column
    return labels.contains(column, Qt::CaseInsensitive);
}

} // namespace sluice
