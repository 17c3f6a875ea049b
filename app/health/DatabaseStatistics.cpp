#include "DatabaseStatistics.h"

#include "CheckProgress.h"
#include "core/Connection.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace sluice {

namespace {

const QString kOperation = QStringLiteral("Reading the database statistics");

// dbstat with aggregate=TRUE returns one row per b-tree after visiting every page: a few dozen VM
// steps per page in practice; only the progress bar's scale depends on it.
constexpr qint64 kDbstatStepsPerPage = 40;

} // namespace

QString DatabaseStatistics::autoVacuumName() const
{
    switch (autoVacuum) {
    case 1:
        return QStringLiteral("full");
    case 2:
        return QStringLiteral("incremental");
    default:
        return QStringLiteral("none");
    }
}

Result<DatabaseStatistics> readDatabaseStatistics(Connection& connection, const StatisticsOptions& options,
                                                  JobControl* control)
{
    DatabaseStatistics s;
    s.path = connection.path();
    s.fileSize = QFileInfo(s.path).size();
    const QFileInfo wal(s.path + QStringLiteral("-wal"));
    s.walSize = wal.exists() ? wal.size() : -1;

    auto settings = connection.rows(
        QStringLiteral(
            "SELECT (SELECT page_size FROM pragma_page_size), (SELECT page_count FROM pragma_page_count), "
            "(SELECT freelist_count FROM pragma_freelist_count), "
            "(SELECT journal_mode FROM pragma_journal_mode), "
            "(SELECT auto_vacuum FROM pragma_auto_vacuum), (SELECT encoding FROM pragma_encoding), "
            "(SELECT user_version FROM pragma_user_version), "
            "(SELECT application_id FROM pragma_application_id), sqlite_version()"),
        {}, kOperation);
    if (!settings)
        return settings.error();
    const QVariantList& r = settings->first();
    s.pageSize = r.at(0).toLongLong();
    s.pageCount = r.at(1).toLongLong();
    s.freelistCount = r.at(2).toLongLong();
    s.journalMode = r.at(3).toString();
    s.autoVacuum = r.at(4).toInt();
    s.encoding = r.at(5).toString();
    s.userVersion = r.at(6).toLongLong();
    s.applicationId = r.at(7).toLongLong();
    s.sqliteVersion = r.at(8).toString();

    // Whether the library was built with dbstat is only known by asking it.
    auto probe = connection.prepare(QStringLiteral("SELECT name FROM dbstat LIMIT 0"), {}, kOperation);
    s.dbstatAvailable = probe.ok();
    if (!s.dbstatAvailable)
        s.dbstatNote = QStringLiteral("This SQLite library was built without the dbstat table "
                                      "(SQLITE_ENABLE_DBSTAT_VTAB), so per-table sizes are not available.");
    if (!options.objectSizes && !options.rowCounts)
        return s;

    // What each b-tree is: a table or an index of which table.
    auto kinds = connection.rows(
        QStringLiteral("SELECT name, type, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')"), {},
        kOperation);
    if (!kinds)
        return kinds.error();
    QHash<QString, std::pair<bool, QString>> kindOf;
    for (const QVariantList& k : *kinds)
        kindOf.insert(k.at(0).toString(), {k.at(1).toString() == QLatin1String("index"), k.at(2).toString()});

    if (options.objectSizes && s.dbstatAvailable) {
        CheckProgress progress(connection, control, s.pageCount * kDbstatStepsPerPage,
                               QStringLiteral("Measuring tables and indexes"));
        auto sizes = connection.rows(
            QStringLiteral("SELECT name, pageno, pgsize, unused FROM dbstat WHERE aggregate = TRUE"), {},
            kOperation);
        if (progress.cancelled())
            return DbWorker::cancelledError();
        if (!sizes)
            return sizes.error();
        for (const QVariantList& row : *sizes) {
            ObjectSize o;
            o.name = row.at(0).toString();
            const auto kind = kindOf.value(o.name, {false, o.name});
            o.isIndex = kind.first;
            o.table = kind.second;
            o.pages = row.at(1).toLongLong(); // with aggregate, pageno is the page count
            o.bytes = row.at(2).toLongLong();
            o.unusedBytes = row.at(3).toLongLong();
            s.objects.append(o);
        }
    }
    if (options.rowCounts) {
        for (auto it = kindOf.cbegin(); it != kindOf.cend(); ++it) {
            if (it->first || it.key().startsWith(QLatin1String("sqlite_")))
                continue;
            auto n = connection.scalar(
                QStringLiteral("SELECT count(*) FROM %1").arg(quoteIdentifier(it.key())), {}, kOperation);
            if (!n) {
                if (control && control->isCancelled())
                    return DbWorker::cancelledError();
                continue; // virtual tables whose module is missing cannot be counted; leave it unknown
            }
            auto found = std::find_if(s.objects.begin(), s.objects.end(),
                                      [&](const ObjectSize& o) { return o.name == it.key(); });
            if (found == s.objects.end()) {
                ObjectSize o;
                o.name = o.table = it.key();
                s.objects.append(o);
                found = s.objects.end() - 1;
            }
            found->rows = n->toLongLong();
        }
    }
    std::sort(s.objects.begin(), s.objects.end(), [](const ObjectSize& a, const ObjectSize& b) {
        return a.bytes != b.bytes ? a.bytes > b.bytes : a.name < b.name;
    });
    return s;
}

} // namespace sluice
