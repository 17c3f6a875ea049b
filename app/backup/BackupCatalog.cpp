#include "BackupCatalog.h"

#include "PartialFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace sluice {

namespace {

QString formatFromSuffix(const QString& suffix)
{
    const QString s = suffix.toLower();
    if (s == QLatin1String("json"))
        return QStringLiteral("json");
    if (s == QLatin1String("sql"))
        return QStringLiteral("sql");
    if (s == QLatin1String("sqlite3") || s == QLatin1String("sqlite") || s == QLatin1String("db") ||
        s == QLatin1String("db3"))
        return QStringLiteral("sqlite");
    return {};
}

} // namespace

bool isTimestampedBackupName(const QString& fileName, const QString& databaseBaseName)
{
    const QRegularExpression re(QStringLiteral("^%1-\\d{8}-\\d{6}(-\\d+)?\\.(sqlite3|json|sql)$")
                                    .arg(QRegularExpression::escape(databaseBaseName)));
    return re.match(fileName).hasMatch();
}

QList<BackupInfo> listBackups(const QString& folder)
{
    QList<BackupInfo> found;
    removeDeadPartials(folder); // hidden anyway, but a killed backup's leftovers take disk space
    const QDir dir(folder);
    const QFileInfoList files = dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot);
    for (const QFileInfo& f : files) {
        const QString format = formatFromSuffix(f.suffix());
        if (format.isEmpty())
            continue;
        // "x.sqlite3.json" beside "x.sqlite3" is x's sidecar, not a JSON backup.
        if (format == QLatin1String("json") && f.fileName().size() > 5 &&
            QFileInfo(dir.filePath(f.fileName().chopped(5))).isFile())
            continue;
        const QString path = f.absoluteFilePath();
        if (auto info = readSidecar(path)) {
            // The file on disk wins over what the sidecar says about size (a changed file is suspect).
            if (info->size != f.size())
                info->verified = false;
            info->size = f.size();
            found << *info;
            continue;
        }
        BackupInfo info;
        info.path = path;
        info.size = f.size();
        info.created = f.lastModified().toUTC();
        info.format = format;
        found << info;
    }
    std::stable_sort(found.begin(), found.end(), [](const BackupInfo& a, const BackupInfo& b) {
        if (a.created != b.created)
            return a.created > b.created;
        return a.path > b.path; // same second: "-2" sorts after the first, i.e. newer first
    });
    return found;
}

} // namespace sluice
