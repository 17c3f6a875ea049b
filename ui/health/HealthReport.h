#pragma once
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace sluice::ui {

// One line of a Health result: its cells, and where it leads (a row to jump to, SQL that fixes it).
struct HealthRow
{
    QStringList cells;
    QString table;    // with `rowid`: the row a double-click shows in the Data tab
    QVariant rowid;   // invalid when the line is not about one row
    QString fixSql;   // the SQL that fixes the finding ("" when none)
    QString fixTitle; // what the fix does, for the review
};

// What one Health check found, shown in the Health dock and copyable as text.
struct HealthReport
{
    QString title;   // "Integrity Check"
    QString summary; // one or two sentences: the verdict first
    bool problems = false;
    QStringList columns;
    QList<HealthRow> rows;

    // Title, summary and the rows as tab-separated lines under their header.
    QString toText() const;
};

} // namespace sluice::ui
