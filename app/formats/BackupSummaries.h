#pragma once
// What a JSON or SQL-dump export and restore report back (app/formats). Shared by JsonBackup.h and
// SqlDump.h so the CLI and the GUI render both the same way.
#include <QString>
#include <QStringList>

namespace sluice {

struct ExportSummary
{
    qint64 tables = 0;
    qint64 rows = 0;
    qint64 bytes = 0; // size of the file written
    qint64 elapsedMs = 0;
    QString path; // the final file (only ever exists complete)
};

struct ImportSummary
{
    qint64 tables = 0;
    qint64 rows = 0;
    qint64 elapsedMs = 0;
    QStringList warnings; // things the person should know that did not stop the restore
};

} // namespace sluice
