#include "DryRunReport.h"

#include <QFileInfo>
#include <QLocale>

namespace sluice {

namespace {

QString number(qint64 n)
{
    return n < 0 ? QStringLiteral("—") : QLocale(QLocale::English).toString(n);
}

QJsonObject failureToJson(const DryRunFailure& f)
{
    QJsonObject o;
    o.insert(QStringLiteral("migration"), f.migration);
    if (f.statement >= 0)
        o.insert(QStringLiteral("statement"), f.statement);
    if (f.chunk >= 0)
        o.insert(QStringLiteral("chunk"), f.chunk);
    o.insert(QStringLiteral("line"), f.line);
    o.insert(QStringLiteral("sql"), f.sql);
    o.insert(QStringLiteral("sqliteMessage"), f.sqliteMessage);
    o.insert(QStringLiteral("code"), f.code);
    o.insert(QStringLiteral("message"), f.message);
    return o;
}

QJsonArray countsToJson(const QList<TableCount>& counts)
{
    QJsonArray a;
    for (const TableCount& c : counts) {
        QJsonObject o;
        o.insert(QStringLiteral("table"), c.table);
        o.insert(QStringLiteral("before"), c.before < 0 ? QJsonValue() : QJsonValue(c.before));
        o.insert(QStringLiteral("after"), c.after < 0 ? QJsonValue() : QJsonValue(c.after));
        a.append(o);
    }
    return a;
}

QString where(const DryRunFailure& f)
{
    QString s = f.migration.isEmpty() ? QStringLiteral("statement %1").arg(f.statement + 1) : f.migration;
    if (f.line > 0)
        s += QStringLiteral(" line %1").arg(f.line);
    return s;
}

QString fileOf(const QList<MigrationSource>& migrations, int index)
{
    if (index < 0 || index >= migrations.size())
        return QStringLiteral("?");
    const MigrationSource& m = migrations.at(index);
    return m.path.isEmpty() ? m.name : QFileInfo(m.path).fileName();
}

} // namespace

QString formatDryRunReport(const DryRunResult& r)
{
    QStringList out;
    if (!r.planError.isEmpty())
        out << QStringLiteral("Sluice would refuse these migrations: %1").arg(r.planError);
    else if (r.ok)
        out << QStringLiteral("Dry run on a copy: all %1 statements succeed (%2 ms).")
                   .arg(r.statements)
                   .arg(r.elapsedMs);
    else if (r.failure)
        out << QStringLiteral("Dry run on a copy: FAILS at %1: %2")
                   .arg(where(*r.failure), r.failure->sqliteMessage)
            << QStringLiteral("  %1").arg(r.failure->message);
    for (const QString& n : r.planNotes)
        out << QStringLiteral("  note: %1").arg(n);

    QStringList changed;
    for (const TableCount& c : r.counts)
        if (c.before != c.after)
            changed << QStringLiteral("  %1: %2 → %3").arg(c.table, number(c.before), number(c.after));
    out << QString()
        << QStringLiteral("Row counts: %1")
               .arg(changed.isEmpty() ? QStringLiteral("unchanged") : QStringLiteral("changed"));
    out << changed;
    for (const RowLoss& l : r.removed)
        out << QStringLiteral("  %1 rows removed from %2%3")
                   .arg(number(l.rows), l.table,
                        l.cascadeFrom.isEmpty() ? QString()
                                                : QStringLiteral(" (cascade from %1)").arg(l.cascadeFrom));

    if (!r.foreignKeyViolations.isEmpty() || !r.danglingReferences.isEmpty() || !r.integrityOk)
        out << QString() << QStringLiteral("Problems in the result:");
    for (const ForeignKeyProblem& p : r.foreignKeyViolations)
        out << QStringLiteral("  foreign key: %1 rows of %2 reference missing rows of %3")
                   .arg(number(p.rows), p.table, p.parent);
    for (const DanglingReference& d : r.danglingReferences)
        out << QStringLiteral("  %1(%2) references %3, which no longer exists")
                   .arg(d.table, d.columns.join(QStringLiteral(", ")), d.missingTable);
    if (!r.integrityOk)
        out << QStringLiteral("  integrity_check: %1").arg(r.integrityMessages.join(QStringLiteral("; ")));

    out << QString()
        << QStringLiteral("Schema: %1 added, %2 removed, %3 changed")
               .arg(r.schemaDiff.added)
               .arg(r.schemaDiff.removed)
               .arg(r.schemaDiff.changed);
    for (const ObjectDiff& o : r.schemaDiff.objects) {
        if (o.isUnchanged())
            continue;
        out << QStringLiteral("  %1 %2 %3").arg(diffStateName(o.state), o.type, o.name);
        if (o.state != DiffState::Changed)
            continue;
        for (const DiffRow& row : o.rows) {
            if (row.state == DiffState::Removed || row.state == DiffState::Changed)
                out << QStringLiteral("    - %1").arg(row.before.trimmed());
            if (row.state == DiffState::Added || row.state == DiffState::Changed)
                out << QStringLiteral("    + %1").arg(row.after.trimmed());
        }
    }

    for (const DriverReplay& d : r.drizzle) {
        out << QString()
            << QStringLiteral("drizzle-orm's migrator with %1 (foreign keys %2):")
                   .arg(d.driver, d.foreignKeys ? QStringLiteral("on") : QStringLiteral("off"));
        if (d.differences.isEmpty() && d.ok)
            out << QStringLiteral("  same result as Sluice");
        if (d.derived)
            out << QStringLiteral("  (not rehearsed again: it runs the same statements as Sluice's run with "
                                  "the same effective foreign-key setting, so it ends the same way)");
        for (const QString& s : d.differences)
            out << QStringLiteral("  %1").arg(s);
        if (!d.ok && d.failure && r.ok == false)
            out << QStringLiteral("  %1").arg(d.failure->message);
        for (const QString& n : d.notes)
            out << QStringLiteral("  note: %1").arg(n);
    }
    if (!r.phases.isEmpty()) {
        QStringList phases;
        for (const DryRunPhase& p : r.phases)
            phases << QStringLiteral("%1 %2 ms").arg(p.name, number(p.ms));
        out << QString() << QStringLiteral("Time: %1").arg(phases.join(QStringLiteral("; ")));
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject dryRunToJson(const DryRunResult& r)
{
    QJsonObject o;
    o.insert(QStringLiteral("database"), r.databasePath);
    o.insert(QStringLiteral("ok"), r.ok);
    if (!r.planError.isEmpty())
        o.insert(QStringLiteral("planError"), r.planError);
    if (r.failure)
        o.insert(QStringLiteral("failure"), failureToJson(*r.failure));
    o.insert(QStringLiteral("statements"), r.statements);
    o.insert(QStringLiteral("planNotes"), QJsonArray::fromStringList(r.planNotes));
    o.insert(QStringLiteral("counts"), countsToJson(r.counts));
    QJsonArray removed;
    for (const RowLoss& l : r.removed) {
        QJsonObject x;
        x.insert(QStringLiteral("table"), l.table);
        x.insert(QStringLiteral("rows"), l.rows);
        if (!l.cascadeFrom.isEmpty())
            x.insert(QStringLiteral("cascadeFrom"), l.cascadeFrom);
        removed.append(x);
    }
    o.insert(QStringLiteral("removed"), removed);
    QJsonArray fks;
    for (const ForeignKeyProblem& p : r.foreignKeyViolations) {
        QJsonArray ids;
        for (qint64 id : p.sampleRowids)
            ids.append(id);
        fks.append(QJsonObject{{QStringLiteral("table"), p.table},
                               {QStringLiteral("parent"), p.parent},
                               {QStringLiteral("rows"), p.rows},
                               {QStringLiteral("sampleRowids"), ids}});
    }
    o.insert(QStringLiteral("foreignKeyViolations"), fks);
    QJsonArray dangling;
    for (const DanglingReference& d : r.danglingReferences)
        dangling.append(QJsonObject{{QStringLiteral("table"), d.table},
                                    {QStringLiteral("columns"), QJsonArray::fromStringList(d.columns)},
                                    {QStringLiteral("missingTable"), d.missingTable}});
    o.insert(QStringLiteral("danglingReferences"), dangling);
    o.insert(QStringLiteral("integrityOk"), r.integrityOk);
    o.insert(QStringLiteral("integrityMessages"), QJsonArray::fromStringList(r.integrityMessages));
    QJsonArray objects;
    for (const ObjectDiff& d : r.schemaDiff.objects) {
        QJsonObject x{{QStringLiteral("type"), d.type},
                      {QStringLiteral("name"), d.name},
                      {QStringLiteral("state"), diffStateName(d.state)}};
        if (!d.isUnchanged()) {
            QJsonArray rows;
            for (const DiffRow& row : d.rows)
                rows.append(QJsonObject{{QStringLiteral("state"), diffStateName(row.state)},
                                        {QStringLiteral("before"), row.before},
                                        {QStringLiteral("after"), row.after}});
            x.insert(QStringLiteral("rows"), rows);
        }
        objects.append(x);
    }
    o.insert(QStringLiteral("schema"), objects);
    QJsonArray drivers;
    for (const DriverReplay& d : r.drizzle) {
        QJsonObject x{{QStringLiteral("driver"), d.driver},
                      {QStringLiteral("foreignKeys"), d.foreignKeys},
                      {QStringLiteral("ok"), d.ok},
                      {QStringLiteral("counts"), countsToJson(d.counts)},
                      {QStringLiteral("notes"), QJsonArray::fromStringList(d.notes)},
                      {QStringLiteral("differences"), QJsonArray::fromStringList(d.differences)},
                      {QStringLiteral("derived"), d.derived}};
        if (d.failure)
            x.insert(QStringLiteral("failure"), failureToJson(*d.failure));
        drivers.append(x);
    }
    o.insert(QStringLiteral("drizzle"), drivers);
    o.insert(QStringLiteral("elapsedMs"), r.elapsedMs);
    QJsonArray phases;
    for (const DryRunPhase& p : r.phases)
        phases.append(QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("ms"), p.ms}});
    o.insert(QStringLiteral("phases"), phases);
    return o;
}

QString formatLintFindings(const QList<LintFinding>& findings, const QList<MigrationSource>& migrations)
{
    QStringList out;
    for (const LintFinding& f : findings)
        out << QStringLiteral("%1:%2: %3 [%4] %5 — %6")
                   .arg(fileOf(migrations, f.migration))
                   .arg(f.line)
                   .arg(lintSeverityName(f.severity), f.code, f.title, f.explanation);
    return out.join(QLatin1Char('\n')) + (out.isEmpty() ? QString() : QStringLiteral("\n"));
}

QJsonArray lintFindingsToJson(const QList<LintFinding>& findings, const QList<MigrationSource>& migrations)
{
    QJsonArray a;
    for (const LintFinding& f : findings)
        a.append(QJsonObject{{QStringLiteral("migration"), migrations.value(f.migration).name},
                             {QStringLiteral("chunk"), f.chunk},
                             {QStringLiteral("statement"), f.statement},
                             {QStringLiteral("line"), f.line},
                             {QStringLiteral("severity"), lintSeverityName(f.severity)},
                             {QStringLiteral("code"), f.code},
                             {QStringLiteral("title"), f.title},
                             {QStringLiteral("explanation"), f.explanation},
                             {QStringLiteral("object"), f.object}});
    return a;
}

} // namespace sluice
