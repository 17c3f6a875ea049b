#pragma once
#include <QStringList>

namespace sluice::ui {

// The recently opened databases, newest first, kept in QSettings.
class RecentFiles
{
public:
    static constexpr int kMax = 10;
    static QStringList list();
    static void add(const QString& path);
    static void remove(const QString& path);
    static void clear();
};

} // namespace sluice::ui
