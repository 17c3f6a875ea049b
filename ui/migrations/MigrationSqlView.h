#pragma once
// The Review's SQL: one or more migration files in a read-only SqlTextEdit (several files are shown
// one after the other under a header comment), chunk boundaries underlined, each lint finding
// marked in the margin at its line with its explanation on hover, and the findings listed below
// (double-click jumps to the line). A failing statement from a dry run or an apply is marked too.
#include "migrate/MigrationLint.h"
#include "migrate/MigrationSource.h"

#include <QList>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace sluice::ui {

class SqlTextEdit;

class MigrationSqlView : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationSqlView(QWidget* parent = nullptr);

    void setMigrations(const QList<MigrationSource>& migrations);
    // Findings as lintMigrations returns them for the list given to setMigrations.
    void setFindings(const QList<LintFinding>& findings);
    // Marks the statement that failed: `migration` is a file's name, `line` 1-based in that file.
    // Returns the line in the view (0 when the migration is not shown).
    int markFailure(const QString& migration, int line, const QString& tooltip);
    void clear();

    // The line in the view of line `line` of the `migration`-th file shown.
    int viewLine(int migration, int line) const;
    SqlTextEdit* editor() const { return m_editor; }
    QTreeWidget* findingsList() const { return m_findings; }
    const QList<LintFinding>& findings() const { return m_lint; }

private:
    void jumpTo(int line);

    SqlTextEdit* m_editor;
    QTreeWidget* m_findings;
    QLabel* m_findingsTitle;
    QList<MigrationSource> m_migrations;
    QList<int> m_offsets; // per file: view line of its first line, minus one
    QList<LintFinding> m_lint;
};

} // namespace sluice::ui
