#pragma once
// The file discipline every backup follows (the same as BackupService): the bytes go to a
// temporary file (mode 0600) in the destination folder, are flushed to disk, and only then is the
// file renamed to its final name. A file with the final name is therefore always complete; on any
// failure, or when the writer is destroyed without commit(), the temporary file is removed.
#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QTemporaryFile;

namespace sluice {

class DurableFile
{
public:
    DurableFile();
    ~DurableFile(); // removes the temporary file unless commit() succeeded
    DurableFile(const DurableFile&) = delete;
    DurableFile& operator=(const DurableFile&) = delete;

    // `destination` is a file that must not exist yet, or an existing folder: then the file is
    // named after the source database ("<db name>-<UTC timestamp><extension>").
    Status open(const QString& destination, const QString& sourceDatabase, const QString& extension,
                const QString& operation);

    // Bytes are appended here and written out in large blocks by flushIfFull()/commit().
    QByteArray& buffer() { return m_buffer; }
    Status flushIfFull()
    {
        if (m_buffer.size() < kBlock)
            return {};
        return flush();
    }
    Status flush();
    // Flush, fsync, chmod 0600, rename into place, fsync the folder.
    Status commit();

    const QString& finalPath() const { return m_finalPath; }
    qint64 bytesWritten() const { return m_written; }

private:
    static constexpr qsizetype kBlock = 1 << 20;
    DbError fail(const QString& explanation) const;
    QString m_operation;
    QString m_finalPath;
    std::unique_ptr<QTemporaryFile> m_temp;
    QByteArray m_buffer;
    qint64 m_written = 0;
    bool m_committed = false;
};

} // namespace sluice
