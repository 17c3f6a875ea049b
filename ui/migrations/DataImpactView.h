#pragma once
// The dry run's account of what the migrations do to the data: a verdict, row counts per table
// before and after, rows removed (cascades), foreign-key problems, the integrity check, and what
// drizzle-orm's own migrator would do differently per driver.
#include "migrate/DryRun.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace sluice::ui {

class DataImpactView : public QWidget
{
    Q_OBJECT
public:
    explicit DataImpactView(QWidget* parent = nullptr);

    // The review of a generated schema change says "this change", not "the migrations".
    void setDescribesOneChange(bool one) { m_oneChange = one; }
    void setResult(const DryRunResult& result);
    void clear(const QString& note = {});

    QString verdict() const;
    QString reportText() const; // the narrative as plain text (tests, copy)
    QTableWidget* countsTable() const { return m_counts; }

private:
    QLabel* m_verdict;
    QTableWidget* m_counts;
    QTextBrowser* m_report;
    bool m_oneChange = false;
};

} // namespace sluice::ui
