#include "DurableFile.h"

#include "backup/BackupService.h"
#include "backup/PartialFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

DurableFile::DurableFile() = default;

DurableFile::~DurableFile()
{
    if (m_temp && !m_committed)
        m_temp->remove();
}

DbError DurableFile::fail(const QString& explanation) const
{
    return DbError::plain(
        m_operation, explanation,
        QStringLiteral("Check the folder's permissions and free space. The partial file was "
                       "removed; the database was not changed."),
        m_finalPath);
}

Status DurableFile::open(const QString& destination, const QString& sourceDatabase, const QString& extension,
                         const QString& operation)
{
    m_operation = operation;
    const QFileInfo destInfo(destination);
    if (destInfo.isDir()) {
        const QDir dir(destInfo.absoluteFilePath());
        QString name = BackupService::backupFileName(sourceDatabase);
        name.replace(QStringLiteral(".sqlite3"), extension);
        m_finalPath = dir.filePath(name);
        for (int n = 2; QFileInfo::exists(m_finalPath); ++n) {
            QString numbered = BackupService::backupFileName(sourceDatabase);
            numbered.replace(QStringLiteral(".sqlite3"), QStringLiteral("-%1%2").arg(n).arg(extension));
            m_finalPath = dir.filePath(numbered);
        }
    } else {
        if (destInfo.exists() || destInfo.isSymLink())
            return DbError::plain(operation, QStringLiteral("%1 already exists").arg(destination),
                                  QStringLiteral("Choose a new file name or a folder. Nothing was written."),
                                  destination);
        m_finalPath = destInfo.absoluteFilePath();
    }
    const QString folder = QFileInfo(m_finalPath).absolutePath();
    if (const QString why = BackupService::whyNotWritableFolder(folder); !why.isEmpty())
        return DbError::plain(
            operation, why, QStringLiteral("Choose a folder you can write to. Nothing was written."), folder);
    // QTemporaryFile creates the file with mode 0600, so a backup is never readable by others.
    removeDeadPartials(folder); // what a killed backup left here
    m_temp = std::make_unique<QTemporaryFile>(partialFileTemplate(m_finalPath));
    if (!m_temp->open())
        return fail(QStringLiteral("cannot create a file in %1: %2").arg(folder, m_temp->errorString()));
    m_buffer.reserve(kBlock + (kBlock >> 2));
    return {};
}

Status DurableFile::flush()
{
    if (m_buffer.isEmpty())
        return {};
    const qint64 n = m_temp->write(m_buffer.constData(), m_buffer.size());
    if (n != m_buffer.size())
        return fail(QStringLiteral("writing %1 failed: %2 (is the disk full?)")
                        .arg(m_temp->fileName(), m_temp->errorString()));
    m_written += n;
    m_buffer.resize(0);
    return {};
}

Status DurableFile::commit()
{
    if (Status s = flush(); !s)
        return s;
    if (!m_temp->flush())
        return fail(QStringLiteral("writing %1 failed: %2").arg(m_temp->fileName(), m_temp->errorString()));
    if (::fsync(m_temp->handle()) != 0)
        return fail(QStringLiteral("flushing the file to disk failed: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno))));
    ::fchmod(m_temp->handle(), 0600);
    const QString tempPath = m_temp->fileName();
    // link() refuses to replace an existing file, so a file created meanwhile under the final name
    // is never overwritten; rename() is the fallback for filesystems without hard links.
    const QByteArray from = QFile::encodeName(tempPath), to = QFile::encodeName(m_finalPath);
    if (::link(from.constData(), to.constData()) == 0) {
        ::unlink(from.constData());
    } else if (errno == EEXIST) {
        return fail(QStringLiteral("%1 appeared while the backup was being written").arg(m_finalPath));
    } else if (::rename(from.constData(), to.constData()) != 0) {
        return fail(QStringLiteral("renaming the file into place failed: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    m_committed = true;
    m_temp->setAutoRemove(false);
    m_temp->close();
    const int dirFd =
        ::open(QFile::encodeName(QFileInfo(m_finalPath).absolutePath()).constData(), O_RDONLY | O_DIRECTORY);
    if (dirFd >= 0) {
        ::fsync(dirFd); // makes the rename itself durable
        ::close(dirFd);
    }
    return {};
}

} // namespace sluice
