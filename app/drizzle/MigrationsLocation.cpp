#include "MigrationsLocation.h"

#include "DrizzleProject.h"

#include <QDir>
#include <QFileInfo>

namespace sluice {

Result<MigrationsLocation> locateMigrations(const QString& dbPath, const QString& migrationsDir,
                                            const QString& table, bool searchCurrentFolder)
{
    MigrationsLocation in;
    QString projectDir = findDrizzleProjectDir(QFileInfo(dbPath).absolutePath());
    if (projectDir.isEmpty() && !migrationsDir.isEmpty())
        projectDir = findDrizzleProjectDir(QFileInfo(migrationsDir).absoluteFilePath());
    if (projectDir.isEmpty() && searchCurrentFolder)
        projectDir = findDrizzleProjectDir(QDir::currentPath());
    if (!projectDir.isEmpty()) {
        auto project = loadDrizzleProject(projectDir);
        if (!project)
            return project.error();
        in.projectDir = project->dir;
        in.configPath = project->config ? project->config->path : QString();
        in.migrationsDir = project->migrationsDir;
        in.table = project->migrationsTable;
        in.notes = project->notes;
    }
    if (!migrationsDir.isEmpty())
        in.migrationsDir = QFileInfo(migrationsDir).absoluteFilePath();
    if (!table.isEmpty())
        in.table = table;
    if (in.migrationsDir.isEmpty())
        return DbError::plain(
            QStringLiteral("Finding the migrations"),
            QStringLiteral("no drizzle.config.{ts,js,mjs,cjs,json} in %1, its parents%2")
                .arg(QFileInfo(dbPath).absolutePath(),
                     searchCurrentFolder ? QStringLiteral(" or the current folder") : QString()),
            QStringLiteral("Pass the migrations folder with --migrations DIR."));
    return in;
}

} // namespace sluice
