#include "ScriptRunner.h"

#include "core/Connection.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>

#include <sqlite3.h>

namespace sluice {

const StatementResult* ScriptResult::lastQuery() const
{
    for (auto it = statements.crbegin(); it != statements.crend(); ++it)
        if (it->isQuery)
            return &*it;
    return nullptr;
}

namespace {

// First keyword of a statement (leading comments were removed by the splitter), upper case.
QString firstKeyword(const QString& text)
{
    int i = 0;
    while (i < text.size() && (text.at(i).isLetter() || text.at(i) == QLatin1Char('_')))
        ++i;
    return text.left(i).toUpper();
}

bool isDdlKeyword(const QString& k)
{
    return k == QLatin1String("CREATE") || k == QLatin1String("ALTER") || k == QLatin1String("DROP");
}

bool isDmlKeyword(const QString& k)
{
    return k == QLatin1String("INSERT") || k == QLatin1String("UPDATE") || k == QLatin1String("DELETE") ||
           k == QLatin1String("REPLACE") || k == QLatin1String("WITH");
}

// Keeps at most maxBytes of UTF-8 text without cutting a character in half.
int utf8Cut(const char* s, int length, int maxBytes)
{
    if (length <= maxBytes)
        return length;
    int n = maxBytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return n;
}

ResultCell readCell(sqlite3_stmt* st, int col, int maxBytes)
{
    ResultCell c;
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
        c.type = ResultCell::Type::Integer;
        c.value = QVariant::fromValue<qint64>(sqlite3_column_int64(st, col));
        break;
    case SQLITE_FLOAT:
        c.type = ResultCell::Type::Real;
        c.value = sqlite3_column_double(st, col);
        break;
    case SQLITE_TEXT: {
        c.type = ResultCell::Type::Text;
        const char* text = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
        const int bytes = sqlite3_column_bytes(st, col);
        const int kept = utf8Cut(text, bytes, maxBytes);
        c.value = QString::fromUtf8(text, kept);
        c.fullBytes = bytes;
        c.truncated = kept < bytes;
        break;
    }
    case SQLITE_BLOB: {
        c.type = ResultCell::Type::Blob;
        const char* data = static_cast<const char*>(sqlite3_column_blob(st, col));
        const int bytes = sqlite3_column_bytes(st, col);
        const int kept = qMin(bytes, maxBytes);
        c.value = QByteArray(data, kept);
        c.fullBytes = bytes;
        c.truncated = kept < bytes;
        break;
    }
    default:
        break; // NULL: an invalid QVariant
    }
    return c;
}

qint64 approximateBytes(const ResultRow& row)
{
    qint64 n = 0;
    for (const ResultCell& c : row)
        n += qint64(sizeof(ResultCell)) +
             (c.type == ResultCell::Type::Text ? c.value.toString().size() * 2 : 0) +
             (c.type == ResultCell::Type::Blob ? c.value.toByteArray().size() : 0);
    return n;
}

// Line (1-based, within `utf8`) of byte `offset`.
int lineOfOffset(const QByteArray& utf8, int offset)
{
    int line = 1;
    for (int i = 0; i < offset && i < utf8.size(); ++i)
        if (utf8.at(i) == '\n')
            ++line;
    return line;
}

DbError statementError(Connection& connection, int code, const StatementSpan& span, int number)
{
    sqlite3* db = connection.handle();
    DbError e = DbError::fromSqlite(code, QString::fromUtf8(sqlite3_errmsg(db)),
                                    QStringLiteral("Running statement %1").arg(number), {});
    if ((code & 0xff) == SQLITE_INTERRUPT) {
        e.sqliteMessage.clear(); // "interrupted" adds nothing to "it was cancelled"
    } else if ((code & 0xff) == SQLITE_READONLY) {
        if (connection.isReadOnly()) {
            e.explanation = connection.readOnlyReason().isEmpty()
                                ? QStringLiteral("the database is open read-only, so statements that change "
                                                 "it are refused")
                                : QStringLiteral("the database is open read-only (%1), so statements that "
                                                 "change it are refused")
                                      .arg(connection.readOnlyReason());
        }
    }
    e.statement = span.text;
    e.line = span.firstLine;
    return e;
}

qint64 schemaVersion(sqlite3* db)
{
    sqlite3_stmt* st = nullptr;
    qint64 v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

struct StepOutcome
{
    int code = SQLITE_OK;
    int errorOffset = -1;
};

// Prepares and runs one statement of the span (there is normally exactly one), filling `out`.
StepOutcome runOne(sqlite3* db, const QByteArray& sql, StatementResult& out, const RunOptions& options)
{
    const char* begin = sql.constData();
    const char* end = begin + sql.size();
    const char* cursor = begin;
    StepOutcome outcome;
    while (cursor < end) {
        sqlite3_stmt* st = nullptr;
        const char* tail = nullptr;
        int rc = sqlite3_prepare_v2(db, cursor, int(end - cursor), &st, &tail);
        if (rc != SQLITE_OK) {
            outcome.code = sqlite3_extended_errcode(db);
            const int off = sqlite3_error_offset(db);
            outcome.errorOffset = off >= 0 ? int(cursor - begin) + off : -1;
            sqlite3_finalize(st);
            return outcome;
        }
        cursor = tail ? tail : end;
        if (!st)
            continue; // only whitespace or comments left
        const int columns = sqlite3_column_count(st);
        out.isReadOnly = sqlite3_stmt_readonly(st) != 0;
        out.isQuery = columns > 0;
        out.columns.clear();
        out.rows.clear();
        out.moreRows = false;
        for (int i = 0; i < columns; ++i)
            out.columns << QString::fromUtf8(sqlite3_column_name(st, i));
        qint64 keptBytes = 0;
        for (;;) {
            rc = sqlite3_step(st);
            if (rc != SQLITE_ROW)
                break;
            if (out.rows.size() < options.maxRows && keptBytes < options.maxResultBytes) {
                ResultRow row;
                row.reserve(columns);
                for (int i = 0; i < columns; ++i)
                    row << readCell(st, i, options.maxCellBytes);
                keptBytes += approximateBytes(row);
                out.rows << std::move(row);
            } else {
                out.moreRows = true;
                // A read can stop here; a statement that writes (… RETURNING) must finish its work.
                if (out.isReadOnly) {
                    rc = SQLITE_DONE;
                    break;
                }
            }
        }
        if (rc != SQLITE_DONE) {
            outcome.code = sqlite3_extended_errcode(db);
            sqlite3_finalize(st);
            return outcome;
        }
        if (out.isModification)
            out.rowsAffected = sqlite3_changes64(db);
        sqlite3_finalize(st);
    }
    return outcome;
}

} // namespace

ScriptResult runScript(Connection& connection, const QString& script, const RunOptions& options,
                       const JobControl* control)
{
    ScriptResult result;
    QElapsedTimer total;
    total.start();
    const QList<StatementSpan> spans = splitStatements(script);
    result.statementCount = int(spans.size());
    sqlite3* db = connection.handle();
    if (!db) {
        result.error = DbError::plain(QStringLiteral("Running the script"), connection.rawHandleProblem());
        return result;
    }
    const qint64 versionBefore = schemaVersion(db);
    for (int i = 0; i < spans.size(); ++i) {
        StatementSpan span = spans.at(i);
        span.firstLine += options.lineOffset;
        span.lastLine += options.lineOffset;
        if (control && control->isCancelled()) {
            DbError e = DbWorker::cancelledError();
            e.operation = QStringLiteral("Running statement %1").arg(i + 1);
            e.statement = span.text;
            e.line = span.firstLine;
            result.error = e;
            result.failedIndex = i;
            result.errorLine = span.firstLine;
            break;
        }
        StatementResult sr;
        sr.span = span;
        sr.index = i;
        const QString keyword = firstKeyword(span.text);
        sr.changesSchema = isDdlKeyword(keyword);
        sr.isModification = isDmlKeyword(keyword);
        QElapsedTimer timer;
        timer.start();
        const QByteArray sql = span.text.toUtf8();
        const StepOutcome outcome = runOne(db, sql, sr, options);
        sr.elapsedNs = timer.nsecsElapsed();
        if (sr.isModification && sr.isReadOnly) // WITH … SELECT
            sr.isModification = false;
        if (outcome.code != SQLITE_OK) {
            result.error = statementError(connection, outcome.code, span, i + 1);
            result.failedIndex = i;
            result.errorLine = outcome.errorOffset >= 0
                                   ? span.firstLine - 1 + lineOfOffset(sql, outcome.errorOffset)
                                   : span.firstLine;
            break;
        }
        if (sr.changesSchema)
            result.schemaChanged = true;
        result.statements << std::move(sr);
    }
    const qint64 versionAfter = schemaVersion(db);
    if (versionBefore >= 0 && versionAfter >= 0 && versionAfter != versionBefore)
        result.schemaChanged = true;
    result.transactionOpen = sqlite3_get_autocommit(db) == 0;
    result.elapsedNs = total.nsecsElapsed();
    return result;
}

bool isInTransaction(Connection& connection)
{
    sqlite3* db = connection.handle();
    return db && sqlite3_get_autocommit(db) == 0;
}

Status endTransaction(Connection& connection, TransactionEnd how)
{
    const bool commit = how == TransactionEnd::Commit;
    const QString operation = commit ? QStringLiteral("Committing the transaction")
                                     : QStringLiteral("Rolling back the transaction");
    sqlite3* db = connection.handle();
    if (!db)
        return DbError::plain(operation, connection.rawHandleProblem());
    if (sqlite3_get_autocommit(db) != 0)
        return {}; // nothing open (SQLite may have rolled it back itself after an error)
    const char* sql = commit ? "COMMIT" : "ROLLBACK";
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return connection.lastRawError(operation);
    return {};
}

} // namespace sluice
