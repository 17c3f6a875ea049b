#include "SchemaReviewLaunch.h"

#include "DatabaseSession.h"
#include "MessageBar.h"
#include "SchemaChangeReview.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationsLocation.h"
#include "schemaplan/DrizzleSnapshotSchema.h"
#include "schemaplan/SchemaSource.h"
#include "sql/StatementSplitter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace sluice::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SchemaReviewLaunch", text);
}

void say(MessageBar* messages, MessageBar::Level level, const QString& text)
{
    if (messages)
        messages->showMessage(level, text);
}

} // namespace

SchemaChangeReview* openSchemaChangeReview(DatabaseSession& session, const SchemaChangeRequest& request,
                                           QWidget* parent)
{
    auto* review = new SchemaChangeReview(session, request, parent);
    review->setAttribute(Qt::WA_DeleteOnClose);
    review->show();
    review->raise();
    review->activateWindow();
    return review;
}

SchemaChangeReview* compareSchemaWith(DatabaseSession& session, const QString& path, MessageBar* messages,
                                      QWidget* parent)
{
    auto loaded = loadSchemaSource(path);
    if (!loaded) {
        say(messages, MessageBar::Level::Error,
            tr("Cannot compare with %1: %2").arg(QDir::toNativeSeparators(path), loaded.error().message()));
        return nullptr;
    }
    SchemaChangeRequest request;
    const QString name = QFileInfo(path).fileName();
    request.title = tr("Compare Schema With %1").arg(name);
    request.target = loaded->schema;
    request.columnOrderMatters = loaded->columnOrderMatters();
    request.sourceDescription = name;
    return openSchemaChangeReview(session, request, parent);
}

SchemaChangeReview* checkDrift(DatabaseSession& session, const QString& migrationsDir, MessageBar* messages,
                               QWidget* parent)
{
    auto fail = [&](const QString& why) -> SchemaChangeReview* {
        say(messages, MessageBar::Level::Error, tr("Cannot check for drift: %1").arg(why));
        return nullptr;
    };
    auto location = locateMigrations(session.path(), migrationsDir, {}, false);
    if (!location)
        return fail(location.error().message());
    auto folder = readMigrationFolder(location->migrationsDir);
    if (!folder)
        return fail(folder.error().message());
    QStringList snapshots = folder->snapshots;
    snapshots.sort(); // NNNN_snapshot.json and <timestamp>_<name>/snapshot.json both sort by age
    if (snapshots.isEmpty())
        return fail(tr("%1 holds no snapshot. Run drizzle-kit generate first.")
                        .arg(QDir::toNativeSeparators(location->migrationsDir)));
    const QString snapshotPath = snapshots.last();
    QFile file(snapshotPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(snapshotPath), file.errorString()));
    auto snapshot = schemaFromDrizzleSnapshot(file.readAll(), snapshotPath);
    if (!snapshot)
        return fail(snapshot.error().message());

    // Same rule as `sluice drift`: the migrations table is bookkeeping and Drizzle does not describe
    // triggers, so neither is drift. The target carries the live ones over unchanged.
    Schema target = snapshot->schema;
    const Schema& live = session.schema();
    auto isBookkeeping = [&](const QString& table) {
        return table.compare(location->table, Qt::CaseInsensitive) == 0;
    };
    for (const Table& t : live.tables)
        if (isBookkeeping(t.name))
            target.tables << t;
    for (const Index& i : live.indexes)
        if (isBookkeeping(i.table))
            target.indexes << i;
    target.triggers = live.triggers;

    SchemaPlanOptions options;
    options.columnOrderMatters = false;
    auto planned = planSchemaChange(live, target, {}, options);
    if (!planned)
        return fail(planned.error().message());
    const QString snapshotName = QDir(location->migrationsDir).relativeFilePath(snapshotPath);
    if (planned->isEmpty()) {
        say(messages, MessageBar::Level::Info,
            tr("No drift: %1 matches the latest snapshot (%2).")
                .arg(QFileInfo(session.path()).fileName(), QDir::toNativeSeparators(snapshotName)));
        return nullptr;
    }
    SchemaChangeRequest request;
    request.title = tr("Drift: %1 vs %2").arg(QFileInfo(session.path()).fileName(), snapshotName);
    request.target = target;
    request.columnOrderMatters = false;
    request.sourceDescription =
        tr("the latest Drizzle snapshot (%1)").arg(QDir::toNativeSeparators(snapshotName));
    return openSchemaChangeReview(session, request, parent);
}

QString schemaCreateScript(const Schema& schema)
{
    return schema.createStatements().join(QStringLiteral(";\n")) + QStringLiteral(";\n");
}

Result<std::optional<Schema>> schemaWithFix(const Schema& live, const QString& fixSql)
{
    static const QRegularExpression ddl(QStringLiteral("^(CREATE|DROP|ALTER)\\b"),
                                        QRegularExpression::CaseInsensitiveOption);
    const QList<StatementSpan> statements = splitStatements(fixSql);
    if (statements.isEmpty())
        return std::optional<Schema>();
    for (const StatementSpan& s : statements)
        if (!ddl.match(s.text).hasMatch())
            return std::optional<Schema>(); // not (only) a schema change
    auto fixed = schemaFromScript(schemaCreateScript(live) + fixSql, tr("the fix"));
    if (!fixed)
        return fixed.error();
    return std::optional<Schema>(fixed.value());
}

SchemaChangeReview* reviewHealthFix(DatabaseSession& session, const QString& fixSql, const QString& title,
                                    MessageBar* messages, QWidget* parent, bool* isSchemaChange)
{
    auto target = schemaWithFix(session.schema(), fixSql);
    if (isSchemaChange)
        *isSchemaChange = !target || target->has_value();
    if (!target) {
        say(messages, MessageBar::Level::Error,
            tr("Cannot review the fix \"%1\": %2").arg(title, target.error().message()));
        return nullptr;
    }
    if (!target->has_value())
        return nullptr;
    SchemaChangeRequest request;
    request.title = title.isEmpty() ? tr("Review Fix") : tr("Review Fix: %1").arg(title);
    request.target = **target;
    request.sourceDescription = tr("the Health fix");
    return openSchemaChangeReview(session, request, parent);
}

} // namespace sluice::ui
