#include "IntegrityCheck.h"

#include "CheckProgress.h"
#include "core/Connection.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QSqlError>

#include <sqlite3.h>

#include <algorithm>

namespace sluice {

namespace {

// VM steps per database page, measured with the progress handler on tables of a few columns and one
// index (see the header): only the scale of the progress bar depends on them.
constexpr qint64 kIntegrityStepsPerPage = 600;
constexpr qint64 kQuickStepsPerPage = 350;

// A file too damaged for SQLite to finish the check is the check's answer (the database is corrupt),
// not a failure to run it.
bool takeCorruption(const DbError& e, IntegrityReport& report)
{
    if (e.primaryCode() != SQLITE_CORRUPT)
        return false;
    report.aborted = true;
    report.problems.append(e.sqliteMessage.isEmpty() ? e.message() : e.sqliteMessage);
    return true;
}

} // namespace

QString IntegrityReport::summary() const
{
    if (problems.isEmpty())
        return QStringLiteral("ok");
    QString s = problems.size() == 1 ? QStringLiteral("1 problem")
                                     : QStringLiteral("%1 problems").arg(problems.size());
    if (aborted)
        s += QStringLiteral(" (SQLite could not finish the check: the file is too damaged)");
    else if (truncated)
        s += QStringLiteral(" (stopped at the limit of %1; there may be more)").arg(maxErrors);
    return s;
}

Result<IntegrityReport> checkIntegrity(Connection& connection, const IntegrityOptions& options,
                                       JobControl* control)
{
    IntegrityReport report;
    report.quick = options.quick;
    report.maxErrors = std::max(1, options.maxErrors);
    const QString pragma = options.quick ? QStringLiteral("quick_check") : QStringLiteral("integrity_check");
    const QString operation = options.quick ? QStringLiteral("Running the quick check")
                                            : QStringLiteral("Running the integrity check");
    QElapsedTimer clock;
    clock.start();

    // The page count both sizes the progress estimate and proves the file is a database before the
    // long statement starts (a non-database fails here with SQLITE_NOTADB).
    auto pages = connection.scalar(QStringLiteral("PRAGMA page_count"), {}, operation);
    if (!pages) {
        if (takeCorruption(pages.error(), report))
            return report;
        return pages.error();
    }
    const qint64 estimate =
        pages->toLongLong() * (options.quick ? kQuickStepsPerPage : kIntegrityStepsPerPage);

    {
        CheckProgress progress(connection, control, estimate,
                               options.quick ? QStringLiteral("Quick check")
                                             : QStringLiteral("Integrity check"));
        auto query = connection.prepare(QStringLiteral("PRAGMA %1(%2)").arg(pragma).arg(report.maxErrors), {},
                                        operation);
        if (!query) {
            if (progress.cancelled())
                return DbWorker::cancelledError();
            if (takeCorruption(query.error(), report))
                return report;
            return query.error();
        }
        if (query->exec()) {
            while (query->next()) {
                const QString line = query->value(0).toString();
                if (line != QLatin1String("ok"))
                    report.problems.append(line);
            }
        }
        if (progress.cancelled())
            return DbWorker::cancelledError();
        if (query->lastError().isValid()) {
            const DbError e = connection.errorOf(*query, operation);
            if (!takeCorruption(e, report))
                return e;
        }
    }
    report.truncated = !report.aborted && report.problems.size() >= report.maxErrors;
    report.elapsedMs = clock.elapsed();
    if (control)
        control->progress(estimate, estimate, {});
    return report;
}

} // namespace sluice
