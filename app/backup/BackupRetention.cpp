#include "BackupRetention.h"

#include "BackupCatalog.h"

#include <QFile>
#include <QFileInfo>

namespace sluice {

QList<BackupInfo> backupsToPrune(const QString& folder, const QString& databasePath,
                                 const RetentionPolicy& policy, const QDateTime& now)
{
    if (policy.keepsEverything())
        return {};
    const QString base = QFileInfo(databasePath).completeBaseName();
    const QString database = QFileInfo(databasePath).absoluteFilePath();
    QList<BackupInfo> mine;
    for (const BackupInfo& b : listBackups(folder))
        if (isTimestampedBackupName(QFileInfo(b.path).fileName(), base) && b.path != database)
            mine << b;
    QString newestVerified;
    for (const BackupInfo& b : mine)
        if (b.verified) {
            newestVerified = b.path;
            break;
        }
    QList<BackupInfo> prune;
    for (int i = 0; i < mine.size(); ++i) {
        const BackupInfo& b = mine.at(i);
        const bool byCount = policy.keepNewest > 0 && i < policy.keepNewest;
        const bool byAge = policy.maxAgeDays > 0 && b.created.isValid() &&
                           b.created.secsTo(now) < qint64(policy.maxAgeDays) * 86400;
        if (byCount || byAge || b.path == newestVerified)
            continue;
        prune << b;
    }
    return prune;
}

RetentionResult applyRetention(const QString& folder, const QString& databasePath,
                               const RetentionPolicy& policy, const QDateTime& now)
{
    RetentionResult result;
    for (const BackupInfo& b : backupsToPrune(folder, databasePath, policy, now)) {
        QFile file(b.path);
        if (!file.remove()) {
            result.failed << QStringLiteral("%1: %2").arg(b.path, file.errorString());
            continue;
        }
        QFile::remove(sidecarPath(b.path));
        result.deleted << b.path;
    }
    return result;
}

} // namespace sluice
