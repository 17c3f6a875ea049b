#pragma once
#include "core/Connection.h"
#include "schema/Schema.h"
#include "worker/DbWorker.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <optional>

#include <memory>

namespace sluice::ui {

// One open database in the GUI: the GUI thread's connection (bounded reads only, short busy
// timeout so a locked file never freezes the window), the schema read from it, and a factory for
// workers that do the unbounded work on connections of their own.
class DatabaseSession : public QObject
{
    Q_OBJECT
public:
    static Result<std::unique_ptr<DatabaseSession>> open(const QString& path);
    ~DatabaseSession() override;

    Connection& connection() { return *m_connection; }
    const Schema& schema() const { return m_schema; }
    const QStringList& schemaProblems() const { return m_problems; }
    const QString& path() const { return m_connection->path(); }
    bool isReadOnly() const { return m_connection->isReadOnly(); }
    const QString& readOnlyReason() const { return m_connection->readOnlyReason(); }

    // A new worker (thread + connection) on the same file and mode; the caller owns it.
    std::unique_ptr<DbWorker> makeWorker() const;
    OpenOptions workerOptions() const;

    // Re-reads the schema (after DDL ran) and emits schemaChanged.
    Status reloadSchema();

    // Exact row counts of whole tables, shared by every view (the schema tree, the grid) so a table
    // is counted once. Counting runs on the session's own worker, one table at a time; `urgent`
    // puts the table at the front of the queue (the grid showing it asks first).
    void requestRowCount(const QString& table, bool urgent = false);
    std::optional<qint64> cachedRowCount(const QString& table) const;
    bool isCounting(const QString& table) const;
    void cancelRowCount(const QString& table);
    // Forget counts after data changed (rows inserted or deleted elsewhere) and tell the views.
    void notifyDataChanged();

    // The GUI connection's busy timeout: a read that waits longer than this fails with SQLITE_BUSY.
    static constexpr int kGuiBusyTimeoutMs = 80;

Q_SIGNALS:
    void schemaChanged();
    void dataChanged();
    void rowCountReady(const QString& table, qint64 count);
    void rowCountFailed(const QString& table, const sluice::DbError& error);

private:
    DatabaseSession() = default;
    void startNextCount();
    void resetCounts();

    std::unique_ptr<DbWorker> m_countWorker;
    QHash<QString, qint64> m_counts;
    QStringList m_countQueue;
    QString m_counting; // the table being counted now
    JobId m_countJob = 0;
    quint64 m_countGeneration = 0;
    std::unique_ptr<Connection> m_connection;
    Schema m_schema;
    QStringList m_problems;
};

} // namespace sluice::ui
