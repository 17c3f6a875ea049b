#include "HealthChecks.h"

#include "core/Identifiers.h"
#include "drizzle/AppliedMigrations.h"
#include "drizzle/MigrationFolder.h"
#include "drizzle/MigrationStatus.h"
#include "drizzle/MigrationsLocation.h"
#include "schema/SchemaReader.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>

namespace sluice::ui {

namespace {

QString bytes(qint64 n)
{
    return QStringLiteral("%1 (%2 bytes)").arg(QLocale::c().formattedDataSize(n)).arg(n);
}

Result<qint64> pragmaInt(Connection& c, const char* name)
{
    auto v = c.scalar(QStringLiteral("PRAGMA %1").arg(QLatin1String(name)), {},
                      QStringLiteral("Reading PRAGMA %1").arg(QLatin1String(name)));
    if (!v)
        return v.error();
    return v->toLongLong();
}

} // namespace

Result<HealthReport> integrityReport(Connection& c, JobControl& control, bool quick, int maxErrors)
{
    HealthReport r;
    r.title = quick ? QStringLiteral("Quick Check") : QStringLiteral("Integrity Check");
    control.progress(0, 0, QStringLiteral("Running %1…").arg(quick ? "quick_check" : "integrity_check"));
    QElapsedTimer clock;
    clock.start();
    const QString sql = QStringLiteral("PRAGMA %1(%2)")
                            .arg(quick ? QStringLiteral("quick_check") : QStringLiteral("integrity_check"))
                            .arg(qMax(1, maxErrors));
    auto rows = c.rows(sql, {}, r.title);
    if (!rows)
        return rows.error();
    r.columns = {QStringLiteral("Result")};
    for (const QVariantList& row : *rows)
        r.rows << HealthRow{{row.value(0).toString()}, {}, {}, {}, {}};
    const bool ok = rows->size() == 1 && rows->first().value(0).toString() == QLatin1String("ok");
    r.problems = !ok;
    r.summary = ok ? QStringLiteral("ok — no problems found (%1 ms).").arg(clock.elapsed())
                   : QStringLiteral("%1 problem(s) found%2. Restore a backup, or copy the data out with "
                                    "File ▸ Backup Now and check the copy.")
                         .arg(rows->size())
                         .arg(int(rows->size()) >= maxErrors
                                  ? QStringLiteral(" (the first %1 are shown)").arg(maxErrors)
                                  : QString());
    return r;
}

Result<HealthReport> foreignKeyReport(Connection& c, JobControl& control, int maxRows)
{
    HealthReport r;
    r.title = QStringLiteral("Foreign Key Check");
    r.columns = {QStringLiteral("Table"), QStringLiteral("Rowid"), QStringLiteral("Parent table"),
                 QStringLiteral("Constraint")};
    control.progress(0, 0, QStringLiteral("Running foreign_key_check…"));
    auto rows = c.rows(QStringLiteral("PRAGMA foreign_key_check"), {}, r.title);
    if (!rows)
        return rows.error();
    QHash<QString, QString> constraints; // "table/fkid" → "t.a → p.b"
    for (const QVariantList& row : *rows) {
        if (r.rows.size() >= maxRows)
            break;
        const QString table = row.value(0).toString();
        const QString parent = row.value(2).toString();
        const QString key = table + QLatin1Char('/') + row.value(3).toString();
        if (!constraints.contains(key)) {
            auto cols =
                c.rows(QStringLiteral("SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ? "
                                      "ORDER BY seq"),
                       {table, row.value(3)}, r.title);
            if (!cols)
                return cols.error();
            QStringList from, to;
            for (const QVariantList& col : *cols) {
                from << col.value(0).toString();
                to << (col.value(1).isNull() ? QStringLiteral("(primary key)") : col.value(1).toString());
            }
            constraints.insert(
                key, QStringLiteral("%1.%2 → %3.%4")
                         .arg(table, from.join(QLatin1Char(',')), parent, to.join(QLatin1Char(','))));
        }
        HealthRow line;
        line.cells = {table, row.value(1).isNull() ? QStringLiteral("(no rowid)") : row.value(1).toString(),
                      parent, constraints.value(key)};
        line.table = table;
        if (!row.value(1).isNull())
            line.rowid = row.value(1);
        r.rows << line;
    }
    r.problems = !rows->isEmpty();
    r.summary =
        rows->isEmpty()
            ? QStringLiteral("ok — every foreign key points at an existing row.")
            : QStringLiteral("%1 row(s) point at a parent row that does not exist%2. Double-click one to "
                             "see it in the Data tab.")
                  .arg(rows->size())
                  .arg(rows->size() > maxRows ? QStringLiteral(" (the first %1 are shown)").arg(maxRows)
                                              : QString());
    return r;
}

Result<HealthReport> statisticsReport(Connection& c, JobControl& control)
{
    HealthReport r;
    r.title = QStringLiteral("Database Statistics");
    r.columns = {QStringLiteral("Item"), QStringLiteral("Value")};
    control.progress(0, 0, QStringLiteral("Reading the database's statistics…"));
    auto add = [&r](const QString& item, const QString& value) {
        r.rows << HealthRow{{item, value}, {}, {}, {}, {}};
    };
    const QString path = c.path();
    auto pageSize = pragmaInt(c, "page_size");
    auto pageCount = pragmaInt(c, "page_count");
    auto freelist = pragmaInt(c, "freelist_count");
    if (!pageSize)
        return pageSize.error();
    if (!pageCount)
        return pageCount.error();
    if (!freelist)
        return freelist.error();
    auto journal = c.scalar(QStringLiteral("PRAGMA journal_mode"), {}, r.title);
    auto encoding = c.scalar(QStringLiteral("PRAGMA encoding"), {}, r.title);
    auto autoVacuum = pragmaInt(c, "auto_vacuum");
    auto userVersion = pragmaInt(c, "user_version");
    auto appId = pragmaInt(c, "application_id");
    add(QStringLiteral("File"), path);
    add(QStringLiteral("File size"), bytes(QFileInfo(path).size()));
    add(QStringLiteral("Page size"), QString::number(*pageSize));
    add(QStringLiteral("Page count"), QString::number(*pageCount));
    add(QStringLiteral("Free pages"), QStringLiteral("%1 (%2 reclaimable by VACUUM)")
                                          .arg(*freelist)
                                          .arg(QLocale::c().formattedDataSize(*freelist * *pageSize)));
    add(QStringLiteral("Journal mode"), journal ? journal->toString() : journal.error().message());
    const QFileInfo wal(path + QStringLiteral("-wal"));
    add(QStringLiteral("WAL file size"), wal.exists() ? bytes(wal.size()) : QStringLiteral("no WAL file"));
    static const char* const kAutoVacuum[] = {"none", "full", "incremental"};
    add(QStringLiteral("Auto-vacuum"), autoVacuum && *autoVacuum >= 0 && *autoVacuum <= 2
                                           ? QLatin1String(kAutoVacuum[*autoVacuum])
                                           : QStringLiteral("?"));
    add(QStringLiteral("Encoding"), encoding ? encoding->toString() : QStringLiteral("?"));
    add(QStringLiteral("user_version"), userVersion ? QString::number(*userVersion) : QStringLiteral("?"));
    add(QStringLiteral("application_id"), appId ? QString::number(*appId) : QStringLiteral("?"));
    add(QStringLiteral("SQLite version"), Connection::libraryVersion());

    // dbstat is optional in SQLite builds: without it the per-object sizes are left out, said once.
    auto sizes = c.rows(
        QStringLiteral("SELECT name, SUM(pgsize), COUNT(*) FROM dbstat GROUP BY name ORDER BY 2 DESC, 1"), {},
        r.title);
    if (!sizes) {
        if (sizes.error().isInterrupted())
            return sizes.error();
        add(QStringLiteral("Per-table sizes"),
            QStringLiteral("not available (this SQLite has no dbstat table)"));
    } else {
        for (const QVariantList& s : *sizes)
            add(QStringLiteral("Size of %1").arg(s.value(0).toString()),
                QStringLiteral("%1 in %2 page(s)")
                    .arg(QLocale::c().formattedDataSize(s.value(1).toLongLong()))
                    .arg(s.value(2).toLongLong()));
    }
    r.summary =
        QStringLiteral("%1 pages of %2 bytes; %3 free.").arg(*pageCount).arg(*pageSize).arg(*freelist);
    return r;
}

Result<HealthReport> migrationsTableReport(Connection& c, JobControl& control)
{
    HealthReport r;
    r.title = QStringLiteral("Migrations Table");
    r.columns = {QStringLiteral("Migration"), QStringLiteral("State"), QStringLiteral("Detail")};
    control.progress(0, 0, QStringLiteral("Reading the migrations…"));
    auto where = locateMigrations(c.path(), {}, {}, false);
    if (!where) {
        r.summary =
            QStringLiteral("No Drizzle migrations found for this database: %1").arg(where.error().message());
        return r;
    }
    auto folder = readMigrationFolder(where->migrationsDir);
    if (!folder)
        return folder.error();
    auto applied = readAppliedMigrations(c, where->table);
    if (!applied)
        return applied.error();
    const MigrationStatus status = computeMigrationStatus(*folder, *applied);
    for (const MigrationStatusItem& item : status.items)
        r.rows << HealthRow{{item.name.isEmpty() ? QStringLiteral("(row %1)").arg(item.rowid) : item.name,
                             migrationStateName(item.state), item.detail},
                            {},
                            {},
                            {},
                            {}};
    for (const FolderProblem& p : status.problems)
        r.rows << HealthRow{{QString(), QStringLiteral("folder problem"), p.message}, {}, {}, {}, {}};
    // Pending migrations are not a fault of the table: anything else that is not Applied is.
    r.problems =
        !status.problems.isEmpty() ||
        status.count(MigrationState::Pending) + status.count(MigrationState::Applied) != status.items.size();
    if (!status.tableExists)
        r.summary =
            QStringLiteral("The table %1 does not exist yet: no migration has been applied (%2 pending).")
                .arg(status.table)
                .arg(status.count(MigrationState::Pending));
    else if (!r.problems)
        r.summary = QStringLiteral("ok — %1 applied, %2 pending; the table %3 matches the folder %4.")
                        .arg(status.count(MigrationState::Applied))
                        .arg(status.count(MigrationState::Pending))
                        .arg(status.table, where->migrationsDir);
    else
        r.summary = QStringLiteral("The table %1 and the folder %2 disagree: see the states below.")
                        .arg(status.table, where->migrationsDir);
    return r;
}

Result<qint64> vacuumReclaimableBytes(Connection& c)
{
    auto pageSize = pragmaInt(c, "page_size");
    if (!pageSize)
        return pageSize.error();
    auto freelist = pragmaInt(c, "freelist_count");
    if (!freelist)
        return freelist.error();
    return *pageSize * *freelist;
}

Result<HealthReport> maintenanceReport(Connection& c, JobControl& control, Maintenance what)
{
    HealthReport r;
    const QString sql = what == Maintenance::Vacuum    ? QStringLiteral("VACUUM")
                        : what == Maintenance::Analyze ? QStringLiteral("ANALYZE")
                                                       : QStringLiteral("PRAGMA optimize");
    r.title = what == Maintenance::Vacuum    ? QStringLiteral("VACUUM")
              : what == Maintenance::Analyze ? QStringLiteral("ANALYZE")
                                             : QStringLiteral("Optimize");
    if (c.isReadOnly())
        return DbError::plain(r.title,
                              QStringLiteral("the database is open read-only (%1)").arg(c.readOnlyReason()),
                              QStringLiteral("Open it read-write to run %1.").arg(sql), c.path());
    const qint64 before = QFileInfo(c.path()).size();
    control.progress(0, 0, QStringLiteral("Running %1…").arg(sql));
    QElapsedTimer clock;
    clock.start();
    if (Status s = c.exec(sql, {}, r.title); !s)
        return s.error();
    const qint64 after = QFileInfo(c.path()).size();
    r.columns = {QStringLiteral("Item"), QStringLiteral("Value")};
    r.rows << HealthRow{{QStringLiteral("Statement"), sql}, {}, {}, {}, {}};
    r.rows << HealthRow{
        {QStringLiteral("Time"), QStringLiteral("%1 ms").arg(clock.elapsed())}, {}, {}, {}, {}};
    r.rows << HealthRow{{QStringLiteral("File size before"), bytes(before)}, {}, {}, {}, {}};
    r.rows << HealthRow{{QStringLiteral("File size after"), bytes(after)}, {}, {}, {}, {}};
    r.summary = what == Maintenance::Vacuum
                    ? QStringLiteral("Done: the file went from %1 to %2.")
                          .arg(QLocale::c().formattedDataSize(before), QLocale::c().formattedDataSize(after))
                    : QStringLiteral("Done: %1 ran in %2 ms.").arg(sql).arg(clock.elapsed());
    return r;
}

Result<HealthReport> schemaAdviceReport(Connection& c, JobControl& control)
{
    HealthReport r;
    r.title = QStringLiteral("Schema Advice");
    r.columns = {QStringLiteral("Table"), QStringLiteral("Finding"), QStringLiteral("Why")};
    control.progress(0, 0, QStringLiteral("Reading the schema…"));
    auto schema = readSchema(c);
    if (!schema)
        return schema.error();
    for (const Table& t : schema->schema.tables) {
        if (t.isVirtual)
            continue;
        // A foreign key's child columns need an index that starts with them, or every parent
        // delete/update scans the child table.
        for (const ForeignKey& fk : t.foreignKeys) {
            bool covered = false;
            for (const Index& idx : t.indexes) {
                if (idx.partial || idx.columns.size() < fk.fromColumns.size())
                    continue;
                bool prefix = true;
                for (int i = 0; i < fk.fromColumns.size(); ++i)
                    prefix = prefix &&
                             idx.columns.at(i).name.compare(fk.fromColumns.at(i), Qt::CaseInsensitive) == 0;
                covered = covered || prefix;
            }
            const QStringList pk = t.primaryKey();
            if (!covered && pk.size() >= fk.fromColumns.size()) {
                bool prefix = true;
                for (int i = 0; i < fk.fromColumns.size(); ++i)
                    prefix = prefix && pk.at(i).compare(fk.fromColumns.at(i), Qt::CaseInsensitive) == 0;
                covered = prefix;
            }
            if (covered)
                continue;
            const QString index =
                QStringLiteral("%1_%2_idx").arg(t.name, fk.fromColumns.join(QLatin1Char('_')));
            HealthRow row;
            row.cells = {t.name,
                         QStringLiteral("Foreign key %1 → %2 has no index")
                             .arg(fk.fromColumns.join(QStringLiteral(", ")), fk.targetTable),
                         QStringLiteral("Deleting or updating a row of %1 scans all of %2 to check it.")
                             .arg(fk.targetTable, t.name)};
            row.fixSql =
                QStringLiteral("CREATE INDEX %1 ON %2 (%3);")
                    .arg(quoteIdentifier(index), quoteIdentifier(t.name), quoteIdentifiers(fk.fromColumns));
            row.fixTitle =
                QStringLiteral("Index %1 (%2)").arg(t.name, fk.fromColumns.join(QStringLiteral(", ")));
            r.rows << row;
        }
        if (t.primaryKey().isEmpty() && t.hasRowid())
            r.rows << HealthRow{
                {t.name, QStringLiteral("No primary key"),
                 QStringLiteral("Rows are told apart only by the hidden rowid, which VACUUM may "
                                "renumber; give the table a primary key.")},
                {},
                {},
                {},
                {}};
        if (t.autoincrement)
            r.rows << HealthRow{
                {t.name, QStringLiteral("AUTOINCREMENT"),
                 QStringLiteral("Every insert also updates sqlite_sequence. Plain INTEGER PRIMARY "
                                "KEY already gives new ids; AUTOINCREMENT only adds never reusing "
                                "the ids of deleted rows. Removing it needs a table rebuild.")},
                {},
                {},
                {},
                {}};
        if (control.isCancelled())
            return DbWorker::cancelledError();
    }
    r.problems = !r.rows.isEmpty();
    r.summary = r.rows.isEmpty()
                    ? QStringLiteral("No advice: the schema looks fine.")
                    : QStringLiteral("%1 finding(s). Select one with a fix and press Review Fix to see "
                                     "its SQL; nothing is run from here.")
                          .arg(r.rows.size());
    return r;
}

} // namespace sluice::ui
