#include "EditPlan.h"

#include "core/Identifiers.h"
#include "schema/SqlTokenizer.h"

namespace sluice {

namespace {

QString stepName(const RowLocator& l, const StagedEdit& e)
{
    switch (e.kind) {
    case StagedEdit::Kind::Update: {
        QStringList cols;
        for (const CellChange& c : e.changes)
            cols << c.column;
        return QStringLiteral("Update %1 (%2)").arg(l.describe(e.row), cols.join(QStringLiteral(", ")));
    }
    case StagedEdit::Kind::Insert:
        return QStringLiteral("Insert a new row");
    case StagedEdit::Kind::Delete:
        return QStringLiteral("Delete %1").arg(l.describe(e.row));
    }
    return {};
}

QString placeholders(qsizetype n)
{
    QStringList p;
    for (qsizetype i = 0; i < n; ++i)
        p << QStringLiteral("?");
    return p.join(QStringLiteral(", "));
}

} // namespace

Result<EditPlan> buildEditPlan(const Table& table, const StagedChanges& changes)
{
    Result<RowLocator> locator = RowLocator::forTable(table);
    if (!locator)
        return locator.error();
    EditPlan out;
    out.locator = locator.value();
    const QString op = QStringLiteral("Preparing the changes to %1").arg(table.name);
    const QString t = quoteIdentifier(table.name);

    auto checkColumns = [&](const StagedEdit& e) -> Status {
        for (const CellChange& c : e.changes) {
            const Column* col = table.column(c.column);
            if (!col)
                return DbError::plain(op,
                                      QStringLiteral("%1 has no column named %2").arg(table.name, c.column),
                                      QStringLiteral("Reload the table: its schema may have changed."));
            if (col->isGenerated())
                return DbError::plain(op,
                                      QStringLiteral("%1.%2 is a generated column; SQLite computes its value")
                                          .arg(table.name, col->name),
                                      QStringLiteral("Change the columns it is computed from instead."));
            if (col->isHidden())
                return DbError::plain(op,
                                      QStringLiteral("%1.%2 is a hidden column").arg(table.name, col->name));
        }
        return {};
    };

    const StagedEdit::Kind order[] = {StagedEdit::Kind::Delete, StagedEdit::Kind::Update,
                                      StagedEdit::Kind::Insert};
    for (StagedEdit::Kind kind : order) {
        for (const StagedEdit& e : changes.edits()) {
            if (e.kind != kind)
                continue;
            if (Status st = checkColumns(e); !st)
                return st.error();
            if (kind != StagedEdit::Kind::Insert && e.row.key.size() != out.locator.sqlTerms.size())
                return DbError::plain(op, QStringLiteral("a staged row of %1 is identified by %2 value(s), "
                                                         "the table needs %3 (%4)")
                                              .arg(table.name)
                                              .arg(e.row.key.size())
                                              .arg(out.locator.sqlTerms.size())
                                              .arg(out.locator.labels.join(QStringLiteral(", "))));
            PlanStatement s;
            s.source = QStringLiteral("staged edits");
            QVariantList binds;
            switch (kind) {
            case StagedEdit::Kind::Update: {
                if (e.changes.isEmpty())
                    continue;
                QStringList sets;
                for (const CellChange& c : e.changes) {
                    sets << quoteIdentifier(table.column(c.column)->name) + QStringLiteral(" = ?");
                    binds << c.value.toBind();
                }
                for (const SqlValue& k : e.row.key)
                    binds << k.toBind();
                s.sql = QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                            .arg(t, sets.join(QStringLiteral(", ")), out.locator.whereSql());
                break;
            }
            case StagedEdit::Kind::Insert: {
                if (e.changes.isEmpty()) {
                    s.sql = QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(t);
                    break;
                }
                QStringList cols;
                for (const CellChange& c : e.changes) {
                    cols << quoteIdentifier(table.column(c.column)->name);
                    binds << c.value.toBind();
                }
                s.sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                            .arg(t, cols.join(QStringLiteral(", ")), placeholders(cols.size()));
                break;
            }
            case StagedEdit::Kind::Delete:
                for (const SqlValue& k : e.row.key)
                    binds << k.toBind();
                s.sql = QStringLiteral("DELETE FROM %1 WHERE %2").arg(t, out.locator.whereSql());
                break;
            }
            s.binds = binds;
            s.step = int(out.plan.steps.size());
            out.plan.steps << PlanStep{stepName(out.locator, e), {}};
            out.plan.statements << s;
            out.editIdOfStep << e.id;
        }
    }
    return out;
}

QString reviewText(const PlanStatement& statement)
{
    QString out = statement.sql + QLatin1Char(';');
    for (int i = 0; i < statement.binds.size(); ++i)
        out += QStringLiteral("\n--   ?%1 = %2")
                   .arg(i + 1)
                   .arg(SqlValue::fromVariant(statement.binds.at(i)).toSqlLiteral());
    return out;
}

QString reviewText(const EditPlan& plan)
{
    QStringList parts;
    for (const PlanStatement& s : plan.plan.statements) {
        QString name =
            s.step >= 0 && s.step < plan.plan.steps.size() ? plan.plan.steps.at(s.step).name : QString();
        name.replace(QLatin1Char('\n'), QLatin1Char(' '));
        parts << QStringLiteral("-- %1\n").arg(name) + reviewText(s);
    }
    return parts.join(QStringLiteral("\n\n"));
}

QString withLiterals(const PlanStatement& statement)
{
    QString out;
    int at = 0;
    int next = 0;
    for (const SqlToken& tok : tokenizeSql(statement.sql)) {
        if (tok.kind != SqlToken::Kind::Variable || tok.text != QLatin1String("?"))
            continue;
        out += statement.sql.mid(at, tok.begin - at);
        out += next < statement.binds.size() ? SqlValue::fromVariant(statement.binds.at(next)).toSqlLiteral()
                                             : tok.text;
        ++next;
        at = tok.end;
    }
    out += statement.sql.mid(at);
    return out;
}

} // namespace sluice
