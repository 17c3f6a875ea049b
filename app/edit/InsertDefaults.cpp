#include "InsertDefaults.h"

#include "BoundStatement.h"
#include "schema/SqlTokenizer.h"

namespace sluice {

bool isConstantDefault(const QString& defaultSql)
{
    QList<SqlToken> toks = tokenizeSql(defaultSql);
    while (toks.size() >= 2 && toks.first().isPunct(QLatin1Char('(')) &&
           toks.last().isPunct(QLatin1Char(')'))) {
        toks.removeFirst();
        toks.removeLast();
    }
    if (!toks.isEmpty() && (toks.first().isPunct(QLatin1Char('-')) || toks.first().isPunct(QLatin1Char('+'))))
        toks.removeFirst();
    if (toks.size() != 1)
        return false;
    const SqlToken& t = toks.first();
    return t.kind == SqlToken::Kind::Number || t.kind == SqlToken::Kind::String ||
           t.kind == SqlToken::Kind::Blob || t.is("NULL") || t.is("TRUE") || t.is("FALSE");
}

Result<QList<InsertDefault>> insertDefaults(Connection& connection, const Table& table)
{
    QList<InsertDefault> out;
    const std::optional<QString> alias = table.rowidAlias();
    for (const Column& c : table.columns) {
        if (c.kind == Column::Kind::Hidden)
            continue;
        InsertDefault d;
        d.column = c.name;
        if (c.isGenerated() || (alias && alias->compare(c.name, Qt::CaseInsensitive) == 0)) {
            d.kind = InsertDefault::Kind::Assigned;
            d.expression = c.isGenerated() ? c.generatedExpression : QStringLiteral("rowid");
        } else if (c.defaultSql && isConstantDefault(*c.defaultSql)) {
            // A literal: evaluating it runs nothing but the literal itself.
            BoundStatement st(connection, QStringLiteral("SELECT ") + *c.defaultSql,
                              QStringLiteral("Reading the default of %1").arg(c.name));
            if (!st.ok())
                return st.error();
            Result<bool> r = st.step();
            if (!r)
                return r.error();
            d.kind = InsertDefault::Kind::Value;
            d.value = st.value(0);
            d.expression = *c.defaultSql;
        } else if (c.defaultSql) {
            d.kind = InsertDefault::Kind::AtInsert;
            d.expression = *c.defaultSql;
        }
        out << d;
    }
    return out;
}

} // namespace sluice
