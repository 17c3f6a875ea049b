#include "DrizzleProjectHints.h"

#include "drizzle/DrizzleProject.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace sluice {

QString drizzleConfigSchemaEntry(const QString& configText)
{
    // schema: './src/schema.ts'  or  schema: ['./src/a.ts', …]  (only literals can be followed)
    static const QRegularExpression re(
        QStringLiteral(R"((?:^|[\s,{])["']?schema["']?\s*:\s*\[?\s*(["'`])([^"'`]+)\1)"));
    const QRegularExpressionMatch m = re.match(configText);
    return m.hasMatch() ? m.captured(2) : QString();
}

DrizzleProjectHints drizzleHintsForDatabase(const QString& databasePath)
{
    DrizzleProjectHints out;
    out.projectDir = findDrizzleProjectDir(databasePath);
    if (out.projectDir.isEmpty())
        return out;
    Result<DrizzleProject> project = loadDrizzleProject(out.projectDir);
    if (!project) {
        out.notes << project.error().message();
        return out;
    }
    out.snapshotPath = latestSnapshotPath(project->migrationsDir);
    if (!out.snapshotPath.isEmpty()) {
        Result<DrizzleHints> snap = readDrizzleSnapshotHints(out.snapshotPath);
        if (snap)
            out.hints = *snap;
        else
            out.notes << snap.error().message();
    }
    if (!project->config)
        return out;
    QFile config(project->config->path);
    if (!config.open(QIODevice::ReadOnly))
        return out;
    const QString entry = drizzleConfigSchemaEntry(QString::fromUtf8(config.readAll()));
    if (entry.isEmpty())
        return out;
    const QFileInfo where(QDir(project->config->dir).filePath(entry));
    if (where.isDir()) {
        QDirIterator it(where.absoluteFilePath(), {QStringLiteral("*.ts")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            out.schemaFiles << it.next();
        out.schemaFiles.sort();
    } else if (where.isFile()) {
        out.schemaFiles << where.absoluteFilePath();
    } else {
        out.notes
            << QStringLiteral("The schema %1 named in %2 was not found.").arg(entry, project->config->path);
    }
    for (const QString& path : std::as_const(out.schemaFiles)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            out.notes << QStringLiteral("%1 cannot be read: %2").arg(path, f.errorString());
            continue;
        }
        out.hints.merge(drizzleSchemaSourceHints(QString::fromUtf8(f.readAll())));
    }
    return out;
}

} // namespace sluice
