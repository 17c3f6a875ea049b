#include "SchemaChangeApply.h"

#include "SchemaShape.h"
#include "backup/BackupService.h"
#include "schema/SchemaReader.h"

#include <QDir>

namespace sluice {

Result<SchemaChangeApplied> applySchemaPlan(Connection& connection, const SchemaPlan& plan,
                                            const Schema& plannedFrom,
                                            const SchemaChangeApplyOptions& options, JobControl* control)
{
    const QString operation = QStringLiteral("Applying the schema change");
    if (plan.needsAttention())
        return DbError::plain(operation, plan.blockers.first(),
                              QStringLiteral("Nothing was changed. Change the target so no trigger or view "
                                             "needs what the change removes."));
    SchemaChangeApplied out;
    if (!options.backupFolder.isEmpty()) {
        QDir().mkpath(options.backupFolder);
        auto backup = BackupService::backup(connection, options.backupFolder, control);
        if (!backup)
            return backup.error();
        out.backupPath = backup->path;
    }
    const QStringList expected = schemaShape(plannedFrom, options.ignoreColumnOrder);
    PlanRunOptions runOptions;
    runOptions.afterBegin = [&](Connection& locked) -> Status {
        auto now = readSchema(locked);
        if (!now)
            return now.error();
        if (schemaShape(now->schema, options.ignoreColumnOrder) != expected)
            return DbError::plain(
                operation, QStringLiteral("the database's schema changed after the change was planned"),
                QStringLiteral("Nothing was changed. Plan the change again from the database "
                               "as it is now."));
        return {};
    };
    auto ran = PlanRunner::run(connection, plan.plan, control, runOptions);
    if (!ran) {
        DbError e = ran.error();
        if (!out.backupPath.isEmpty())
            e.hint += QStringLiteral(" The backup taken before is %1.")
                          .arg(QDir::toNativeSeparators(out.backupPath));
        return e;
    }
    out.run = ran.value();
    return out;
}

} // namespace sluice
