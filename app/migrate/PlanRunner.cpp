#include "PlanRunner.h"

#include "SqlStatementKind.h"
#include "core/Identifiers.h"
#include "sql/StatementSplitter.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QSet>

#include <sqlite3.h>

namespace sluice {

namespace {

// Runs one statement on the raw handle: prepare (exactly one statement: the tail must be blank),
// bind, step to the end. Returns SQLITE_DONE or the error code (the handle holds the message).
// `problem` is set for errors that are ours rather than SQLite's.
int runOne(sqlite3* db, const QString& sql, const QVariantList& binds, QString& problem)
{
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &st, &tail);
    if (rc != SQLITE_OK)
        return rc;
    if (!st) {
        problem = QStringLiteral("the statement text holds no statement (only whitespace or comments)");
        return SQLITE_MISUSE;
    }
    if (tail && !isBlankSql(QString::fromUtf8(tail))) {
        sqlite3_finalize(st);
        problem = QStringLiteral("the statement text holds more than one statement; a plan runs exactly one "
                                 "statement per entry");
        return SQLITE_MISUSE;
    }
    for (int i = 0; i < binds.size() && rc == SQLITE_OK; ++i) {
        const QVariant& v = binds.at(i);
        const int at = i + 1;
        if (v.isNull()) {
            rc = sqlite3_bind_null(st, at);
        } else {
            switch (v.typeId()) {
            case QMetaType::Int:
            case QMetaType::LongLong:
            case QMetaType::UInt:
            case QMetaType::Bool:
                rc = sqlite3_bind_int64(st, at, v.toLongLong());
                break;
            case QMetaType::Double:
                rc = sqlite3_bind_double(st, at, v.toDouble());
                break;
            case QMetaType::QByteArray: {
                const QByteArray b = v.toByteArray();
                rc = sqlite3_bind_blob64(st, at, b.constData(), sqlite3_uint64(b.size()), SQLITE_TRANSIENT);
                break;
            }
            default: {
                const QByteArray t = v.toString().toUtf8();
                rc = sqlite3_bind_text64(st, at, t.constData(), sqlite3_uint64(t.size()), SQLITE_TRANSIENT,
                                         SQLITE_UTF8);
                break;
            }
            }
        }
    }
    if (rc == SQLITE_OK) {
        do
            rc = sqlite3_step(st);
        while (rc == SQLITE_ROW);
    }
    // sqlite3_finalize returns the statement's error again; the message stays on the handle.
    sqlite3_finalize(st);
    return rc;
}

// Every row of a small query (pragmas) as text, on the raw handle.
int queryText(sqlite3* db, const char* sql, QList<QStringList>& out)
{
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        QStringList row;
        for (int i = 0; i < sqlite3_column_count(st); ++i)
            row << (sqlite3_column_type(st, i) == SQLITE_NULL
                        ? QStringLiteral("NULL")
                        : QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, i))));
        out << row;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

// Whether any table of any attached schema declares a foreign key: 1 yes, 0 no, -1 could not tell.
// PRAGMA foreign_key_check reports rows of such tables only, so with none it has nothing to say and
// its scan (every child row, a parent lookup each) can be skipped without changing any outcome.
int anyForeignKey(sqlite3* db)
{
    QList<QStringList> schemas;
    if (queryText(db, "SELECT name FROM pragma_database_list", schemas) != SQLITE_OK)
        return -1;
    for (const QStringList& row : schemas) {
        const QString schema = row.value(0);
        const QByteArray sql =
            QStringLiteral("SELECT 1 FROM %1.sqlite_schema AS s, pragma_foreign_key_list(s.name, ?1) "
                           "WHERE s.type = 'table' LIMIT 1")
                .arg(quoteIdentifier(schema))
                .toUtf8();
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &st, nullptr) != SQLITE_OK)
            return -1;
        const QByteArray name = schema.toUtf8();
        sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        const int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_ROW)
            return 1;
        if (rc != SQLITE_DONE)
            return -1;
    }
    return 0;
}

QString abbreviated(const QString& sql, int max = 300)
{
    QString s = sql.simplified();
    return s.size() > max ? s.left(max - 1) + QChar(0x2026) : s;
}

// Which step last named `table` in its statements: the best guess at which migration caused a
// violation in it (a foreign_key_check per step would cost a full scan per step).
QString stepTouching(const Plan& plan, const QString& table)
{
    for (qsizetype i = plan.statements.size() - 1; i >= 0; --i) {
        const PlanStatement& s = plan.statements.at(i);
        if (s.bookkeeping || s.step < 0 || s.step >= plan.steps.size())
            continue;
        if (s.sql.contains(table, Qt::CaseInsensitive))
            return plan.steps.at(s.step).name;
    }
    return {};
}

