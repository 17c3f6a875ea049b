#include "HealthPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sluice::ui {

HealthPanel::HealthPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_summary(new QLabel(this)),
      m_progressRow(new QWidget(this)), m_progress(new QProgressBar(this)), m_progressLabel(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_table(new QTableWidget(this)),
      m_copy(new QPushButton(tr("Copy"), this)), m_review(new QPushButton(tr("Review Fix…"), this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setText(tr("Health"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Choose a check in the Health menu."));

    auto* progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progressLabel);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_cancel);
    m_progressRow->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_progressLabel->setText(tr("Cancelling…"));
        m_cancel->setEnabled(false);
        Q_EMIT cancelRequested();
    });

    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { activate(row); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &HealthPanel::updateButtons);

    m_copy->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_copy->setToolTip(tr("Copy the result as text (Ctrl+C copies the selected rows)"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        m_table->clearSelection();
        copyToClipboard();
    });
    m_review->setToolTip(
        tr("Show the SQL that fixes the selected finding for review; nothing is run from here"));
    connect(m_review, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0 && row < m_report.rows.size() && !m_report.rows.at(row).fixSql.isEmpty())
            Q_EMIT reviewSqlRequested(m_report.rows.at(row).fixSql, m_report.rows.at(row).fixTitle);
    });
    auto* copy = new QShortcut(QKeySequence::Copy, this, this, &HealthPanel::copyToClipboard,
                               Qt::WidgetWithChildrenShortcut);
    Q_UNUSED(copy);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_title, 1);
    buttons->addWidget(m_review);
    buttons->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_progressRow);
    layout->addWidget(m_table, 1);
    updateButtons();
}

void HealthPanel::showRunning(const QString& title, const QString& text)
{
    m_report = HealthReport{};
    m_report.title = title;
    m_title->setText(title);
    m_summary->setText(text);
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_progress->setRange(0, 0);
    m_progressLabel->setText(text);
    m_cancel->setEnabled(true);
    m_progressRow->show();
    updateButtons();
}

void HealthPanel::showProgress(qint64 done, qint64 total, const QString& what)
{
    if (total > 0) {
        m_progress->setRange(0, 1000); // QProgressBar holds ints: scale
        m_progress->setValue(int(double(done) / double(total) * 1000));
    }
    if (!what.isEmpty() && m_cancel->isEnabled())
        m_progressLabel->setText(what);
}

void HealthPanel::showReport(const HealthReport& report)
{
    m_report = report;
    m_progressRow->hide();
    m_title->setText(report.title);
    m_summary->setText(report.summary);
    QFont f = m_summary->font();
    f.setBold(report.problems);
    m_summary->setFont(f);
    m_table->clear();
    m_table->setColumnCount(int(report.columns.size()));
    m_table->setHorizontalHeaderLabels(report.columns);
    m_table->setRowCount(int(report.rows.size()));
    for (int r = 0; r < report.rows.size(); ++r) {
        const HealthRow& row = report.rows.at(r);
        for (int c = 0; c < row.cells.size() && c < report.columns.size(); ++c) {
            auto* item = new QTableWidgetItem(row.cells.at(c));
            item->setToolTip(row.cells.at(c));
            if (!row.fixSql.isEmpty())
                item->setToolTip(row.cells.at(c) + QStringLiteral("\n\n") + row.fixSql);
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    for (int c = 0; c < m_table->columnCount(); ++c)
        m_table->setColumnWidth(c, qMin(m_table->columnWidth(c), 420));
    updateButtons();
}

void HealthPanel::showFailure(const QString& title, const QString& text)
{
    HealthReport r;
    r.title = title;
    r.summary = text;
    r.problems = true;
    showReport(r);
}

QString HealthPanel::titleText() const
{
    return m_title->text();
}

QString HealthPanel::summaryText() const
{
    return m_summary->text();
}

bool HealthPanel::isRunning() const
{
    return !m_progressRow->isHidden();
}

void HealthPanel::copyToClipboard() const
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        QApplication::clipboard()->setText(m_report.toText());
        return;
    }
    QList<int> rows;
    for (const QModelIndex& i : selected)
        rows << i.row();
    std::sort(rows.begin(), rows.end());
    QStringList lines{m_report.columns.join(QLatin1Char('\t'))};
    for (int r : rows)
        if (r < m_report.rows.size())
            lines << m_report.rows.at(r).cells.join(QLatin1Char('\t'));
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void HealthPanel::updateButtons()
{
    const int row = m_table->currentRow();
    const bool hasFix = row >= 0 && row < m_report.rows.size() && !m_report.rows.at(row).fixSql.isEmpty() &&
                        !m_table->selectionModel()->selectedRows().isEmpty();
    bool anyFix = false;
    for (const HealthRow& r : m_report.rows)
        anyFix = anyFix || !r.fixSql.isEmpty();
    m_review->setVisible(anyFix);
    m_review->setEnabled(hasFix);
    m_copy->setEnabled(!m_report.summary.isEmpty());
}

void HealthPanel::activate(int row)
{
    if (row < 0 || row >= m_report.rows.size())
        return;
    const HealthRow& r = m_report.rows.at(row);
    if (!r.table.isEmpty() && r.rowid.isValid())
        Q_EMIT rowActivated(r.table, r.rowid);
    else if (!r.fixSql.isEmpty())
        Q_EMIT reviewSqlRequested(r.fixSql, r.fixTitle);
}

} // namespace sluice::ui
