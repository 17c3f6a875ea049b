#include "PartialFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cerrno>
#include <csignal>

namespace sluice {

namespace {

const QRegularExpression& partialPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^\\..+\\.partial-(\\d+)-[A-Za-z0-9]{6}(?:-journal|-wal|-shm)?$"));
    return re;
}

// kill(pid, 0) sends nothing; ESRCH means no such process. EPERM means one runs (another user's).
bool processRuns(qint64 pid)
{
    if (pid <= 0)
        return true; // not a real owner: keep the file
    return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH;
}

} // namespace

QString partialFileTemplate(const QString& finalPath)
{
    const QFileInfo f(finalPath);
    return f.absoluteDir().filePath(
        QStringLiteral(".%1.partial-%2-XXXXXX").arg(f.fileName()).arg(QCoreApplication::applicationPid()));
}

bool isPartialFileName(const QString& fileName)
{
    return partialPattern().match(fileName).hasMatch();
}

QStringList removeDeadPartials(const QString& folder)
{
    QStringList removed;
    const QDir dir(folder);
    const QStringList hidden =
        dir.entryList({QStringLiteral(".*.partial-*")}, QDir::Files | QDir::Hidden | QDir::System);
    for (const QString& name : hidden) {
        const QRegularExpressionMatch m = partialPattern().match(name);
        if (!m.hasMatch())
            continue;
        const qint64 pid = m.captured(1).toLongLong();
        if (pid == QCoreApplication::applicationPid() || processRuns(pid))
            continue;
        if (QFile::remove(dir.filePath(name)))
            removed << name;
    }
    return removed;
}

} // namespace sluice
