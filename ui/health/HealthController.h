#pragma once
#include "HealthReport.h"
#include "worker/DbWorker.h"

#include <QObject>

#include <functional>
#include <memory>

class QWidget;

namespace sluice::ui {

class DatabaseSession;
class HealthPanel;
class MessageBar;

// Runs the Health menu's checks for the open database on a worker of its own and shows each
// result in the Health panel (one check at a time; a new one cancels the running one).
class HealthController : public QObject
{
    Q_OBJECT
public:
    HealthController(QWidget* window, HealthPanel* panel);
    ~HealthController() override;

    void setSession(DatabaseSession* session);

    void integrityCheck();
    void quickCheck();
    void foreignKeyCheck();
    void validateMigrationsTable();
    void statistics();
    void vacuum(); // says what it will reclaim and asks first
    void analyze();
    void optimize();
    void schemaAdvice();
    void cancel();
    bool isBusy() const { return m_job != 0; }

    // Asks a yes/no question; a QMessageBox unless replaced (tests answer without a dialog).
    std::function<bool(const QString& title, const QString& question)> confirm;

Q_SIGNALS:
    void panelNeeded(); // show and raise the Health dock
    void finished(bool ok);
    void databaseChanged(); // VACUUM/ANALYZE/optimize wrote to the database

private:
    using Work = std::function<Result<HealthReport>(Connection&, JobControl&)>;
    void run(const QString& title, Work work, bool writes = false);
    DbWorker& worker();

    QWidget* m_window;
    HealthPanel* m_panel;
    DatabaseSession* m_session = nullptr;
    std::unique_ptr<DbWorker> m_worker;
    JobId m_job = 0;
    quint64 m_generation = 0;
};

} // namespace sluice::ui
