#pragma once
// What running SQL from the editor produces: one StatementResult per statement, gathered in a
// ScriptResult. Plain values, safe to move from a worker thread to the GUI.
#include "core/DbError.h"
#include "sql/StatementSplitter.h"

#include <QList>
#include <QMetaType>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace sluice {

// One value of a result row. The storage class is kept so NULL stays distinct from '' and a BLOB
// from text. TEXT and BLOB values longer than RunOptions::maxCellBytes are cut for display;
// fullBytes remembers how large the value really is.
struct ResultCell
{
    enum class Type { Null, Integer, Real, Text, Blob };
    Type type = Type::Null;
    QVariant value;       // qint64, double, QString or QByteArray (possibly cut); invalid for NULL
    qint64 fullBytes = 0; // size of the whole TEXT (UTF-8 bytes) or BLOB value
    bool truncated = false;

    bool isNull() const { return type == Type::Null; }
};

using ResultRow = QList<ResultCell>;

struct StatementResult
{
    StatementSpan span;          // text and 1-based lines, already shifted by RunOptions::lineOffset
    int index = 0;               // 0-based position in the script
    bool isQuery = false;        // the statement returns columns (SELECT, PRAGMA, … RETURNING)
    bool isReadOnly = true;      // sqlite3_stmt_readonly
    bool changesSchema = false;  // CREATE / ALTER / DROP
    bool isModification = false; // INSERT / UPDATE / DELETE / REPLACE: rowsAffected is meaningful
    QStringList columns;
    QList<ResultRow> rows;   // at most RunOptions::maxRows of them
    bool moreRows = false;   // the statement had rows beyond those kept
    qint64 rowsAffected = 0; // sqlite3_changes64 for modifications, else 0
    qint64 elapsedNs = 0;
};

struct ScriptResult
{
    QList<StatementResult> statements; // those that ran successfully, in order
    std::optional<DbError> error;      // the first failure (then the script stopped there)
    int failedIndex = -1;              // 0-based index of the failing statement, -1 when none failed
    int errorLine = 0;                 // most precise 1-based line of the error (SQLite's error offset
                                       // when it has one, else the statement's first line)
    int statementCount = 0;            // statements found in the script
    bool transactionOpen = false;      // the script left a transaction open (BEGIN without COMMIT)
    bool schemaChanged = false;        // a statement changed the schema (schema_version moved or DDL ran)
    qint64 elapsedNs = 0;

    bool ok() const { return !error.has_value(); }
    bool wasCancelled() const { return error && error->isInterrupted(); }
    // The last statement that produced columns, or nullptr.
    const StatementResult* lastQuery() const;
};

struct RunOptions
{
    int maxRows = 10000;              // rows kept per statement for display
    int maxCellBytes = 4096;          // TEXT/BLOB bytes kept per value
    qint64 maxResultBytes = 64 << 20; // rough cap on the memory one statement's kept rows may take
    int lineOffset = 0; // added to every line (when running a selection that starts at line N+1)
};

} // namespace sluice

Q_DECLARE_METATYPE(sluice::ScriptResult)
