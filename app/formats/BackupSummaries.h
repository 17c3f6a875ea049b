#pragma once
// What a JSON or SQL-dump export and restore report back (app/formats). Shared by JsonBackup.h and
// SqlDump.h so the CLI and the GUI render both the same way.
#include <QList>
#include <QPair>
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
    // Rows written per table, in file order (what a verification reads back and compares).
    QList<QPair<QString, qint64>> tableRows;
    // An SQL dump that recreates virtual tables the shell's way (writable_schema): the shell loads
    // it, Sluice's own restore refuses it, so it cannot be verified by loading it back.
    bool writesSchemaRows = false;
};

struct ImportSummary
{
    qint64 tables = 0;
    qint64 rows = 0;
    qint64 elapsedMs = 0;
    QStringList warnings; // things the person should know that did not stop the restore
};

} // namespace sluice
