#include "BackupEntry.h"

#include "backup/BackupInfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace sluice::ui {

namespace {

QString formatOf(const QString& path)
{
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray head = f.read(16);
        if (head.startsWith(QByteArrayLiteral("SQLite format 3")))
            return QStringLiteral("SQLite");
        const QByteArray t = head.trimmed();
        if (t.startsWith('{') || t.startsWith('['))
            return QStringLiteral("JSON");
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("sql"))
        return QStringLiteral("SQL dump");
    if (suffix == QLatin1String("json"))
        return QStringLiteral("JSON");
    return QStringLiteral("SQLite");
}

// "app-20250101-120000.sqlite3" → 2025-01-01 12:00:00 UTC (the name BackupService gives).
QDateTime timeFromName(const QString& name)
{
    static const QRegularExpression stamp(QStringLiteral("(\\d{8}-\\d{6})"));
    const QRegularExpressionMatch m = stamp.match(name);
    if (!m.hasMatch())
        return {};
    QDateTime t = QDateTime::fromString(m.captured(1), QStringLiteral("yyyyMMdd-HHmmss"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

} // namespace

BackupEntry describeBackupFile(const QString& path)
{
    const QFileInfo fi(path);
    BackupEntry e;
    e.path = fi.absoluteFilePath();
    e.size = fi.size();
    e.format = formatOf(path);
    e.created = timeFromName(fi.fileName());
    if (!e.created.isValid())
        e.created = fi.lastModified().toUTC();
    // The sidecar Sluice writes beside every backup (checksum, versions, last migration).
    if (const std::optional<BackupInfo> info = readSidecar(e.path)) {
        e.sidecarPath = sidecarPath(e.path);
        e.verified = info->verified;
        e.migrationTag = info->migrationTag;
        if (info->created.isValid())
            e.created = info->created.toUTC();
    }
    return e;
}

QList<BackupEntry> listBackupFiles(const QString& folder)
{
    QList<BackupEntry> out;
    const QDir dir(folder);
    if (!dir.exists())
        return out;
    const QStringList names =
        dir.entryList({QStringLiteral("*.sqlite3"), QStringLiteral("*.sqlite"), QStringLiteral("*.db"),
                       QStringLiteral("*.json"), QStringLiteral("*.sql")},
                      QDir::Files);
    for (const QString& name : names) {
        // "x.sqlite3.json" is x.sqlite3's sidecar, not a backup of its own.
        if (name.endsWith(QLatin1String(".json")) && names.contains(name.chopped(5)))
            continue;
        out << describeBackupFile(dir.filePath(name));
    }
    std::sort(out.begin(), out.end(),
              [](const BackupEntry& a, const BackupEntry& b) { return a.created > b.created; });
    return out;
}

} // namespace sluice::ui
