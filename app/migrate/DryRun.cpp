#include "DryRun.h"

#include "MigrationLint.h"
#include "PlanRunner.h"
#include "core/Connection.h"
#include "core/Identifiers.h"
#include "schema/SchemaReader.h"
#include "schema/SqlTokenizer.h"
#include "sql/StatementSplitter.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QLocale>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <memory>

namespace sluice {

namespace {

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString rowsText(qint64 n)
{
    return number(n) + (n == 1 ? QStringLiteral(" row") : QStringLiteral(" rows"));
}

QString key(const QString& name)
{
    return name.toLower();
}

// What a migration run left behind, read on the copy.
struct Snapshot
{
    Schema schema;
    QMap<QString, qint64> counts;   // by lower-case table name
    QHash<QString, QString> names;  // lower-case → as written
    QHash<QString, qint64> nonNull; // watched "table\x1fcolumns" → rows with all of them non-NULL
    QList<ForeignKeyProblem> foreignKeys;
    bool integrityOk = true;
    QStringList integrity;
};

// A child whose rows the FK action changes when its parent is dropped.
struct WatchedChild
{
    QString table;
    QStringList columns;
    QString parent;
    bool cascade = true; // false: SET NULL
    QString watchKey() const { return key(table) + QLatin1Char('\x1f') + columns.join(QLatin1Char(',')); }
};

struct Measure
{
    bool full = true; // foreign keys and integrity too (Sluice's run); counts only for replays
    bool quickCheck = false;
    QList<WatchedChild> watched;
};

Result<Snapshot> snapshot(Connection& c, const Measure& what)
{
    Snapshot s;
    auto read = readSchema(c);
    if (!read)
        return read.error();
    s.schema = read->schema;
    for (const Table& t : s.schema.tables) {
        if (t.isVirtual)
            continue;
        auto n = countRows(c, t.name);
        if (!n)
            return n.error();
        s.counts.insert(key(t.name), *n);
        s.names.insert(key(t.name), t.name);
    }
    for (const WatchedChild& w : what.watched) {
        const Table* t = s.schema.table(w.table);
        if (!t)
            continue;
        QStringList cond;
        for (const QString& col : w.columns) {
            if (!t->column(col))
                cond.clear();
            else
                cond << quoteIdentifier(col) + QStringLiteral(" IS NOT NULL");
        }
        if (cond.isEmpty())
            continue;
        auto n = c.scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                              .arg(quoteIdentifier(t->name), cond.join(QStringLiteral(" AND "))));
        if (!n)
            return n.error();
        s.nonNull.insert(w.watchKey(), n->toLongLong());
    }
    if (!what.full)
        return s;

