#include "HealthController.h"

#include "DatabaseSession.h"
#include "HealthChecks.h"
#include "HealthPanel.h"

#include <QLocale>
#include <QMessageBox>

namespace sluice::ui {

HealthController::HealthController(QWidget* window, HealthPanel* panel)
    : QObject(window), m_window(window), m_panel(panel)
{
    confirm = [this](const QString& title, const QString& question) {
        return QMessageBox::question(m_window, title, question, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    connect(m_panel, &HealthPanel::cancelRequested, this, &HealthController::cancel);
}

HealthController::~HealthController()
{
    m_worker.reset(); // jobs report here: stop them first
}

void HealthController::setSession(DatabaseSession* session)
{
    m_worker.reset();
    ++m_generation;
    m_job = 0;
    m_session = session;
    m_panel->showFailure(tr("Health"), session ? tr("Choose a check in the Health menu.")
                                               : tr("Open a database to check its health."));
}

DbWorker& HealthController::worker()
{
    if (!m_worker)
        m_worker = m_session->makeWorker();
    return *m_worker;
}

void HealthController::cancel()
{
    if (m_worker && m_job)
        m_worker->cancel(m_job);
}

void HealthController::run(const QString& title, Work work, bool writes)
{
    if (!m_session)
        return;
    Q_EMIT panelNeeded();
    if (writes && m_session->isReadOnly()) {
        m_panel->showFailure(title, tr("%1 writes to the database, which is open read-only (%2). Open it "
                                       "read-write to run it.")
                                        .arg(title, m_session->readOnlyReason()));
        Q_EMIT finished(false);
        return;
    }
    if (m_job)
        m_worker->cancel(m_job); // one check at a time: the newest wins
    const quint64 gen = ++m_generation;
    m_panel->showRunning(title, tr("Running %1…").arg(title));
    m_job = worker().submit<HealthReport>(
        this, std::move(work),
        [this, gen, title, writes](Result<HealthReport> r) {
            if (gen != m_generation)
                return;
            m_job = 0;
            if (!r) {
                const bool cancelled =
                    r.error().isInterrupted() || r.error().message() == DbWorker::cancelledError().message();
                m_panel->showFailure(title, cancelled
                                                ? tr("%1 was cancelled before it finished; nothing was "
                                                     "changed.")
                                                      .arg(title)
                                                : tr("%1 could not run: %2").arg(title, r.error().message()));
                Q_EMIT finished(false);
                return;
            }
            m_panel->showReport(*r);
            if (writes) {
                if (Status s = m_session->reloadSchema(); !s)
                    m_panel->showFailure(title, s.error().message());
                m_session->notifyDataChanged();
                Q_EMIT databaseChanged();
            }
            Q_EMIT finished(true);
        },
        [this, gen](qint64 done, qint64 total, const QString& what) {
            if (gen == m_generation)
                m_panel->showProgress(done, total, what);
        });
}

void HealthController::integrityCheck()
{
    run(tr("Integrity Check"),
        [](Connection& c, JobControl& control) { return integrityReport(c, control, false); });
}

void HealthController::quickCheck()
{
    run(tr("Quick Check"),
        [](Connection& c, JobControl& control) { return integrityReport(c, control, true); });
}

void HealthController::foreignKeyCheck()
{
    run(tr("Foreign Key Check"),
        [](Connection& c, JobControl& control) { return foreignKeyReport(c, control); });
}

void HealthController::validateMigrationsTable()
{
    run(tr("Migrations Table"),
        [](Connection& c, JobControl& control) { return migrationsTableReport(c, control); });
}

void HealthController::statistics()
{
    run(tr("Database Statistics"),
        [](Connection& c, JobControl& control) { return statisticsReport(c, control); });
}

void HealthController::vacuum()
{
    if (!m_session)
        return;
    // The estimate reads two pragmas on the GUI connection: bounded, no need for the worker.
    auto reclaim = vacuumReclaimableBytes(m_session->connection());
    const QString amount = reclaim ? QLocale().formattedDataSize(*reclaim) : tr("an unknown amount");
    const QString question =
        tr("VACUUM rebuilds %1 and gives back about %2 of free pages to the file system.\n\nIt needs free "
           "disk "
           "space about the size of the database, and other connections wait until it ends. Run it now?")
            .arg(m_session->path(), amount);
    if (!confirm(tr("VACUUM"), question))
        return;
    run(
        tr("VACUUM"),
        [](Connection& c, JobControl& control) { return maintenanceReport(c, control, Maintenance::Vacuum); },
        true);
}

void HealthController::analyze()
{
    run(
        tr("ANALYZE"),
        [](Connection& c, JobControl& control) {
            return maintenanceReport(c, control, Maintenance::Analyze);
        },
        true);
}

void HealthController::optimize()
{
    run(
        tr("Optimize"),
        [](Connection& c, JobControl& control) {
            return maintenanceReport(c, control, Maintenance::Optimize);
        },
        true);
}

void HealthController::schemaAdvice()
{
    run(tr("Schema Advice"),
        [](Connection& c, JobControl& control) { return schemaAdviceReport(c, control); });
}

} // namespace sluice::ui
