#pragma once
#include "Result.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <atomic>
#include <memory>

struct sqlite3;

namespace sluice {

struct OpenOptions
{
    enum class Mode {
        ReadWrite, // read-write when the file and its folder allow it, else read-only (and says why)
        ReadOnly,  // never writes
        Create     // read-write, creating the file when it does not exist
    };
    Mode mode = Mode::ReadWrite;
    // How long a statement waits for another process's lock before failing with SQLITE_BUSY.
    // The GUI thread's connection keeps this short so a locked file never freezes the window.
    int busyTimeoutMs = 5000;
    // Cap on the size of one string or BLOB this connection produces (SQLITE_LIMIT_LENGTH);
    // 0 keeps SQLite's default.
    int maxValueBytes = 0;
};

// One SQLite connection for the thread that opened it: a QSqlDatabase (QSQLITE) plus the raw
// sqlite3* for what Qt Sql lacks (online backup, interrupt, progress handler, db_config).
// Files are treated as untrusted: defensive mode, no extension loading, trusted_schema off.
class Connection
{
public:
    static Result<std::unique_ptr<Connection>> open(const QString& path, const OpenOptions& options = {});
    // A private in-memory database (for parsing schemas, tests, scratch work).
    static Result<std::unique_ptr<Connection>> openMemory();
    ~Connection();

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const QString& path() const { return m_path; }
    QString displayName() const;
    bool isReadOnly() const { return m_readOnly; }
    // Why the database is read-only when it was asked for read-write ("the file is not writable").
    const QString& readOnlyReason() const { return m_readOnlyReason; }

    QSqlDatabase& database() { return m_db; }
    // The raw handle of the same connection; nullptr when Qt's SQLite plugin does not use the
    // library Sluice links (then rawHandleProblem() says so and raw features refuse to run).
    sqlite3* handle() const { return m_rawOk ? m_handle : nullptr; }
    const QString& rawHandleProblem() const { return m_rawProblem; }

    // Prepares one statement and binds positional values; the query is forward-only.
    Result<QSqlQuery> prepare(const QString& sql, const QVariantList& binds = {},
                              const QString& operation = {});
    // Prepares and runs one statement.
    Result<QSqlQuery> run(const QString& sql, const QVariantList& binds = {}, const QString& operation = {});
    Status exec(const QString& sql, const QVariantList& binds = {}, const QString& operation = {});
    // First column of the first row (a null QVariant when there is no row).
    Result<QVariant> scalar(const QString& sql, const QVariantList& binds = {},
                            const QString& operation = {});
    // Every row, for results known to be small (pragmas, schema).
    Result<QList<QVariantList>> rows(const QString& sql, const QVariantList& binds = {},
                                     const QString& operation = {});

    // The error of a failed query, with SQLite's extended code and the person-readable text.
    DbError errorOf(const QSqlQuery& query, const QString& operation) const;
    // The connection's current error (after a raw API call failed).
    DbError lastRawError(const QString& operation) const;

    // Thread-safe: makes the statement running on this connection fail with SQLITE_INTERRUPT.
    void interrupt();
    // While set, statements on this connection check *flag every few thousand VM steps and stop
    // when it is true (covers the window in which sqlite3_interrupt has nothing to interrupt).
    void setCancelFlag(const std::atomic_bool* flag);

    // While a budget is set, a statement that runs past it fails with SQLITE_INTERRUPT and
    // budgetExceeded() turns true. The GUI thread's connection uses it so that a read judged cheap
    // can never freeze the window: past the budget the caller moves the work to a worker.
    void setTimeBudget(int milliseconds); // 0 removes it
    bool budgetExceeded() const { return m_progress.budgetHit; }

    // Why an existing file could not be opened for writing by this process ("" when it can).
    static QString whyNotWritable(const QString& path);

    // Versions, and whether Qt's plugin and the linked library are the same build.
    static QString libraryVersion();
    QString pluginSourceId();

    // Sets a time budget for its lifetime (see setTimeBudget).
    class TimeBudget
    {
    public:
        TimeBudget(Connection& c, int milliseconds) : m_c(c) { m_c.setTimeBudget(milliseconds); }
        ~TimeBudget() { m_c.setTimeBudget(0); }
        bool exceeded() const { return m_c.budgetExceeded(); }
        TimeBudget(const TimeBudget&) = delete;
        TimeBudget& operator=(const TimeBudget&) = delete;

    private:
        Connection& m_c;
    };

    // State the progress handler reads (public only so the C callback can see it).
    struct ProgressState
    {
        const std::atomic_bool* cancel = nullptr;
        qint64 deadlineNs = 0; // on `clock`, 0 = none
        bool budgetHit = false;
        QElapsedTimer clock;
    };

private:
    Connection() = default;
    Status configure(const OpenOptions& options);
    void updateProgressHandler();
    ProgressState m_progress;

    QString m_name;
    QString m_path;
    QSqlDatabase m_db;
    sqlite3* m_handle = nullptr;
    bool m_rawOk = false;
    QString m_rawProblem;
    bool m_readOnly = false;
    QString m_readOnlyReason;
};

} // namespace sluice
