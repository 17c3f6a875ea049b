#include "DataImpactView.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace sluice::ui {

namespace {

QString number(qint64 n)
{
    return n < 0 ? QStringLiteral("—") : QLocale().toString(n);
}

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString list(const QStringList& items)
{
    QString html = QStringLiteral("<ul>");
    for (const QString& i : items)
        html += QStringLiteral("<li>%1</li>").arg(esc(i));
    return html + QStringLiteral("</ul>");
}

class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(qint64 value, const QString& text) : QTableWidgetItem(text), m_value(value)
    {
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem& other) const override
    {
        if (const auto* n = dynamic_cast<const NumberItem*>(&other))
            return m_value < n->m_value;
        return QTableWidgetItem::operator<(other);
    }

private:
    qint64 m_value;
};

} // namespace

DataImpactView::DataImpactView(QWidget* parent)
    : QWidget(parent), m_verdict(new QLabel(this)), m_counts(new QTableWidget(this)),
      m_report(new QTextBrowser(this))
{
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setContentsMargins(4, 4, 4, 4);
    m_counts->setColumnCount(4);
    m_counts->setHorizontalHeaderLabels({tr("Table"), tr("Rows before"), tr("Rows after"), tr("Change")});
    m_counts->verticalHeader()->hide();
    m_counts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_counts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_counts->setAlternatingRowColors(true);
    for (int c = 0; c < 4; ++c)
        m_counts->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_counts->horizontalHeader()->setStretchLastSection(true);
    m_counts->verticalHeader()->setDefaultSectionSize(m_counts->fontMetrics().height() + 8);
    m_counts->setWordWrap(false);
    m_counts->setAccessibleName(tr("Row counts before and after"));
    m_report->setOpenLinks(false);
    m_report->setAccessibleName(tr("Data impact report"));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_counts);
    split->addWidget(m_report);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({460, 540});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_verdict);
    layout->addWidget(split, 1);
    clear();
}

void DataImpactView::clear(const QString& note)
{
    m_verdict->setText(
        note.isEmpty() ? tr("No dry run yet: run one to see what the migrations do to the data.") : note);
    m_verdict->setStyleSheet(QString());
    m_counts->setRowCount(0);
    m_report->clear();
}

QString DataImpactView::verdict() const
{
    return m_verdict->text();
}

QString DataImpactView::reportText() const
{
    return m_report->toPlainText();
}