    auto fk = c.rows(QStringLiteral("PRAGMA foreign_key_check"), {}, QStringLiteral("Checking foreign keys"));
    if (!fk)
        return fk.error();
    QMap<QString, int> byPair;
    for (const QVariantList& row : *fk) {
        const QString table = row.value(0).toString();
        const QString parent = row.value(2).toString();
        const QString pair = table + QLatin1Char('\x1f') + parent;
        if (!byPair.contains(pair)) {
            byPair.insert(pair, int(s.foreignKeys.size()));
            s.foreignKeys << ForeignKeyProblem{table, parent, 0, {}};
        }
        ForeignKeyProblem& p = s.foreignKeys[byPair.value(pair)];
        ++p.rows;
        if (p.sampleRowids.size() < 5 && !row.value(1).isNull())
            p.sampleRowids << row.value(1).toLongLong();
    }
    auto check = c.rows(what.quickCheck ? QStringLiteral("PRAGMA quick_check")
                                        : QStringLiteral("PRAGMA integrity_check"),
                        {}, QStringLiteral("Checking the integrity of the result"));
    if (!check)
        return check.error();
    for (const QVariantList& row : *check)
        s.integrity << row.value(0).toString();
    s.integrityOk = s.integrity == QStringList{QStringLiteral("ok")};
    if (s.integrityOk)
        s.integrity.clear();
    return s;
}

int cancelRequested(void* control)
{
    return static_cast<JobControl*>(control)->isCancelled() ? 1 : 0;
}

Result<std::unique_ptr<Connection>> openCopy(const QString& path, JobControl* control)
{
    auto c = Connection::open(path);
    if (!c)
        return c.error();
    if (!c.value()->handle())
        return DbError::plain(QStringLiteral("Opening the copy"), c.value()->rawHandleProblem(), {}, path);
    // Long statements on the copy stop when the job is cancelled (the worker interrupts only its own
    // connection).
    if (control)
        sqlite3_progress_handler(c.value()->handle(), 4000, cancelRequested, control);
    // A scratch file deleted afterwards needs no fsync; a larger page cache spills less of a big
    // rebuild into the journal and gives CREATE INDEX's sorter bigger runs (64 MiB, freed with it).
    sqlite3_exec(c.value()->handle(), "PRAGMA synchronous=OFF; PRAGMA cache_size=-65536", nullptr, nullptr,
                 nullptr);
    return std::move(c.value());
}

// The one copy every run rehearses on: SQLite's online backup inside one read transaction of the
// source (one consistent moment, even while others write), into a new file written without a journal
// or fsync. Unlike BackupService's backups nobody will ever restore it — it is deleted with the dry
// run — so durability and a verification pass would only cost time on a large file.
Status scratchCopy(Connection& source, const QString& path, JobControl* control)
{
    const QString op = QStringLiteral("Copying the database for the dry run");
    sqlite3* src = source.handle();
    if (!src)
        return DbError::plain(op, source.rawHandleProblem(), {}, source.path());
    sqlite3* dst = nullptr;
    const bool ownRead = sqlite3_get_autocommit(src) != 0;
    auto finish = [&](int code, const QString& message) -> Status {
        if (ownRead && sqlite3_get_autocommit(src) == 0)
            sqlite3_exec(src, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(dst);
        if (code == SQLITE_OK)
            return {};
        QFile::remove(path);
        if (code == SQLITE_INTERRUPT && control && control->isCancelled())
            return DbWorker::cancelledError();
        return DbError::fromSqlite(code, message, op, path);
    };
    const QByteArray file = QFile::encodeName(path);
    int rc = sqlite3_open_v2(file.constData(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
        return finish(rc, dst ? QString::fromUtf8(sqlite3_errmsg(dst)) : QString());
    sqlite3_exec(dst, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
    if (ownRead) {
        // The backup steps share this read transaction, so the copy is of one moment even when it
        // is taken in several steps (for progress and cancel).
        rc = sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            return finish(sqlite3_extended_errcode(src), QString::fromUtf8(sqlite3_errmsg(src)));
    }
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return finish(sqlite3_extended_errcode(dst), QString::fromUtf8(sqlite3_errmsg(dst)));
    do {
        rc = sqlite3_backup_step(b, 16384);
        if (control) {
            const int total = sqlite3_backup_pagecount(b);
            control->progress(total - sqlite3_backup_remaining(b), total,
                              QStringLiteral("Copying the database"));
            if (control->isCancelled()) {
                sqlite3_backup_finish(b);
                return finish(SQLITE_INTERRUPT, QStringLiteral("cancelled"));
            }
        }
    } while (rc == SQLITE_OK);
    const int done = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return finish(rc, QString::fromUtf8(sqlite3_errstr(rc)));
    if (done != SQLITE_OK)
        return finish(done, QString::fromUtf8(sqlite3_errmsg(dst)));
    return finish(SQLITE_OK, {});
}

// Ends a rehearsal's transaction: the copy is again exactly the source, ready for the next run.
void endRehearsal(Connection& c)
{
    if (sqlite3_get_autocommit(c.handle()) == 0)
        sqlite3_exec(c.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

// The tables the migrations drop (alone or as part of a rebuild).
QSet<QString> droppedTables(const QList<MigrationSource>& migrations)
{
    QSet<QString> out;
    for (const MigrationSource& m : migrations) {
        for (const LocatedStatement& st : locateStatements(m)) {
            const QList<SqlToken> t = tokenizeSql(st.text);
            if (t.size() < 3 || !t.at(0).is("DROP") || !t.at(1).is("TABLE"))
                continue;
            qsizetype i = 2;
            if (t.at(i).is("IF") && i + 2 < t.size())
                i += 2;
            if (i + 2 < t.size() && t.at(i + 1).isPunct(QLatin1Char('.')))
                i += 2;
            out.insert(key(t.at(i).name()));
        }
    }
    return out;
}

QList<WatchedChild> watchedChildren(const Schema& before, const QSet<QString>& dropped)
{
    QList<WatchedChild> out;
    for (const Table& t : before.tables) {
        for (const ForeignKey& fk : t.foreignKeys) {
            if (!dropped.contains(key(fk.targetTable)) || key(fk.targetTable) == key(t.name))
                continue;
            const QString action = fk.onDelete.toUpper();
            if (action == QLatin1String("CASCADE") || action == QLatin1String("SET NULL"))
                out << WatchedChild{t.name, fk.fromColumns, fk.targetTable,
                                    action == QLatin1String("CASCADE")};
        }
    }
    return out;
}

QList<TableCount> countsOf(const Snapshot& before, const Snapshot& after)
{
    QSet<QString> keys;
    for (auto it = before.counts.begin(); it != before.counts.end(); ++it)
        keys.insert(it.key());
    for (auto it = after.counts.begin(); it != after.counts.end(); ++it)
        keys.insert(it.key());
    QStringList sorted(keys.begin(), keys.end());
    std::sort(sorted.begin(), sorted.end());
    QList<TableCount> out;
    for (const QString& k : sorted)
        out << TableCount{after.names.value(k, before.names.value(k)), before.counts.value(k, -1),
                          after.counts.value(k, -1)};
    return out;
}

int stepRaw(sqlite3* db, const QString& sql, const QVariantList& binds = {})
{
    sqlite3_stmt* st = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    int rc = sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &st, nullptr);
    if (rc != SQLITE_OK)
        return rc;
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant& v = binds.at(i);
        if (v.isNull())
            sqlite3_bind_null(st, i + 1);
        else if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
            sqlite3_bind_int64(st, i + 1, v.toLongLong());
        else {
            const QByteArray text = v.toString().toUtf8();
            sqlite3_bind_text(st, i + 1, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        }
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

struct Driver
{
    QString name;
    bool foreignKeys;
    bool libsql; // libsql runs only a chunk's first statement; better-sqlite3 refuses several
};

DryRunFailure driverFailure(const QString& driver, const QString& migration, int chunk, int line,
                            const QString& sql, int code, const QString& sqliteMessage)
{
    DryRunFailure f;
    f.migration = migration;
    f.chunk = chunk;
    f.line = line;
    f.sql = sql;
    f.code = code;
    f.sqliteMessage = sqliteMessage;
    f.message =
        QStringLiteral("drizzle-orm (%1) would fail%2: %3. The whole run is rolled back.")
            .arg(driver,
                 migration.isEmpty()
                     ? QString()
                     : QStringLiteral(" in %1%2")
                           .arg(migration, line > 0 ? QStringLiteral(" line %1").arg(line) : QString()),
                 sqliteMessage);
    return f;
}

// drizzle-orm's migrator on this copy, the way `driver` runs it (drizzle-facts §6, §7, §9). It
// returns inside a transaction holding the state drizzle-orm's run would leave — the caller measures
// it, then endRehearsal() puts the copy back for the next run. drizzle-orm creates its table outside
// its transaction and then runs BEGIN … COMMIT: here an outer savepoint holds everything, and the
// savepoint `drizzle` stands for that BEGIN, so a failing run is undone back to it and leaves the
// table behind exactly as drizzle-orm's would.
DriverReplay replay(Connection& c, const Driver& driver, const DryRunInput& input, JobControl* control)
{
    DriverReplay r;
    r.driver = driver.name;
    r.foreignKeys = driver.foreignKeys;
    sqlite3* db = c.handle();
    const QString table = input.planOptions.migrationsTable;
    stepRaw(db, driver.foreignKeys ? QStringLiteral("PRAGMA foreign_keys=ON")
                                   : QStringLiteral("PRAGMA foreign_keys=OFF"));
    bool begun = false;
    auto failWith = [&](const QString& migration, int chunk, int line, const QString& sql, int code,
                        const QString& sqliteMessage) {
        r.failure = driverFailure(driver.name, migration, chunk, line, sql, code, sqliteMessage);
        if (begun && sqlite3_get_autocommit(db) == 0)
            stepRaw(db, QStringLiteral("ROLLBACK TO drizzle"));
    };
    stepRaw(db, QStringLiteral("SAVEPOINT rehearsal"));
    if (int rc = stepRaw(db, DrizzlePlanner::createMigrationsTableSql(table)); rc != SQLITE_OK) {
        failWith({}, -1, 0, DrizzlePlanner::createMigrationsTableSql(table), sqlite3_extended_errcode(db),
                 QString::fromUtf8(sqlite3_errmsg(db)));
        return r;
    }
    stepRaw(db, QStringLiteral("SAVEPOINT drizzle"));
    begun = true;
    for (const MigrationSource& m : input.migrations) {
        const QStringList chunks = migrationChunks(m);
        const QList<int> starts = chunkStartLines(m);
        for (int ci = 0; ci < chunks.size(); ++ci) {
            if (control && control->isCancelled()) {
                failWith(m.name, ci, starts.value(ci), {}, SQLITE_INTERRUPT, QStringLiteral("cancelled"));
                return r;
            }
            const QList<StatementSpan> spans = splitStatements(chunks.at(ci));
            if (spans.isEmpty()) {
                failWith(m.name, ci, starts.value(ci), chunks.at(ci), 0,
                         driver.libsql
                             ? QStringLiteral("SQLITE_UNKNOWN_0: not an error (the chunk holds no statement)")
                             : QStringLiteral("The supplied SQL string contains no statements"));
                return r;
            }
            const int line = starts.value(ci) + spans.first().firstLine - 1;
            if (spans.size() > 1) {
                if (!driver.libsql) {
                    failWith(m.name, ci, line, chunks.at(ci), 0,
                             QStringLiteral("The supplied SQL string contains more than one statement"));
                    return r;
                }
                r.notes << QStringLiteral(
                               "ran only the first of the %1 statements in chunk %2 of %3 (line %4); "
                               "the rest were skipped without a word")
                               .arg(spans.size())
                               .arg(ci + 1)
                               .arg(m.name)
                               .arg(line);
            }
            if (stepRaw(db, spans.first().text) != SQLITE_OK) {
                failWith(m.name, ci, line, spans.first().text, sqlite3_extended_errcode(db),
                         QString::fromUtf8(sqlite3_errmsg(db)));
                return r;
            }
        }
        if (stepRaw(db, DrizzlePlanner::recordMigrationSql(table), {m.hash, m.createdAt}) != SQLITE_OK) {
            failWith(m.name, -1, 0, DrizzlePlanner::recordMigrationSql(table), sqlite3_extended_errcode(db),
                     QString::fromUtf8(sqlite3_errmsg(db)));
            return r;
        }
    }
    // In place of COMMIT, what COMMIT checks: deferred foreign keys still violated (with foreign
    // keys on) make it fail, and the whole run is rolled back.
    int deferred = 0, highwater = 0;
    if (sqlite3_db_status(db, SQLITE_DBSTATUS_DEFERRED_FKS, &deferred, &highwater, 0) == SQLITE_OK &&
        deferred > 0) {
        failWith({}, -1, 0, QStringLiteral("COMMIT"), SQLITE_CONSTRAINT_FOREIGNKEY,
                 QStringLiteral("FOREIGN KEY constraint failed"));
        return r;
    }
    r.ok = true;
    return r;
}

// Every chunk of every migration holds exactly one statement: then each driver runs exactly the
// statements Sluice's plan runs (libsql would otherwise skip some, better-sqlite3 refuse the chunk).
bool oneStatementPerChunk(const QList<MigrationSource>& migrations)
{
    for (const MigrationSource& m : migrations) {
        const QList<LocatedStatement> located = locateStatements(m);
        if (located.size() != migrationChunks(m).size())
            return false;
        for (const LocatedStatement& st : located)
            if (st.statement != 0)
                return false;
    }
    return true;
}

// Whether a foreign key exists before the run or could be created by it (only CREATE TABLE and
// ALTER TABLE … ADD with REFERENCES make one). Without any, the foreign-key setting changes nothing.
bool foreignKeysInvolved(const Schema& before, const Plan& plan)
{
    for (const Table& t : before.tables)
        if (!t.foreignKeys.isEmpty())
            return true;
    for (const PlanStatement& s : plan.statements)
        for (const SqlToken& t : tokenizeSql(s.sql))
            if (t.is("REFERENCES"))
                return true;
    return false;
}

void compareReplay(DriverReplay& r, const Snapshot& replayed, const DryRunResult& sluice,
                   const Snapshot& sluiceAfter, const QList<WatchedChild>& watched)
{
    if (!r.ok) {
        if (r.failure && sluice.ok)
            r.differences << QStringLiteral("would fail where Sluice succeeds: %1").arg(r.failure->message);
        return;
    }
    if (!sluice.ok) {
        r.differences << QStringLiteral("would run to the end, where Sluice's run stops (%1)")
                             .arg(sluice.failure ? sluice.failure->sqliteMessage : sluice.planError);
        return;
    }
    for (const TableCount& c : r.counts) {
        const qint64 mine = sluiceAfter.counts.value(key(c.table), -1);
        if (mine < 0 || c.after < 0 || mine == c.after)
            continue;
        if (c.after < mine) {
            QString via;
            for (const WatchedChild& w : watched)
                if (w.cascade && key(w.table) == key(c.table))
                    via = QStringLiteral(" through ON DELETE CASCADE from %1").arg(w.parent);
            r.differences
                << QStringLiteral("would delete %1 from %2%3").arg(rowsText(mine - c.after), c.table, via);
        } else {
            r.differences
                << QStringLiteral("would leave %1 more in %2").arg(rowsText(c.after - mine), c.table);
        }
    }
    for (const WatchedChild& w : watched) {
        if (w.cascade)
            continue;
        const qint64 mine = sluiceAfter.nonNull.value(w.watchKey(), -1);
        const qint64 theirs = replayed.nonNull.value(w.watchKey(), -1);
        if (mine >= 0 && theirs >= 0 && theirs < mine)
            r.differences << QStringLiteral(
                                 "would set %1 %2.%3 values to NULL through ON DELETE SET NULL from %4")
                                 .arg(number(mine - theirs), w.table, w.columns.join(QLatin1Char(',')),
                                      w.parent);
    }
    const SchemaDiff d = diffSchemas(sluice.schemaAfter, replayed.schema);
    for (const ObjectDiff& o : d.objects)
        if (!o.isUnchanged())
            r.schemaDifferences << QStringLiteral("%1 %2: %3").arg(o.type, o.name, diffStateName(o.state));
    if (!r.schemaDifferences.isEmpty())
        r.differences << QStringLiteral("would leave a different schema (%1)")
                             .arg(r.schemaDifferences.join(QStringLiteral("; ")));
}

DryRunFailure failureOf(const DbError& e, const Plan& plan)
{
    DryRunFailure f;
    f.line = e.line;
    f.sql = e.statement;
    f.code = e.code;
    f.sqliteMessage = e.sqliteMessage.isEmpty() ? e.explanation : e.sqliteMessage;
    f.message = e.message();
    for (qsizetype i = 0; i < plan.statements.size(); ++i) {
        const PlanStatement& s = plan.statements.at(i);
        if (!e.statement.isEmpty() && s.sql == e.statement && s.sourceLine == e.line) {
            f.statement = int(i);
            if (s.step >= 0 && s.step < plan.steps.size())
                f.migration = plan.steps.at(s.step).name;
            break;
        }
    }
    return f;
}

} // namespace

const TableCount* DryRunResult::count(const QString& table) const
{
    for (const TableCount& c : counts)
        if (c.table.compare(table, Qt::CaseInsensitive) == 0)
            return &c;
    return nullptr;
}

const DriverReplay* DryRunResult::replay(const QString& driver) const
{
    for (const DriverReplay& r : drizzle)
        if (r.driver == driver)
            return &r;
    return nullptr;
}

Result<DryRunResult> runDryRun(Connection& source, const DryRunInput& input, const DryRunOptions& options,
                               JobControl* control)
{
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer phaseClock;
    phaseClock.start();
    const QString op = QStringLiteral("Dry run");
    DryRunResult result;
    result.databasePath = source.path();
    auto cancelled = [&]() { return control && control->isCancelled(); };
    auto phase = [&](int n, const QString& what) {
        if (control)
            control->progress(n, 6, what);
    };
    auto timed = [&](const QString& what) { result.phases << DryRunPhase{what, phaseClock.restart()}; };

    // The copy lives in a private folder that goes away with everything in it, whatever happens.
    const QString base = options.tempFolder.isEmpty() ? QDir::tempPath() : options.tempFolder;
    QTemporaryDir dir(QDir(base).filePath(QStringLiteral("sluice-dryrun-XXXXXX")));
    if (!dir.isValid())
        return DbError::plain(
            op, QStringLiteral("cannot create a temporary folder in %1: %2").arg(base, dir.errorString()),
            QStringLiteral("Choose a writable folder with room for a copy of the database."));

    // One copy serves every run: each run is a transaction on it that ends in ROLLBACK, which puts
    // the copy back exactly as the source was for the next one.
    phase(0, QStringLiteral("Copying the database"));
    const QString copyPath = dir.filePath(QStringLiteral("copy.sqlite3"));
    if (Status copied = scratchCopy(source, copyPath, control); !copied)
        return copied.error();
    auto opened = openCopy(copyPath, control);
    if (!opened)
        return opened.error();
    Connection& copy = *opened.value();
    timed(QStringLiteral("copy"));

    phase(1, QStringLiteral("Counting rows"));
    const QSet<QString> dropped = droppedTables(input.migrations);
    Measure before;
    before.full = false;
    {
        auto schema = readSchema(copy);
        if (!schema)
            return schema.error();
        before.watched = watchedChildren(schema->schema, dropped);
    }
    auto beforeSnap = snapshot(copy, before);
    if (!beforeSnap)
        return beforeSnap.error();
    result.schemaBefore = beforeSnap->schema;
    if (cancelled())
        return DbWorker::cancelledError();
    timed(QStringLiteral("counts before"));

    // Sluice's own run.
    phase(2, QStringLiteral("Running the migrations on a copy"));
    Plan plan;
    if (input.plan) {
        plan = *input.plan;
    } else if (auto planned = DrizzlePlanner::plan(input.migrations, input.planOptions)) {
        plan = planned.value();
    } else {
        result.planError = planned.error().message();
    }
    result.statements = int(plan.statements.size());
    result.planNotes = plan.notes;
    Snapshot after = *beforeSnap;
    Measure full = before;
    full.full = true;
    full.quickCheck = options.quickCheck;
    // The foreign-key setting Sluice's run has: off when the plan hoists it off, else the copy's.
    bool sluiceForeignKeys = false;
    if (result.planError.isEmpty()) {
        if (!plan.foreignKeysOff) {
            auto fk = copy.scalar(QStringLiteral("PRAGMA foreign_keys"));
            if (!fk)
                return fk.error();
            sluiceForeignKeys = fk->toInt() != 0;
        }
        int lastStep = -1;
        for (const PlanStatement& s : plan.statements)
            lastStep = std::max(lastStep, s.step);
        std::optional<Result<Snapshot>> inside;
        PlanRunOptions runOptions;
        runOptions.commit = false;
        // Measured inside the transaction, before the runner's own foreign-key check, so the
        // numbers are there even when the runner refuses to commit.
        runOptions.afterStep = [&](Connection& c, int step) -> Status {
            if (step == lastStep)
                inside = snapshot(c, full);
            return {};
        };
        auto ran = PlanRunner::run(copy, plan, control, runOptions);
        if (cancelled())
            return DbWorker::cancelledError();
        if (inside && !inside->ok())
            return inside->error();
        if (ran) {
            result.ok = true;
            if (inside) {
                after = inside->value();
            } else {
                // No step ran (nothing pending): the copy as it is is the result.
                auto measured = snapshot(copy, full);
                if (!measured)
                    return measured.error();
                after = measured.value();
            }
        } else {
            result.failure = failureOf(ran.error(), plan);
            // A refused commit (a new foreign-key violation) still shows what the plan produced.
            if (inside && ran.error().code == SQLITE_CONSTRAINT_FOREIGNKEY && ran.error().statement.isEmpty())
                after = inside->value();
        }
        timed(QStringLiteral("Sluice's run"));
    }
    phase(3, QStringLiteral("Checking the result"));
    result.counts = countsOf(*beforeSnap, after);
    result.schemaAfter = after.schema;
    result.schemaDiff = diffSchemas(result.schemaBefore, result.schemaAfter);
    result.foreignKeyViolations = after.foreignKeys;
    result.integrityOk = after.integrityOk;
    result.integrityMessages = after.integrity;
    for (const TableCount& c : result.counts) {
        if (c.before <= 0 || c.after < 0 || c.after >= c.before)
            continue;
        RowLoss loss{c.table, c.before - c.after, {}};
        for (const WatchedChild& w : before.watched)
            if (w.cascade && key(w.table) == key(c.table))
                loss.cascadeFrom = w.parent;
        result.removed << loss;
    }
    for (const Table& t : after.schema.tables)
        for (const ForeignKey& fk : t.foreignKeys)
            if (!after.schema.table(fk.targetTable))
                result.danglingReferences << DanglingReference{t.name, fk.fromColumns, fk.targetTable};

    // drizzle-orm's migrator, per driver. A driver that would run exactly the statements Sluice ran,
    // with the same foreign-key setting (or with no foreign key anywhere to act on), ends exactly
    // where Sluice's run ended: its outcome is taken from that run instead of rehearsing it again.
    QList<Driver> drivers;
    if (options.simulateDrizzle)
        drivers = {Driver{QStringLiteral("better-sqlite3"), true, false},
                   Driver{QStringLiteral("libsql"), false, true}};
    const bool sameStatements =
        options.deriveReplays && result.planError.isEmpty() && oneStatementPerChunk(input.migrations);
    const bool foreignKeys = sameStatements && foreignKeysInvolved(result.schemaBefore, plan);
    const bool refusedForForeignKeys = result.failure &&
                                       result.failure->code == SQLITE_CONSTRAINT_FOREIGNKEY &&
                                       result.failure->statement < 0;
    const bool sluiceEndedKnown = result.ok || (result.failure && result.failure->statement >= 0) ||
                                  (refusedForForeignKeys && !sluiceForeignKeys);
    for (int i = 0; i < drivers.size(); ++i) {
        if (cancelled())
            return DbWorker::cancelledError();
        const Driver& driver = drivers.at(i);
        phase(4 + i, QStringLiteral("Replaying drizzle-orm's migrator (%1)").arg(driver.name));
        const bool sameForeignKeys = !foreignKeys || (!driver.foreignKeys && !sluiceForeignKeys);
        DriverReplay r;
        Snapshot replayed;
        if (sameStatements && sameForeignKeys && sluiceEndedKnown) {
            r.driver = driver.name;
            r.foreignKeys = driver.foreignKeys;
            r.derived = true;
            if (result.ok || refusedForForeignKeys) {
                // Sluice's refusal is its own foreign-key check; the driver commits regardless.
                r.ok = true;
                replayed = after;
            } else {
                const PlanStatement& s = plan.statements.at(result.failure->statement);
                const QString migration =
                    s.step >= 0 && s.step < plan.steps.size() ? plan.steps.at(s.step).name : QString();
                int chunk = -1;
                for (const MigrationSource& m : input.migrations)
                    if (m.name == migration && !s.bookkeeping)
                        for (const LocatedStatement& st : locateStatements(m))
                            if (st.line == s.sourceLine && st.text == s.sql)
                                chunk = st.chunk;
                r.failure = driverFailure(driver.name, migration, chunk, s.bookkeeping ? 0 : s.sourceLine,
                                          s.sql, result.failure->code, result.failure->sqliteMessage);
                // Undone back to its BEGIN: the source plus drizzle-orm's table, created beforehand.
                replayed = *beforeSnap;
                const QString table = input.planOptions.migrationsTable;
                if (s.step >= 0 && !replayed.counts.contains(key(table))) {
                    replayed.counts.insert(key(table), 0);
                    replayed.names.insert(key(table), table);
                }
            }
            timed(QStringLiteral("%1 (from Sluice's run)").arg(driver.name));
        } else {
            r = replay(copy, driver, input, control);
            if (cancelled())
                return DbWorker::cancelledError();
            Measure countsOnly = before;
            auto measured = snapshot(copy, countsOnly);
            endRehearsal(copy);
            if (!measured)
                return measured.error();
            replayed = measured.value();
            timed(QStringLiteral("%1 replay").arg(driver.name));
        }
        r.counts = countsOf(*beforeSnap, replayed);
        compareReplay(r, replayed, result, after, before.watched);
        result.drizzle << r;
    }
    phase(6, QStringLiteral("Done"));
    result.elapsedMs = clock.elapsed();
    return result;
}

} // namespace sluice
