#pragma once
#include "core/Connection.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace sluice {

// What a running job sees: whether it was cancelled, and a way to report progress.
class JobControl
{
public:
    bool isCancelled() const { return m_cancelled->load(std::memory_order_relaxed); }
    // Reports progress; calls are throttled (at most ~20 a second reach the receiver).
    void progress(qint64 done, qint64 total, const QString& what = {});

private:
    friend class DbWorker;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    std::function<void(qint64, qint64, const QString&)> m_report;
    qint64 m_lastReportMs = -1;
};

using JobId = quint64;

// Runs long database work off the GUI thread: one thread, one connection of its own (opened on
// first use, in that thread, with the given options), jobs in submission order. Every job can be
// cancelled: a queued job is dropped, a running one is stopped with sqlite3_interrupt and the
// connection's progress handler. Results and progress reach the receiver in its own thread; if the
// receiver is gone, they are dropped.
class DbWorker
{
public:
    DbWorker(QString path, OpenOptions options);
    ~DbWorker(); // cancels everything and joins the thread

    DbWorker(const DbWorker&) = delete;
    DbWorker& operator=(const DbWorker&) = delete;

    template <class R> using Work = std::function<Result<R>(Connection&, JobControl&)>;
    template <class R> using Done = std::function<void(Result<R>)>;
    using Progress = std::function<void(qint64 done, qint64 total, const QString& what)>;

    template <class R> JobId submit(QObject* receiver, Work<R> work, Done<R> done, Progress progress = {})
    {
        QPointer<QObject> target(receiver);
        auto body = [work = std::move(work), done = std::move(done),
                     target](Connection* c, const DbError* openError, JobControl& control) {
            auto result = std::make_shared<Result<R>>(openError               ? Result<R>(*openError)
                                                      : control.isCancelled() ? Result<R>(cancelledError())
                                                                              : work(*c, control));
            if (target)
                QMetaObject::invokeMethod(
                    target.data(), [done, result]() { done(std::move(*result)); }, Qt::QueuedConnection);
        };
        return enqueue(std::move(body), receiver, std::move(progress));
    }

    void cancel(JobId id);
    void cancelAll();
    bool isIdle() const;
    const QString& path() const { return m_path; }

    static DbError cancelledError();

private:
    using Body = std::function<void(Connection*, const DbError*, JobControl&)>;
    struct Job
    {
        JobId id;
        Body body;
        std::shared_ptr<std::atomic_bool> cancelled;
        QPointer<QObject> receiver;
        Progress progress;
    };
    JobId enqueue(Body body, QObject* receiver, Progress progress);
    void loop();

    QString m_path;
    OpenOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    JobId m_nextId = 1;
    JobId m_running = 0;
    std::shared_ptr<std::atomic_bool> m_runningCancelled;
    Connection* m_connection = nullptr; // owned by the thread; guarded by m_mutex for interrupt()
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace sluice
