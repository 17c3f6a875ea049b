#include "ExportVerification.h"

#include "PartialFiles.h"
#include "core/Connection.h"
#include "core/Identifiers.h"
#include "formats/JsonBackup.h"
#include "formats/SqlDump.h"

#include <QFile>
#include <QTemporaryFile>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Verifying the backup");

Status compare(const QList<QPair<QString, qint64>>& expected, const QList<QPair<QString, qint64>>& found,
               const QString& path)
{
    auto fail = [&](const QString& why) {
        return DbError::plain(kOp, QStringLiteral("%1 does not read back as written: %2").arg(path, why),
                              QStringLiteral("The file was removed; the database itself was not changed. "
                                             "Check the disk, then take the backup again."),
                              path);
    };
    if (found.size() != expected.size())
        return fail(QStringLiteral("%1 tables written, %2 read back").arg(expected.size()).arg(found.size()));
    for (qsizetype i = 0; i < expected.size(); ++i) {
        if (found[i].first != expected[i].first)
            return fail(
                QStringLiteral("table “%1” written, “%2” read back").arg(expected[i].first, found[i].first));
        if (found[i].second != expected[i].second)
            return fail(QStringLiteral("table “%1”: %2 rows written, %3 read back")
                            .arg(expected[i].first)
                            .arg(expected[i].second)
                            .arg(found[i].second));
    }
    return {};
}

Result<QList<QPair<QString, qint64>>> loadDumpAndCount(const ExportSummary& written, JobControl* control)
{
    QTemporaryFile scratchFile(partialFileTemplate(written.path + QStringLiteral(".verify")));
    if (!scratchFile.open())
        return DbError::plain(kOp,
                              QStringLiteral("cannot create a scratch database beside %1: %2")
                                  .arg(written.path, scratchFile.errorString()),
                              {}, written.path);
    scratchFile.close();
    QList<QPair<QString, qint64>> counts;
    {
        OpenOptions options;
        options.mode = OpenOptions::Mode::ReadWrite;
        auto scratch = Connection::open(scratchFile.fileName(), options);
        if (!scratch)
            return scratch.error();
        // A throwaway database: nothing to protect against a crash, so no journal and no syncs.
        if (Status s = (*scratch)->exec(QStringLiteral("PRAGMA synchronous=OFF")); !s)
            return s.error();
        auto loaded = restoreSqlDump(**scratch, written.path, control);
        if (!loaded)
            return loaded.error();
        for (const auto& [table, rows] : written.tableRows) {
            Q_UNUSED(rows)
            auto n =
                (*scratch)->scalar(QStringLiteral("SELECT count(*) FROM %1").arg(quoteIdentifier(table)));
            if (!n)
                return n.error();
            counts.append({table, n->toLongLong()});
        }
    }
    for (const char* suffix : {"-journal", "-wal", "-shm"})
        QFile::remove(scratchFile.fileName() + QLatin1String(suffix));
    return counts;
}

} // namespace

Status verifyExport(const QString& format, const ExportSummary& written, JobControl* control)
{
    auto counts = format == QLatin1String("json") ? readJsonBackupRowCounts(written.path, control)
                                                  : loadDumpAndCount(written, control);
    if (!counts) {
        DbError e = counts.error();
        e.operation = kOp;
        return e;
    }
    return compare(written.tableRows, *counts, written.path);
}

} // namespace sluice