class Transaction
{
public:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    // Leaves no transaction open, whatever SQLite already rolled back by itself (after
    // SQLITE_FULL, IOERR, NOMEM or some BUSY cases it does).
    void rollback()
    {
        if (sqlite3_get_autocommit(m_db) == 0)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }

private:
    sqlite3* m_db;
};

} // namespace

Result<PlanRunResult> PlanRunner::run(Connection& connection, const Plan& plan, JobControl* control,
                                      const PlanRunOptions& options)
{
    const QString op = QStringLiteral("Applying the changes");
    sqlite3* db = connection.handle();
    if (!db)
        return DbError::plain(op, connection.rawHandleProblem(), {}, connection.path());
    if (connection.isReadOnly() || sqlite3_db_readonly(db, "main") == 1) {
        const QString why = connection.readOnlyReason().isEmpty()
                                ? QStringLiteral("the database is open read-only")
                                : QStringLiteral("the database is read-only: ") + connection.readOnlyReason();
        DbError e =
            DbError::plain(op, why,
                           QStringLiteral("Nothing was changed. Check the permissions of the file and of its "
                                          "folder (SQLite writes a journal beside the file)."),
                           connection.path());
        e.code = SQLITE_READONLY;
        return e;
    }
    if (sqlite3_get_autocommit(db) == 0)
        return DbError::plain(op, QStringLiteral("a transaction is already open on this connection"),
                              QStringLiteral("Commit or roll it back first."), connection.path());

    QElapsedTimer clock;
    clock.start();
    PlanRunResult result;
    const qint64 total = plan.statements.size();

    // SQLite ignores PRAGMA foreign_keys inside a transaction: it has to be set before BEGIN.
    int previousForeignKeys = -1;
    if (plan.foreignKeysOff) {
        QList<QStringList> rows;
        if (queryText(db, "PRAGMA foreign_keys", rows) != SQLITE_OK || rows.isEmpty())
            return connection.lastRawError(QStringLiteral("Reading PRAGMA foreign_keys"));
        previousForeignKeys = rows.first().value(0).toInt();
        if (sqlite3_exec(db, "PRAGMA foreign_keys=OFF", nullptr, nullptr, nullptr) != SQLITE_OK)
            return connection.lastRawError(QStringLiteral("Turning foreign keys off"));
    }
    auto restoreForeignKeys = [&] {
        if (previousForeignKeys >= 0)
            sqlite3_exec(db, previousForeignKeys ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
                         nullptr, nullptr, nullptr);
    };
    Transaction txn(db);
    auto fail = [&](DbError e) -> Result<PlanRunResult> {
        txn.rollback();
        restoreForeignKeys();
        if (!e.hint.isEmpty())
            e.hint += QLatin1Char(' ');
        e.hint += QStringLiteral("Nothing was changed: the whole run was rolled back.");
        return e;
    };

    if (control)
        control->progress(0, total, QStringLiteral("Waiting for the write lock"));
    // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so a locked database
    // fails before anything ran rather than halfway through.
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        DbError e = connection.lastRawError(QStringLiteral("Starting the transaction"));
        e.path = connection.path();
        if (e.isBusy())
            e.explanation = QStringLiteral("the database is locked by another process that is writing to it "
                                           "(waited for the busy timeout)");
        return fail(e);
    }

    if (options.afterBegin) {
        if (Status st = options.afterBegin(connection); !st)
            return fail(st.error());
    }

    // Violations that exist before the run are not the plan's doing: only new ones refuse the commit.
    // Where no table declares a foreign key (a first deploy, most small apps) there can be none, and
    // the scan is skipped; likewise after the run.
    QSet<QString> before;
    auto readViolations = [&](QList<QStringList>& rows) {
        rows.clear();
        if (anyForeignKey(db) == 0)
            return SQLITE_OK;
        return queryText(db, "PRAGMA foreign_key_check", rows);
    };
    QList<QStringList> violations;
    if (readViolations(violations) != SQLITE_OK)
        return fail(connection.lastRawError(QStringLiteral("Checking foreign keys before the changes")));
    for (const QStringList& v : violations)
        before.insert(v.join(QLatin1Char('\x1f')));

    for (qsizetype i = 0; i < plan.statements.size(); ++i) {
        const PlanStatement& s = plan.statements.at(i);
        const QString stepName =
            s.step >= 0 && s.step < plan.steps.size() ? plan.steps.at(s.step).name : QString();
        if (control) {
            control->progress(i, total, stepName);
            if (control->isCancelled())
                return fail(DbWorker::cancelledError());
        }
        QString problem;
        if (const QString kw = transactionControlKeyword(s.sql); !kw.isEmpty())
            problem =
                QStringLiteral("%1 is not allowed inside a plan: the plan runs in one transaction of its own")
                    .arg(kw);
        const int rc = problem.isEmpty() ? runOne(db, s.sql, s.binds, problem) : SQLITE_MISUSE;
        if (rc != SQLITE_DONE) {
            DbError e =
                problem.isEmpty() ? connection.lastRawError(QString()) : DbError::plain(QString(), problem);
            const int inStep = [&] {
                int k = 0, n = 0;
                for (qsizetype j = 0; j < plan.statements.size(); ++j)
                    if (plan.statements.at(j).step == s.step) {
                        ++n;
                        if (j <= i)
                            k = n;
                    }
                return k;
            }();
            e.operation = stepName.isEmpty()
                              ? QStringLiteral("Running statement %1 of %2").arg(i + 1).arg(total)
                              : QStringLiteral("Applying “%1” (its statement %2)").arg(stepName).arg(inStep);
            e.path = s.source;
            e.statement = s.sql;
            e.line = s.sourceLine;
            e.hint = QStringLiteral("The statement was: %1").arg(abbreviated(s.sql));
            if (e.isInterrupted() && control && control->isCancelled()) {
                e = DbWorker::cancelledError();
                e.operation = stepName.isEmpty() ? QStringLiteral("Applying the changes")
                                                 : QStringLiteral("Applying “%1”").arg(stepName);
            }
            return fail(e);
        }
        ++result.statementsRun;
        const bool lastOfStep = i + 1 == plan.statements.size() || plan.statements.at(i + 1).step != s.step;
        if (lastOfStep && s.step >= 0 && options.afterStep) {
            if (Status st = options.afterStep(connection, s.step); !st)
                return fail(st.error());
        }
    }

    if (control)
        control->progress(total, total, QStringLiteral("Checking foreign keys"));
    if (readViolations(violations) != SQLITE_OK)
        return fail(connection.lastRawError(QStringLiteral("Checking foreign keys")));
    QStringList fresh;
    for (const QStringList& v : violations) {
        if (before.contains(v.join(QLatin1Char('\x1f')))) {
            ++result.preexistingForeignKeyViolations;
            continue;
        }
        // table, rowid, parent, fkid
        QString line = QStringLiteral("%1 rowid %2 → %3").arg(v.value(0), v.value(1), v.value(2));
        const QString step = stepTouching(plan, v.value(0));
        if (!step.isEmpty())
            line += QStringLiteral(" (table last changed by %1)").arg(step);
        fresh << line;
    }
    if (!fresh.isEmpty()) {
        const qsizetype n = fresh.size();
        if (n > 10) {
            fresh = fresh.mid(0, 10);
            fresh << QStringLiteral("… and %1 more").arg(n - 10);
        }
        DbError e = DbError::plain(
            QStringLiteral("Checking foreign keys before commit"),
            QStringLiteral("%1 row(s) would reference a parent row that does not exist: %2")
                .arg(n)
                .arg(fresh.join(QStringLiteral("; "))),
            QStringLiteral("Fix the migration (or the data) so that every child row has its parent."),
            connection.path());
        e.code = SQLITE_CONSTRAINT_FOREIGNKEY;
        return fail(e);
    }

    if (!options.commit) {
        // The rehearsal stops short of COMMIT, so it asks what COMMIT would have checked: deferred
        // foreign keys (with foreign keys on) still violated at the end refuse the commit.
        int deferred = 0, highwater = 0;
        if (sqlite3_db_status(db, SQLITE_DBSTATUS_DEFERRED_FKS, &deferred, &highwater, 0) == SQLITE_OK &&
            deferred > 0) {
            DbError e = DbError::fromSqlite(SQLITE_CONSTRAINT_FOREIGNKEY,
                                            QStringLiteral("FOREIGN KEY constraint failed"),
                                            QStringLiteral("Committing the changes"), connection.path());
            return fail(e);
        }
        txn.rollback();
        restoreForeignKeys();
        result.elapsedMs = clock.elapsed();
        return result;
    }
    if (control && control->isCancelled())
        return fail(DbWorker::cancelledError());
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        DbError e = connection.lastRawError(QStringLiteral("Committing the changes"));
        e.path = connection.path();
        return fail(e);
    }
    restoreForeignKeys();
    result.committed = true;
    result.elapsedMs = clock.elapsed();
    return result;
}

} // namespace sluice
