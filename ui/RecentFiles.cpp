#include "RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace sluice::ui {

static const char* kKey = "recentFiles";

QStringList RecentFiles::list()
{
    return QSettings().value(QLatin1String(kKey)).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = list();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMax)
        files.removeLast();
    QSettings().setValue(QLatin1String(kKey), files);
}

void RecentFiles::remove(const QString& path)
{
    QStringList files = list();
    files.removeAll(path);
    QSettings().setValue(QLatin1String(kKey), files);
}

void RecentFiles::clear()
{
    QSettings().remove(QLatin1String(kKey));
}

} // namespace sluice::ui
