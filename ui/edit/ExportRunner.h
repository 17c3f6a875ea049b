#pragma once
// One export of the grid's current view (its filter and sort) to a file, on a worker of its own
// with a progress dialog whose Cancel stops it. The engine writes under a temporary name and
// renames at the end, so a cancelled or failed export leaves nothing under the chosen name.
// Deletes itself after finished().
#include "edit/TableExport.h"
#include "worker/DbWorker.h"

#include <QObject>
#include <QPointer>

#include <memory>

#include <QProgressDialog>
class QWidget;

namespace sluice::ui {

class DatabaseSession;

class ExportRunner : public QObject
{
    Q_OBJECT
public:
    // Starts at once; the progress dialog (child of `dialogParent`) shows after a short delay.
    ExportRunner(DatabaseSession& session, const RowQueryBuilder& builder, const ExportOptions& options,
                 QWidget* dialogParent);
    ~ExportRunner() override;

    QProgressDialog* progressDialog() const { return m_progress; }
    const ExportOptions& options() const { return m_options; }
    bool isRunning() const { return m_job != 0; }
    void cancel();

    static QString formatName(ExportOptions::Format format); // "CSV"
    static QString fileSuffix(ExportOptions::Format format); // "csv"

Q_SIGNALS:
    // ok: `rows` rows written to the file; else `message` says why nothing was written.
    void finished(bool ok, qint64 rows, const QString& message);

private:
    ExportOptions m_options;
    std::unique_ptr<DbWorker> m_worker;
    QPointer<QProgressDialog> m_progress;
    JobId m_job = 0;
};

} // namespace sluice::ui
