#include "BackupLocation.h"

#include "drizzle/DrizzleProject.h"

#include <QDir>
#include <QFileInfo>

namespace sluice {

QString defaultBackupFolder(const QString& databasePath)
{
    const QFileInfo db(databasePath);
    const QString project = findDrizzleProjectDir(db.absolutePath());
    if (!project.isEmpty()) {
        const QDir root(project);
        if (QFileInfo(root.filePath(QStringLiteral("data"))).isDir())
            return QDir::cleanPath(root.filePath(QStringLiteral("data/backups")));
        return QDir::cleanPath(root.filePath(QStringLiteral("backups")));
    }
    return QDir::cleanPath(QDir(db.absolutePath()).filePath(QStringLiteral("backups")));
}

} // namespace sluice
