#include "DbWorker.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <sqlite3.h>

namespace sluice {

void JobControl::progress(qint64 done, qint64 total, const QString& what)
{
    if (!m_report)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastReportMs >= 0 && now - m_lastReportMs < 50 && done < total)
        return;
    m_lastReportMs = now;
    m_report(done, total, what);
}

DbWorker::DbWorker(QString path, OpenOptions options)
    : m_path(std::move(path)), m_options(options), m_thread([this] { loop(); })
{}

DbWorker::~DbWorker()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (Job& j : m_queue)
            j.cancelled->store(true);
        m_queue.clear();
        if (m_runningCancelled)
            m_runningCancelled->store(true);
        if (m_connection)
            m_connection->interrupt();
    }
    m_wake.notify_all();
    m_thread.join();
}

DbError DbWorker::cancelledError()
{
    DbError e =
        DbError::fromSqlite(SQLITE_INTERRUPT, QStringLiteral("interrupted"), QStringLiteral("The operation"));
    e.sqliteMessage.clear();
    return e;
}

JobId DbWorker::enqueue(Body body, QObject* receiver, Progress progress)
{
    std::lock_guard lock(m_mutex);
    const JobId id = m_nextId++;
    m_queue.push_back(
        Job{id, std::move(body), std::make_shared<std::atomic_bool>(false), receiver, std::move(progress)});
    m_wake.notify_one();
    return id;
}

void DbWorker::cancel(JobId id)
{
    std::lock_guard lock(m_mutex);
    for (Job& j : m_queue)
        if (j.id == id)
            j.cancelled->store(true); // still runs its body, which reports the cancellation
    if (m_running == id && m_runningCancelled) {
        m_runningCancelled->store(true);
        if (m_connection)
            m_connection->interrupt();
    }
}

void DbWorker::cancelAll()
{
    std::lock_guard lock(m_mutex);
    for (Job& j : m_queue)
        j.cancelled->store(true);
    if (m_runningCancelled) {
        m_runningCancelled->store(true);
        if (m_connection)
            m_connection->interrupt();
    }
}

bool DbWorker::isIdle() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.empty() && m_running == 0;
}

void DbWorker::loop()
{
    std::unique_ptr<Connection> connection;
    std::optional<DbError> openError;
    bool opened = false;
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                break;
            job = std::move(m_queue.front());
            m_queue.pop_front();
            m_running = job.id;
            m_runningCancelled = job.cancelled;
        }
        if (!opened) {
            opened = true;
            auto c = Connection::open(m_path, m_options);
            if (c) {
                connection = std::move(c.value());
                std::lock_guard lock(m_mutex);
                m_connection = connection.get();
            } else {
                openError = c.error();
            }
        }
        JobControl control;
        control.m_cancelled = job.cancelled;
        if (job.progress && job.receiver) {
            QPointer<QObject> target = job.receiver;
            Progress report = job.progress;
            control.m_report = [target, report](qint64 done, qint64 total, const QString& what) {
                if (target)
                    QMetaObject::invokeMethod(
                        target.data(), [report, done, total, what]() { report(done, total, what); },
                        Qt::QueuedConnection);
            };
        }
        if (connection)
            connection->setCancelFlag(job.cancelled.get());
        job.body(connection.get(), openError ? &*openError : nullptr, control);
        if (connection)
            connection->setCancelFlag(nullptr);
        std::lock_guard lock(m_mutex);
        m_running = 0;
        m_runningCancelled.reset();
    }
    std::lock_guard lock(m_mutex);
    m_connection = nullptr;
    connection.reset(); // closed in the thread that opened it
}

} // namespace sluice
