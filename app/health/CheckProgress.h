#pragma once
// Progress and cancel for one long statement (integrity_check, dbstat, VACUUM …) on a Connection.
#include <QString>

struct sqlite3;

namespace sluice {

class Connection;
class JobControl;

// While alive, SQLite's progress handler on `connection` counts virtual-machine steps, reports them
// to `control` as (steps, estimatedSteps) and stops the statement (SQLITE_INTERRUPT) once the job is
// cancelled. DbWorker::cancel also calls sqlite3_interrupt, which stops work that runs inside a
// single VM instruction (integrity_check's b-tree walk) where the handler is never called.
//
// It replaces the connection's own progress handler for its lifetime and reinstalls it afterwards
// (Connection::setTimeBudget(0)), so do not use it under a Connection::TimeBudget: health checks run
// on a worker, which has none. `control` may be null (the CLI): then it only counts.
class CheckProgress
{
public:
    CheckProgress(Connection& connection, JobControl* control, qint64 estimatedSteps, QString what);
    ~CheckProgress();
    CheckProgress(const CheckProgress&) = delete;
    CheckProgress& operator=(const CheckProgress&) = delete;

    qint64 steps() const { return m_steps; }
    // True when the job was cancelled (checked by the callers between statements too).
    bool cancelled() const;

    // How many VM steps pass between two calls of the handler: small enough that a cancel is seen
    // within a millisecond or so, large enough that the handler costs nothing measurable.
    static constexpr int kStepInterval = 4000;

private:
    static int onProgress(void* self);
    Connection& m_connection;
    JobControl* m_control;
    qint64 m_estimate;
    QString m_what;
    qint64 m_steps = 0;
};

} // namespace sluice
