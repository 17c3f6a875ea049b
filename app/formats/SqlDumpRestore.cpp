#include "BackupFormat.h"
#include "RawStatement.h"
#include "SqlDump.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QFile>

#include <cstring>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Restoring a SQL dump");
const QString kRolledBack = QStringLiteral("The restore was rolled back; the database was not changed.");

// What the authorizer saw while a statement was prepared: the dump is untrusted text, so it may
// run ordinary SQL inside the restore's transaction, but it may not end that transaction, reach
// other files (ATTACH) or write the schema table directly.
struct Guard
{
    bool transaction = false;
    bool foreignKeysPragma = false;
    const char* refused = nullptr;
};

int authorize(void* data, int action, const char* a1, const char*, const char*, const char*)
{
    auto* g = static_cast<Guard*>(data);
    switch (action) {
    case SQLITE_TRANSACTION:
        g->transaction = true;
        return SQLITE_OK;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        g->refused = "ATTACH and DETACH are not allowed in a restored dump";
        return SQLITE_DENY;
    case SQLITE_PRAGMA:
        if (a1 && sqlite3_stricmp(a1, "foreign_keys") == 0) {
            g->foreignKeysPragma = true;
        } else if (a1 && sqlite3_stricmp(a1, "writable_schema") == 0) {
            g->refused =
                "the dump writes SQLite's schema table directly (PRAGMA writable_schema, as dumps of "
                "virtual tables do), which Sluice does not allow";
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    default:
        return SQLITE_OK;
    }
}

class Restoring
{
public:
    explicit Restoring(sqlite3* db) : m_db(db) {}
    ~Restoring()
    {
        sqlite3_set_authorizer(m_db, nullptr, nullptr);
        if (m_open)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        if (m_foreignKeys)
            sqlite3_exec(m_db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    }
    int begin()
    {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, "PRAGMA foreign_keys", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            m_foreignKeys = sqlite3_column_int(st, 0) != 0;
        sqlite3_finalize(st);
        // Must be set outside a transaction (inside one it is ignored): DROP TABLE would otherwise
        // delete child rows, and the dump's tables are created before the rows they refer to.
        sqlite3_exec(m_db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
        const int rc = sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        m_open = rc == SQLITE_OK;
        return rc;
    }
    int commit()
    {
        sqlite3_set_authorizer(m_db, nullptr, nullptr);
        const int rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK)
            m_open = false;
        return rc;
    }

private:
    sqlite3* m_db;
    bool m_open = false;
    bool m_foreignKeys = false;
};

DbError rolledBack(DbError e)
{
    if (!e.hint.isEmpty())
        e.hint += QLatin1Char(' ');
    e.hint += kRolledBack;
    return e;
}

// Everything in the live database goes, inside the transaction: the dump recreates the schema.
Status dropEverything(sqlite3* db, const QString& path)
{
    const QString op = QStringLiteral("Removing the current schema before the restore");
    auto names = [&](const char* sql, QStringList& out) {
        RawStatement st;
        if (st.prepare(db, QString::fromUtf8(sql)) != SQLITE_OK)
            return false;
        while (sqlite3_step(st) == SQLITE_ROW)
            out << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        return true;
    };
    // Views first, then virtual tables (they drop their shadow tables), then the remaining tables
    // (with their indexes and triggers), then SQLite's statistics; sqlite_sequence cannot be
    // dropped, so it is emptied.
    const char* const steps[][2] = {
        {"SELECT name FROM sqlite_schema WHERE type = 'view'", "DROP VIEW %1"},
        {"SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'",
         "DROP TABLE %1"},
        {"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
         "DROP TABLE %1"},
        {"SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'sqlite\\_stat%' ESCAPE '\\'",
         "DROP TABLE %1"},
        {"SELECT name FROM sqlite_schema WHERE name = 'sqlite_sequence'", "DELETE FROM %1"},
    };
    for (const auto& step : steps) {
        QStringList list;
        if (!names(step[0], list))
            return sqliteError(db, op, path);
        for (const QString& name : list) {
            const QString sql = QString::fromUtf8(step[1]).arg(quoteIdentifier(name));
            if (execRawSql(db, sql) != SQLITE_OK)
                return sqliteError(db, op, path, sql);
        }
    }
    return {};
}

const char* skipSpaceAndComments(const char* p)
{
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == '\f')
            ++p;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                ++p;
        } else if (p[0] == '/' && p[1] == '*') {
            const char* end = std::strstr(p + 2, "*/");
            p = end ? end + 2 : p + std::strlen(p);
        } else {
            return p;
        }
    }
}

