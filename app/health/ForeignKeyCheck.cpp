#include "ForeignKeyCheck.h"

#include "CheckProgress.h"
#include "core/Connection.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlError>

#include <algorithm>

namespace sluice {

namespace {

const QString kOperation = QStringLiteral("Checking foreign keys");

struct ConstraintColumns
{
    QStringList child;
    QStringList parent;
};

// pragma_foreign_key_list(table) by constraint id, the parent columns resolved to the parent's primary
// key where the constraint names none ("REFERENCES posts" means posts' primary key).
Result<QHash<int, ConstraintColumns>> constraintsOf(Connection& c, const QString& table)
{
    auto rows =
        c.rows(QStringLiteral("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) "
                              "ORDER BY id, seq"),
               {table}, kOperation);
    if (!rows)
        return rows.error();
    QHash<int, ConstraintColumns> out;
    QHash<int, QString> parents;
    for (const QVariantList& r : *rows) {
        const int id = r.at(0).toInt();
        parents.insert(id, r.at(1).toString());
        out[id].child.append(r.at(2).toString());
        out[id].parent.append(r.at(3).isNull() ? QString() : r.at(3).toString());
    }
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (std::none_of(it->parent.begin(), it->parent.end(), [](const QString& p) { return p.isEmpty(); }))
            continue;
        auto pk = c.rows(QStringLiteral("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"),
                         {parents.value(it.key())}, kOperation);
        if (!pk)
            return pk.error();
        QStringList key;
        for (const QVariantList& r : *pk)
            key.append(r.at(0).toString());
        if (key.isEmpty())
            key.append(QStringLiteral("rowid"));
        for (int i = 0; i < it->parent.size(); ++i)
            if (it->parent[i].isEmpty())
                it->parent[i] = key.value(i);
    }
    return out;
}

QString columnList(const QString& table, const QStringList& columns)
{
    if (columns.size() == 1)
        return table + QLatin1Char('.') + columns.first();
    return QStringLiteral("%1(%2)").arg(table, columns.join(QStringLiteral(", ")));
}

} // namespace

QString ForeignKeyCheckViolation::constraintText() const
{
    return columnList(table, childColumns) + QStringLiteral(" → ") + columnList(parentTable, parentColumns);
}

QString ForeignKeyReport::summary() const
{
    if (violations.isEmpty())
        return QStringLiteral("ok");
    QString s = violations.size() == 1
                    ? QStringLiteral("1 row violates a foreign key")
                    : QStringLiteral("%1 rows violate foreign keys").arg(violations.size());
    if (truncated)
        s += QStringLiteral(" (stopped at %1; there are more)").arg(violations.size());
    return s;
}

Result<ForeignKeyReport> checkForeignKeys(Connection& connection, const ForeignKeyCheckOptions& options,
                                          JobControl* control)
{
    ForeignKeyReport report;
    const int maxRows = std::max(1, options.maxRows);
    QElapsedTimer clock;
    clock.start();
    QHash<QString, QHash<int, ConstraintColumns>> constraints;

    CheckProgress progress(connection, control, 0, QStringLiteral("Foreign key check"));
    const QString sql =
        options.table.isEmpty()
            ? QStringLiteral("PRAGMA foreign_key_check")
            : QStringLiteral("PRAGMA foreign_key_check(%1)").arg(quoteIdentifier(options.table));
    auto query = connection.run(sql, {}, kOperation);
    if (!query)
        return progress.cancelled() ? DbWorker::cancelledError() : query.error();
    while (query->next()) {
        if (report.violations.size() == maxRows) {
            report.truncated = true;
            break;
        }
        ForeignKeyCheckViolation v;
        v.table = query->value(0).toString();
        if (!query->value(1).isNull())
            v.rowid = query->value(1).toLongLong();
        v.parentTable = query->value(2).toString();
        v.fkIndex = query->value(3).toInt();
        if (!constraints.contains(v.table)) {
            auto list = constraintsOf(connection, v.table);
            if (!list)
                return list.error();
            constraints.insert(v.table, *list);
        }
        const ConstraintColumns cols = constraints.value(v.table).value(v.fkIndex);
        v.childColumns = cols.child;
        v.parentColumns = cols.parent;
        report.violations.append(v);
    }
    if (progress.cancelled())
        return DbWorker::cancelledError();
    if (query->lastError().isValid())
        return connection.errorOf(*query, kOperation);
    query->finish();

    // The offending values, so a grid can say "post_id = 42" without another round trip.
    for (ForeignKeyCheckViolation& v : report.violations) {
        if (!v.rowid || v.childColumns.isEmpty())
            continue;
        auto values = connection.rows(QStringLiteral("SELECT %1 FROM %2 WHERE rowid = ?")
                                          .arg(quoteIdentifiers(v.childColumns), quoteIdentifier(v.table)),
                                      {*v.rowid}, kOperation);
        if (!values)
            return values.error();
        if (!values->isEmpty())
            v.childValues = values->first();
        if (progress.cancelled())
            return DbWorker::cancelledError();
    }
    report.elapsedMs = clock.elapsed();
    return report;
}

} // namespace sluice
