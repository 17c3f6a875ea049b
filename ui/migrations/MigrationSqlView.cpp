#include "MigrationSqlView.h"

#include "common/SqlTextEdit.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {
constexpr int kBreakpointMarker = 3; // an underline under each "--> statement-breakpoint" line
const QString kBreakpoint = QStringLiteral("--> statement-breakpoint");
} // namespace

MigrationSqlView::MigrationSqlView(QWidget* parent)
    : QWidget(parent), m_editor(new SqlTextEdit(this)), m_findings(new QTreeWidget(this)),
      m_findingsTitle(new QLabel(this))
{
    m_editor->setReadOnly(true);
    m_editor->setAccessibleName(tr("Migration SQL"));
    m_editor->markerDefine(QsciScintilla::Underline, kBreakpointMarker);
    m_editor->setMarkerBackgroundColor(QColor(0x9e, 0x9e, 0x9e), kBreakpointMarker);

    m_findings->setColumnCount(3);
    m_findings->setHeaderLabels({tr("Line"), tr("Risk"), tr("Explanation")});
    m_findings->setRootIsDecorated(false);
    m_findings->setUniformRowHeights(true);
    m_findings->setAlternatingRowColors(true);
    m_findings->setWordWrap(false);
    m_findings->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_findings->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_findings->header()->resizeSection(1, 360);
    m_findings->header()->setStretchLastSection(true);
    m_findings->setAccessibleName(tr("Risks found"));
    connect(m_findings, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem* item) { jumpTo(item->data(0, Qt::UserRole).toInt()); });
    connect(m_findings, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { jumpTo(item->data(0, Qt::UserRole).toInt()); });

    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 4, 0, 0);
    bottomLayout->setSpacing(2);
    QFont bold = m_findingsTitle->font();
    bold.setBold(true);
    m_findingsTitle->setFont(bold);
    bottomLayout->addWidget(m_findingsTitle);
    bottomLayout->addWidget(m_findings);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_editor);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    clear();
}

void MigrationSqlView::clear()
{
    m_migrations.clear();
    m_offsets.clear();
    m_lint.clear();
    m_editor->clearMarks();
    m_editor->markerDeleteAll(kBreakpointMarker);
    m_editor->setText(QString());
    m_findings->clear();
    m_findingsTitle->setText(tr("Risks"));
}

void MigrationSqlView::setMigrations(const QList<MigrationSource>& migrations)
{
    clear();
    m_migrations = migrations;
    QString text;
    int line = 0; // lines written so far
    for (const MigrationSource& m : migrations) {
        if (migrations.size() > 1) {
            const QString header = QStringLiteral("-- ──── %1.sql ────\n").arg(m.name);
            text += header;
            ++line;
        }
        m_offsets.append(line);
        QString sql = m.sql;
        if (!sql.endsWith(QLatin1Char('\n')))
            sql += QLatin1Char('\n');
        text += sql;
        line += int(sql.count(QLatin1Char('\n')));
        if (migrations.size() > 1) {
            text += QLatin1Char('\n');
            ++line;
        }
    }
    m_editor->setText(text);
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(kBreakpoint))
            m_editor->markerAdd(i, kBreakpointMarker);
}

int MigrationSqlView::viewLine(int migration, int line) const
{
    if (migration < 0 || migration >= m_offsets.size() || line <= 0)
        return 0;
    return m_offsets.at(migration) + line;
}

void MigrationSqlView::setFindings(const QList<LintFinding>& findings)
{
    m_lint = findings;
    m_findings->clear();
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize);
    int dangers = 0;
    for (const LintFinding& f : findings) {
        const int at = viewLine(f.migration, f.line);
        const bool danger = f.severity == LintSeverity::Danger;
        dangers += danger ? 1 : 0;
        const QString tip =
            QStringLiteral("%1: %2\n%3").arg(lintSeverityName(f.severity), f.title, f.explanation);
        if (at > 0)
            m_editor->markLine(at, danger ? SqlTextEdit::MarkKind::Error : SqlTextEdit::MarkKind::Warning,
                               tip);
        auto* item = new QTreeWidgetItem(m_findings);
        QString where = QString::number(f.line);
        if (m_migrations.size() > 1 && f.migration >= 0 && f.migration < m_migrations.size())
            where = QStringLiteral("%1:%2").arg(m_migrations.at(f.migration).name.left(4)).arg(f.line);
        item->setText(0, where);
        item->setText(1, f.title);
        item->setText(2, f.explanation);
        item->setToolTip(1, tip);
        item->setToolTip(2, f.explanation);
        item->setIcon(1, style()
                             ->standardIcon(danger ? QStyle::SP_MessageBoxCritical
                                            : f.severity == LintSeverity::Warning
                                                ? QStyle::SP_MessageBoxWarning
                                                : QStyle::SP_MessageBoxInformation)
                             .pixmap(icon, icon));
        item->setData(0, Qt::UserRole, at);
    }
    m_findingsTitle->setText(findings.isEmpty()
                                 ? tr("Risks: none found")
                                 : tr("Risks: %1 (%2 danger)").arg(findings.size()).arg(dangers));
}

int MigrationSqlView::markFailure(const QString& migration, int line, const QString& tooltip)
{
    for (int i = 0; i < m_migrations.size(); ++i) {
        if (m_migrations.at(i).name != migration)
            continue;
        const int at = viewLine(i, line > 0 ? line : 1);
        m_editor->markLine(at, SqlTextEdit::MarkKind::Error, tooltip);
        jumpTo(at);
        return at;
    }
    return 0;
}

void MigrationSqlView::jumpTo(int line)
{
    if (line <= 0)
        return;
    m_editor->setCursorPosition(line - 1, 0);
    m_editor->ensureLineVisible(line - 1);
    m_editor->setFocus();
}

} // namespace sluice::ui
