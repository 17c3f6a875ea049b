#include "RollbackPlan.h"

namespace sluice {

namespace {

// The name a table of `before` has after the change (its rename target, or itself).
QString renamedTable(const RenameHints& hints, const QString& name)
{
    return hints.tables.value(name.toLower(), name);
}

// The column renames of a table, looked up by its old or its new name as RenameHints allows.
QMap<QString, QString> columnRenames(const RenameHints& hints, const QString& oldName, const QString& newName)
{
    QMap<QString, QString> renames = hints.columns.value(oldName.toLower());
    const QMap<QString, QString> byNew = hints.columns.value(newName.toLower());
    for (auto it = byNew.begin(); it != byNew.end(); ++it)
        renames.insert(it.key(), it.value());
    return renames;
}

} // namespace

RenameHints invertRenameHints(const RenameHints& hints, const Schema& before)
{
    RenameHints inverse;
    for (auto it = hints.tables.begin(); it != hints.tables.end(); ++it) {
        const Table* original = before.table(it.key());
        inverse.tables.insert(it.value().toLower(), original ? original->name : it.key());
    }
    for (const Table& table : before.tables) {
        const QString newName = renamedTable(hints, table.name);
        const QMap<QString, QString> renames = columnRenames(hints, table.name, newName);
        for (auto it = renames.begin(); it != renames.end(); ++it) {
            const Column* original = table.column(it.key());
            inverse.columns[newName.toLower()].insert(it.value().toLower(),
                                                      original ? original->name : it.key());
        }
    }
    return inverse;
}

QStringList droppedByChange(const Schema& before, const Schema& after, const RenameHints& hints)
{
    QStringList dropped;
    for (const Table& table : before.tables) {
        const QString newName = renamedTable(hints, table.name);
        const Table* kept = after.table(newName);
        if (!kept) {
            dropped << QStringLiteral("table %1 (all its rows)").arg(table.name);
            continue;
        }
        const QMap<QString, QString> renames = columnRenames(hints, table.name, newName);
        for (const Column& column : table.columns) {
            if (column.isGenerated())
                continue; // computed from the other columns: nothing of its own to lose
            if (!kept->column(renames.value(column.name.toLower(), column.name)))
                dropped << QStringLiteral("column %1.%2").arg(table.name, column.name);
        }
    }
    return dropped;
}

Result<RollbackPlan> planRollback(const Schema& before, const Schema& after, const RenameHints& hints,
                                  const SchemaPlanOptions& options)
{
    auto planned = planSchemaChange(after, before, invertRenameHints(hints, before), options);
    if (!planned)
        return planned.error();
    RollbackPlan rollback;
    rollback.plan = std::move(planned.value());
    rollback.notRestorable = droppedByChange(before, after, hints);
    return rollback;
}

} // namespace sluice