bool startsWithWord(const char* p, const char* word)
{
    const std::size_t n = std::strlen(word);
    return sqlite3_strnicmp(p, word, int(n)) == 0 && !std::isalnum(static_cast<unsigned char>(p[n])) &&
           p[n] != '_';
}

} // namespace

Result<ImportSummary> restoreSqlDump(Connection& live, const QString& path, JobControl* control)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* db = live.handle();
    if (!db)
        return DbError::plain(kOp, live.rawHandleProblem(), {}, live.path());
    if (live.isReadOnly())
        return DbError::plain(
            kOp, QStringLiteral("the database is open read-only (%1)").arg(live.readOnlyReason()),
            QStringLiteral("Open it read-write to restore into it."), live.path());
    if (!sqlite3_get_autocommit(db))
        return DbError::plain(kOp, QStringLiteral("a transaction is open on this connection"),
                              QStringLiteral("Commit or roll it back first. The database was not changed."),
                              live.path());
    QString why;
    if (detectBackupFormat(path, &why) != BackupFormat::SqlDump)
        return DbError::plain(
            kOp,
            QStringLiteral("%1 is not a SQL dump%2")
                .arg(path, why.isEmpty() ? QString() : QStringLiteral(": ") + why),
            QStringLiteral("Choose a file written by Sluice's SQL dump or `sqlite3 DB .dump`. The "
                           "database was not changed."),
            path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(kOp, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                              QStringLiteral("The database was not changed."), path);

    Restoring tx(db);
    if (tx.begin() != SQLITE_OK)
        return rolledBack(sqliteError(db, kOp, live.path()));
    if (Status s = dropEverything(db, live.path()); !s)
        return rolledBack(s.error());

    Guard guard;
    sqlite3_set_authorizer(db, authorize, &guard);
    ImportSummary summary;
    const qint64 size = file.size();
    QByteArray pending; // the statement being collected, NUL-terminated for sqlite3_complete
    int pendingLine = 0, lineNo = 0;
    bool sawBegin = false, sawCommit = false;
    qint64 statements = 0;

    auto fail = [&](const QString& explanation, const QString& statement, int line) {
        DbError e = DbError::plain(QStringLiteral("%1, line %2").arg(kOp).arg(line), explanation,
                                   QStringLiteral("Check the dump at that line."), path);
        e.statement = statement.left(500);
        e.line = line;
        return rolledBack(e);
    };

    // Runs every statement of a complete chunk (a line may hold several).
    auto runChunk = [&](const QByteArray& chunk, int line) -> Status {
        const char* p = chunk.constData();
        for (;;) {
            p = skipSpaceAndComments(p);
            if (!*p)
                return {};
            if (sawCommit)
                return fail(QStringLiteral("the dump goes on after its COMMIT"), QString::fromUtf8(p), line);
            guard = Guard();
            sqlite3_stmt* st = nullptr;
            const char* tail = nullptr;
            const int rc = sqlite3_prepare_v2(db, p, -1, &st, &tail);
            const QString statement = QString::fromUtf8(p, tail && tail > p ? int(tail - p) : -1);
            if (rc != SQLITE_OK) {
                DbError e = sqliteError(db, QStringLiteral("%1, line %2").arg(kOp).arg(line), path,
                                        statement.left(500));
                e.line = line;
                if (guard.refused)
                    e.explanation = QString::fromUtf8(guard.refused);
                return rolledBack(e);
            }
            if (!st) // only a comment or whitespace
                return {};
            bool run = true;
            if (guard.transaction) {
                // The dump's own BEGIN and COMMIT frame the statements; the restore's transaction takes
                // their place. Anything else that would end it early is refused.
                if (!sawBegin && statements == 0 && startsWithWord(p, "BEGIN")) {
                    sawBegin = true;
                    run = false;
                } else if (startsWithWord(p, "COMMIT") || startsWithWord(p, "END")) {
                    sawCommit = true;
                    run = false;
                } else {
                    sqlite3_finalize(st);
                    return fail(
                        QStringLiteral("the dump starts, ends or rolls back a transaction in the middle "
                                       "(only one BEGIN … COMMIT around everything is allowed)"),
                        statement, line);
                }
            } else if (guard.foreignKeysPragma) {
                run = false; // foreign keys are off for the whole restore, as the dump asks
            }
            if (run) {
                int step;
                while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                }
                if (step != SQLITE_DONE) {
                    DbError e = sqliteError(db, QStringLiteral("%1, line %2").arg(kOp).arg(line), path,
                                            statement.left(500));
                    e.line = line;
                    sqlite3_finalize(st);
                    return rolledBack(e);
                }
                if (startsWithWord(p, "INSERT"))
                    summary.rows += sqlite3_changes(db);
                else if (startsWithWord(p, "CREATE") && startsWithWord(skipSpaceAndComments(p + 6), "TABLE"))
                    ++summary.tables;
            }
            sqlite3_finalize(st);
            if (run)
                ++statements;
            p = tail;
        }
    };

    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNo;
        if (pending.isEmpty()) {
            if (skipSpaceAndComments(line.constData())[0] == '\0')
                continue;
            pendingLine = lineNo;
        }
        pending += line;
        if (!sqlite3_complete(pending.constData()))
            continue;
        if (Status s = runChunk(pending, pendingLine); !s)
            return s.error();
        pending.clear();
        if ((lineNo & 4095) == 0 && control) {
            if (control->isCancelled())
                return DbWorker::cancelledError();
            control->progress(file.pos(), size, QStringLiteral("Restoring"));
        }
    }
    if (file.error() != QFileDevice::NoError)
        return rolledBack(DbError::plain(
            kOp, QStringLiteral("reading %1 failed: %2").arg(path, file.errorString()), {}, path));
    if (skipSpaceAndComments(pending.constData())[0] != '\0')
        return fail(QStringLiteral("the dump ends in the middle of a statement: it is truncated"),
                    QString::fromUtf8(pending), pendingLine);
    if (!sawCommit)
        return fail(QStringLiteral("the dump ends before its COMMIT: it is truncated"), {}, lineNo);

    // Foreign keys were off while the dump ran, as in the sqlite3 shell; report what does not match.
    {
        RawStatement st;
        if (st.prepare(db, QStringLiteral("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")) ==
            SQLITE_OK) {
            qint64 count = 0;
            while (sqlite3_step(st) == SQLITE_ROW)
                if (++count <= 5)
                    summary.warnings << QStringLiteral(
                                            "A row of \"%1\" (rowid %2) refers to a missing row of "
                                            "\"%3\" (it was so in the dump).")
                                            .arg(QString::fromUtf8(reinterpret_cast<const char*>(
                                                     sqlite3_column_text(st, 0))),
                                                 QString::fromUtf8(reinterpret_cast<const char*>(
                                                     sqlite3_column_text(st, 1))),
                                                 QString::fromUtf8(reinterpret_cast<const char*>(
                                                     sqlite3_column_text(st, 2))));
            if (count > 5)
                summary.warnings << QStringLiteral("… %1 foreign-key violations in all.").arg(count);
        }
    }
    if (control && control->isCancelled())
        return DbWorker::cancelledError();
    if (tx.commit() != SQLITE_OK)
        return rolledBack(sqliteError(db, QStringLiteral("Committing the restore"), live.path()));
    summary.elapsedMs = clock.elapsed();
    return summary;
}

} // namespace sluice