void DataImpactView::setResult(const DryRunResult& r)
{
    const QString secs = QLocale().toString(r.elapsedMs / 1000.0, 'f', 1);
    QColor tint;
    if (!r.planError.isEmpty()) {
        m_verdict->setText(tr("Sluice refuses these files: %1").arg(r.planError));
        tint = QColor(0xd1, 0x3b, 0x3b);
    } else if (!r.ok && r.failure) {
        m_verdict->setText((m_oneChange ? tr("This change FAILS on a copy of this database: %1")
                                        : tr("The migrations FAIL on a copy of this database: %1"))
                               .arg(r.failure->message));
        tint = QColor(0xd1, 0x3b, 0x3b);
    } else if (!r.ok) {
        m_verdict->setText(tr("The dry run did not succeed."));
        tint = QColor(0xd1, 0x3b, 0x3b);
    } else {
        const bool dropsRows = std::any_of(r.counts.begin(), r.counts.end(),
                                           [](const TableCount& c) { return c.after < 0 && c.before > 0; });
        const bool worry = dropsRows || !r.removed.isEmpty() || !r.foreignKeyViolations.isEmpty() ||
                           !r.danglingReferences.isEmpty() || !r.integrityOk;
        m_verdict->setText(worry ? tr("Sluice's run succeeds on a copy (%1 statements, %2 s), but see the "
                                      "problems below.")
                                       .arg(r.statements)
                                       .arg(secs)
                                 : tr("Sluice's run succeeds on a copy: %1 statements in %2 s, no rows lost, "
                                      "foreign keys and integrity fine.")
                                       .arg(r.statements)
                                       .arg(secs));
        tint = worry ? QColor(0xd0, 0x8a, 0x0c) : QColor(0x2e, 0x9d, 0x4f);
    }
    bool drizzleDiffers = false;
    for (const DriverReplay& d : r.drizzle)
        drizzleDiffers = drizzleDiffers || !d.differences.isEmpty() || d.failure.has_value();
    if (r.ok && drizzleDiffers)
        m_verdict->setText(
            m_verdict->text() + QLatin1Char(' ') +
            tr("drizzle-orm's own migrator would NOT do the same on this database: see below."));
    // A coloured bar on the left says good / look / bad at a glance, in any palette.
    m_verdict->setStyleSheet(
        QStringLiteral("QLabel { border-left: 5px solid %1; padding: 4px 8px; font-weight: bold; }")
            .arg(tint.name()));

    m_counts->setSortingEnabled(false);
    m_counts->setRowCount(int(r.counts.size()));
    for (int i = 0; i < r.counts.size(); ++i) {
        const TableCount& c = r.counts.at(i);
        m_counts->setItem(i, 0, new QTableWidgetItem(c.table));
        m_counts->setItem(i, 1, new NumberItem(c.before, number(c.before)));
        m_counts->setItem(i, 2, new NumberItem(c.after, number(c.after)));
        QString change;
        qint64 delta = 0;
        if (c.before < 0)
            change = tr("new table");
        else if (c.after < 0)
            change = tr("dropped");
        else if ((delta = c.after - c.before) != 0)
            change = (delta > 0 ? QStringLiteral("+") : QString()) + QLocale().toString(delta);
        auto* item = new NumberItem(delta, change);
        if (delta < 0 || c.after < 0)
            item->setForeground(QColor(0xd1, 0x3b, 0x3b));
        m_counts->setItem(i, 3, item);
    }
    m_counts->setSortingEnabled(true);

    QString html;
    auto section = [&html](const QString& title) { html += QStringLiteral("<h4>%1</h4>").arg(esc(title)); };
    if (r.failure) {
        section(tr("Failure"));
        const DryRunFailure& f = *r.failure;
        html += QStringLiteral("<p><b>%1</b>%2</p><p>%3</p>")
                    .arg(esc(f.migration), f.line > 0 ? esc(tr(", line %1").arg(f.line)) : QString(),
                         esc(f.sqliteMessage.isEmpty() ? f.message : f.sqliteMessage));
        if (!f.sql.isEmpty())
            html += QStringLiteral("<pre>%1</pre>").arg(esc(f.sql.trimmed().left(600)));
    }
    section(tr("Rows removed"));
    // A dropped table is not a RowLoss (no table is left to count), but its rows are lost all the same.
    QStringList droppedWithRows;
    for (const TableCount& c : r.counts)
        if (c.after < 0 && c.before > 0)
            droppedWithRows << tr("%1 is dropped with its %2 rows").arg(c.table, number(c.before));
    if (r.removed.isEmpty() && droppedWithRows.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("No table loses rows.")));
    } else {
        QStringList items = droppedWithRows;
        for (const RowLoss& l : r.removed)
            items << (l.cascadeFrom.isEmpty() ? tr("%1 loses %2 rows").arg(l.table, number(l.rows))
                                              : tr("%1 loses %2 rows, through ON DELETE CASCADE from %3")
                                                    .arg(l.table, number(l.rows), l.cascadeFrom));
        html += list(items);
    }
    section(tr("Foreign keys"));
    if (r.foreignKeyViolations.isEmpty() && r.danglingReferences.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("foreign_key_check finds no violation afterwards.")));
    } else {
        QStringList items;
        for (const ForeignKeyProblem& p : r.foreignKeyViolations)
            items << tr("%1: %2 rows reference missing rows of %3").arg(p.table, number(p.rows), p.parent);
        for (const DanglingReference& d : r.danglingReferences)
            items << tr("%1 (%2) references %3, which no longer exists")
                         .arg(d.table, d.columns.join(QStringLiteral(", ")), d.missingTable);
        html += list(items);
    }
    section(tr("Integrity"));
    html += r.integrityOk ? QStringLiteral("<p>%1</p>").arg(esc(tr("integrity_check: ok")))
                          : list(r.integrityMessages);
    if (!r.planNotes.isEmpty()) {
        section(tr("How Sluice runs them"));
        html += list(r.planNotes);
    }
    if (!r.drizzle.isEmpty()) {
        section(tr("drizzle-orm's own migrator on this database"));
        for (const DriverReplay& d : r.drizzle) {
            QStringList items;
            for (const QString& s : d.differences)
                items << tr("drizzle-orm's migrator with %1 %2").arg(d.driver, s);
            if (d.failure && d.differences.isEmpty())
                items << tr("drizzle-orm's migrator with %1 would fail: %2")
                             .arg(d.driver, d.failure->sqliteMessage.isEmpty() ? d.failure->message
                                                                               : d.failure->sqliteMessage);
            for (const QString& n : d.notes)
                items << tr("%1: %2").arg(d.driver, n);
            for (const QString& s : d.schemaDifferences)
                items << tr("%1: schema would differ: %2").arg(d.driver, s);
            if (items.isEmpty())
                items << tr("drizzle-orm's migrator with %1 (foreign keys %2) would end with the same data.")
                             .arg(d.driver, d.foreignKeys ? tr("on") : tr("off"));
            html += QStringLiteral("<p><b>%1</b> %2</p>")
                        .arg(esc(d.driver), esc(d.foreignKeys ? tr("(foreign keys on during its transaction)")
                                                              : tr("(foreign keys off)")));
            html += list(items);
        }
    }
    m_report->setHtml(html);
}

} // namespace sluice::ui
