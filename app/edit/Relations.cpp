#include "Relations.h"

#include "BoundStatement.h"
#include "RowLocator.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

namespace sluice {

namespace {

// The parent columns a foreign key refers to (its primary key when none are written).
QStringList targetColumns(const Schema& schema, const ForeignKey& fk)
{
    QStringList out;
    const Table* parent = schema.table(fk.targetTable);
    const QStringList pk = parent ? parent->primaryKey() : QStringList();
    for (int i = 0; i < fk.fromColumns.size(); ++i) {
        const QString t = fk.targetColumns.value(i);
        out << (t.isEmpty() ? pk.value(i) : t);
    }
    return out;
}

} // namespace

QList<ForeignKey> foreignKeysOfColumn(const Table& child, const QString& column)
{
    QList<ForeignKey> out;
    for (const ForeignKey& fk : child.foreignKeys)
        if (fk.fromColumns.contains(column, Qt::CaseInsensitive))
            out << fk;
    return out;
}

QList<ParentLink> parentLinks(const Schema& schema, const Table& child, const QString& column,
                              const QList<QPair<QString, SqlValue>>& row)
{
    QList<ParentLink> out;
    for (const ForeignKey& fk : foreignKeysOfColumn(child, column)) {
        ParentLink link;
        link.foreignKeyId = fk.id;
        const Table* parent = schema.table(fk.targetTable);
        link.target.table = parent ? parent->name : fk.targetTable;
        link.target.columns = targetColumns(schema, fk);
        bool complete = !link.target.columns.contains(QString());
        for (const QString& from : fk.fromColumns) {
            bool found = false;
            for (const auto& [name, value] : row)
                if (name.compare(from, Qt::CaseInsensitive) == 0) {
                    link.target.values << value;
                    found = !value.isNull();
                    break;
                }
            complete = complete && found;
        }
        if (complete)
            out << link;
    }
    return out;
}

Result<QList<ChildReference>> childReferences(Connection& connection, const Schema& schema,
                                              const Table& parent, const SqlValueList& rowIdentity,
                                              JobControl* control)
{
    const QString op = QStringLiteral("Finding the rows that reference this row");
    Result<RowLocator> locator = RowLocator::forTable(parent);
    if (!locator)
        return locator.error();
    QList<ChildReference> out;
    for (const Table& child : schema.tables) {
        for (const ForeignKey& fk : child.foreignKeys) {
            if (fk.targetTable.compare(parent.name, Qt::CaseInsensitive) != 0)
                continue;
            if (control && control->isCancelled())
                return DbWorker::cancelledError();
            ChildReference ref;
            ref.childTable = child.name;
            ref.foreignKeyId = fk.id;
            ref.childColumns = fk.fromColumns;
            ref.onDelete = fk.onDelete.toUpper();
            ref.open.table = child.name;
            ref.open.columns = fk.fromColumns;
            const QStringList target = targetColumns(schema, fk);
            if (target.contains(QString()))
                continue;
            // The parent row's values of the referenced columns.
            QStringList quotedTarget;
            for (const QString& t : target)
                quotedTarget << quoteIdentifier(t);
            BoundStatement read(connection,
                                QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                                    .arg(quotedTarget.join(QStringLiteral(", ")),
                                         quoteIdentifier(parent.name), locator->whereSql()),
                                op);
            if (!read.ok())
                return read.error();
            if (Status b = read.bind(rowIdentity); !b)
                return b.error();
            Result<bool> has = read.step();
            if (!has)
                return has.error();
            if (!has.value())
                return DbError::plain(
                    op, QStringLiteral("the row %1 no longer exists").arg(locator->describe({rowIdentity})),
                    QStringLiteral("Reload the table."));
            bool anyNull = false;
            for (int i = 0; i < target.size(); ++i) {
                ref.open.values << read.value(i);
                anyNull = anyNull || read.value(i).isNull();
            }
            if (!anyNull) {
                QStringList where;
                for (const QString& c : fk.fromColumns)
                    where << quoteIdentifier(c) + QStringLiteral(" = ?");
                BoundStatement count(
                    connection,
                    QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                        .arg(quoteIdentifier(child.name), where.join(QStringLiteral(" AND "))),
                    op);
                if (!count.ok())
                    return count.error();
                if (Status b = count.bind(ref.open.values); !b)
                    return b.error();
                Result<bool> r = count.step();
                if (!r)
                    return r.error();
                ref.count = count.value(0).toInteger();
            }
            out << ref;
        }
    }
    return out;
}

} // namespace sluice
