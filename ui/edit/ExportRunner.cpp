#include "ExportRunner.h"

#include "DatabaseSession.h"

#include <QLocale>
#include <QProgressDialog>

namespace sluice::ui {

QString ExportRunner::formatName(ExportOptions::Format format)
{
    switch (format) {
    case ExportOptions::Format::Csv:
        return tr("CSV");
    case ExportOptions::Format::Json:
        return tr("JSON");
    case ExportOptions::Format::SqlInserts:
        return tr("SQL INSERT statements");
    }
    return {};
}

QString ExportRunner::fileSuffix(ExportOptions::Format format)
{
    switch (format) {
    case ExportOptions::Format::Csv:
        return QStringLiteral("csv");
    case ExportOptions::Format::Json:
        return QStringLiteral("json");
    case ExportOptions::Format::SqlInserts:
        return QStringLiteral("sql");
    }
    return {};
}

ExportRunner::ExportRunner(DatabaseSession& session, const RowQueryBuilder& builder,
                           const ExportOptions& options, QWidget* dialogParent)
    : QObject(dialogParent), m_options(options), m_worker(session.makeWorker())
{
    m_progress = new QProgressDialog(
        tr("Exporting %1 as %2\u2026").arg(builder.source().name(), formatName(options.format)), tr("Cancel"),
        0, 0, dialogParent);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(400); // quick exports finish without a flash of a dialog
    connect(m_progress, &QProgressDialog::canceled, this, &ExportRunner::cancel);
    m_job = m_worker->submit<ExportReport>(
        this,
        [builder, options](Connection& c, JobControl& control) {
            return exportRows(c, builder, options, &control);
        },
        [this](Result<ExportReport> r) {
            m_job = 0;
            if (m_progress) {
                m_progress->hide();
                m_progress->deleteLater();
            }
            if (r)
                Q_EMIT finished(
                    true, r->rows,
                    (r->rows == 1
                         ? tr("Exported 1 row to %1").arg(m_options.path)
                         : tr("Exported %1 rows to %2").arg(QLocale().toString(r->rows), m_options.path)));
            else if (r.error().message() == DbWorker::cancelledError().message())
                Q_EMIT finished(false, 0,
                                tr("Export cancelled: nothing was written to %1").arg(m_options.path));
            else
                Q_EMIT finished(false, 0, tr("Export failed: %1").arg(r.error().message()));
            deleteLater();
        },
        [this](qint64 done, qint64 total, const QString&) {
            if (!m_progress)
                return;
            // Counts can pass int's range: the bar shows per mille, the label the rows.
            if (total > 0) {
                m_progress->setMaximum(1000);
                m_progress->setValue(int(qMin<qint64>(1000, done * 1000 / total)));
            }
            m_progress->setLabelText(tr("Exporting as %1: %2 rows written\u2026")
                                         .arg(formatName(m_options.format), QLocale().toString(done)));
        });
}

ExportRunner::~ExportRunner() = default;

void ExportRunner::cancel()
{
    if (m_job)
        m_worker->cancel(m_job);
}

} // namespace sluice::ui
