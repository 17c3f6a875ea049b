#include "CheckProgress.h"

#include "core/Connection.h"
#include "worker/DbWorker.h"

#include <sqlite3.h>

#include <algorithm>

namespace sluice {

CheckProgress::CheckProgress(Connection& connection, JobControl* control, qint64 estimatedSteps, QString what)
    : m_connection(connection), m_control(control), m_estimate(std::max<qint64>(0, estimatedSteps)),
      m_what(std::move(what))
{
    if (sqlite3* db = m_connection.handle())
        sqlite3_progress_handler(db, kStepInterval, &CheckProgress::onProgress, this);
    if (m_control)
        m_control->progress(0, m_estimate, m_what);
}

CheckProgress::~CheckProgress()
{
    // Reinstalls the connection's own handler (the worker's cancel flag) in place of this one.
    m_connection.setTimeBudget(0);
}

bool CheckProgress::cancelled() const
{
    return m_control && m_control->isCancelled();
}

int CheckProgress::onProgress(void* self)
{
    auto* p = static_cast<CheckProgress*>(self);
    p->m_steps += kStepInterval;
    if (p->cancelled())
        return 1;
    if (p->m_control) {
        // An estimate that turns out short is held just below the end rather than passed.
        const qint64 total = p->m_estimate;
        const qint64 done = total > 0 ? std::min(p->m_steps, total - total / 100 - 1) : p->m_steps;
        p->m_control->progress(done, total, p->m_what);
    }
    return 0;
}

} // namespace sluice
