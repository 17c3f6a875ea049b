#include "BackupSettings.h"

#include "drizzle/MigrationsLocation.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace sluice::ui {

namespace {

QString folderKey(const QString& databasePath)
{
    // A path holds slashes, which QSettings reads as groups: key by its hash instead.
    const QByteArray id = QCryptographicHash::hash(QFileInfo(databasePath).absoluteFilePath().toUtf8(),
                                                   QCryptographicHash::Sha1)
                              .toHex()
                              .left(16);
    return QStringLiteral("backup/folders/") + QString::fromLatin1(id);
}

} // namespace

BackupSettings BackupSettings::load(const QString& databasePath)
{
    QSettings s;
    BackupSettings b;
    b.folder = s.value(folderKey(databasePath)).toString();
    b.keepNewest = qMax(0, s.value(QStringLiteral("backup/keepNewest"), 0).toInt());
    b.maxAgeDays = qMax(0, s.value(QStringLiteral("backup/maxAgeDays"), 0).toInt());
    return b;
}

void BackupSettings::save(const QString& databasePath) const
{
    QSettings s;
    if (folder.isEmpty())
        s.remove(folderKey(databasePath));
    else
        s.setValue(folderKey(databasePath), folder);
    s.setValue(QStringLiteral("backup/keepNewest"), keepNewest);
    s.setValue(QStringLiteral("backup/maxAgeDays"), maxAgeDays);
}

QString BackupSettings::folderFor(const QString& databasePath) const
{
    return folder.isEmpty() ? defaultFolder(databasePath) : folder;
}

QString BackupSettings::defaultFolder(const QString& databasePath)
{
    // The GUI does not look around the process's current folder: only the database's own project.
    auto where = locateMigrations(databasePath, {}, {}, false);
    // The CLI's rule: <project>/data/backups when the project has a data folder, else <project>/backups.
    if (where && !where->projectDir.isEmpty()) {
        const QDir project(where->projectDir);
        return project.filePath(QFileInfo(project.filePath(QStringLiteral("data"))).isDir()
                                    ? QStringLiteral("data/backups")
                                    : QStringLiteral("backups"));
    }
    return QFileInfo(databasePath).absoluteDir().filePath(QStringLiteral("backups"));
}

} // namespace sluice::ui
