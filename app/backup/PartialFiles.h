#pragma once
// The temporary files a backup is written to before it gets its final name, and their cleanup.
//
// A backup in progress is ".<final name>.partial-<pid>-XXXXXX" (hidden, so no listing shows it).
// A process killed in the middle (SIGKILL, power cut) cannot remove its own, so whoever next
// writes a backup into the folder, or lists it, removes the partial files of processes that no
// longer run. The owner's pid in the name is the proof: a partial file whose process is alive
// (this one included) is never touched. Older names without a pid are left alone.
#include <QString>
#include <QStringList>

namespace sluice {

// The QTemporaryFile template for a partial copy of `finalPath`, owned by this process.
QString partialFileTemplate(const QString& finalPath);

// True for a name partialFileTemplate() produces (with or without SQLite's -journal/-wal/-shm).
bool isPartialFileName(const QString& fileName);

// Removes the partial files in `folder` whose owning process is gone; returns the names removed.
QStringList removeDeadPartials(const QString& folder);

} // namespace sluice
