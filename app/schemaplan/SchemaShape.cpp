#include "SchemaShape.h"

#include "SqlNormalizer.h"

#include <algorithm>

namespace sluice {

namespace {

QString kindName(Column::Kind k)
{
    switch (k) {
    case Column::Kind::Normal:
        return QString();
    case Column::Kind::Hidden:
        return QStringLiteral("hidden");
    case Column::Kind::GeneratedVirtual:
        return QStringLiteral("virtual");
    case Column::Kind::GeneratedStored:
        return QStringLiteral("stored");
    }
    return QString();
}

QString lowerList(const QStringList& names)
{
    QStringList out;
    for (const QString& n : names)
        out << n.toLower();
    return out.join(QLatin1Char(','));
}

} // namespace

QString columnShape(const Column& c)
{
    QStringList parts{c.name.toLower(), normalizeType(c.declaredType)};
    if (c.notNull)
        parts << QStringLiteral("not null");
    if (c.defaultSql)
        parts << QStringLiteral("default ") + normalizeSql(*c.defaultSql);
    if (c.pkPosition > 0)
        parts << QStringLiteral("pk%1").arg(c.pkPosition);
    if (!kindName(c.kind).isEmpty())
        parts << kindName(c.kind) + QLatin1Char(' ') + normalizeSql(c.generatedExpression);
    if (!c.collation.isEmpty())
        parts << QStringLiteral("collate ") + c.collation.toLower();
    if (!c.check.isEmpty())
        parts << QStringLiteral("check ") + normalizeSql(c.check);
    return parts.join(QStringLiteral(" | "));
}

QStringList tableShape(const Table& t, bool ignoreColumnOrder)
{
    QStringList out;
    if (ignoreColumnOrder) {
        for (const Column& c : t.columns)
            out << QStringLiteral("column ") + columnShape(c);
        out.sort();
    } else
        // Numbered, so the order survives sorting: ADD COLUMN appends, and column order is part of a
        // table (SELECT *, INSERT without a column list).
        for (qsizetype i = 0; i < t.columns.size(); ++i)
            out << QStringLiteral("column %1 ").arg(i + 1, 4, 10, QLatin1Char('0')) +
                       columnShape(t.columns.at(i));
    QStringList checks;
    for (const QString& check : t.checks)
        checks << QStringLiteral("check ") + normalizeSql(check);
    checks.sort();
    out << checks;
    QStringList fks;
    for (const ForeignKey& fk : t.foreignKeys)
        fks << QStringLiteral("foreign key (%1) references %2(%3) on update %4 on delete %5%6")
                   .arg(lowerList(fk.fromColumns), fk.targetTable.toLower(), lowerList(fk.targetColumns),
                        fk.onUpdate.toLower(), fk.onDelete.toLower(),
                        fk.initiallyDeferred ? QStringLiteral(" deferred")
                                             : (fk.deferrable ? QStringLiteral(" deferrable") : QString()));
    fks.sort();
    out << fks;
    QStringList uniques;
    for (const Index& i : t.indexes) {
        if (i.origin != QLatin1String("u"))
            continue;
        QStringList cols;
        for (const IndexColumn& c : i.columns)
            cols << c.name.toLower() + (c.collation.isEmpty() || c.collation.compare(QLatin1String("BINARY"),
                                                                                     Qt::CaseInsensitive) == 0
                                            ? QString()
                                            : QStringLiteral(" collate ") + c.collation.toLower());
        uniques << QStringLiteral("unique (") + cols.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    uniques.sort();
    out << uniques;
    QStringList options;
    if (t.withoutRowid)
        options << QStringLiteral("without rowid");
    if (t.strict)
        options << QStringLiteral("strict");
    if (t.autoincrement)
        options << QStringLiteral("autoincrement");
    if (t.isVirtual)
        options << QStringLiteral("virtual ") + normalizeSql(t.sql);
    if (!options.isEmpty())
        out << QStringLiteral("options ") + options.join(QLatin1Char(' '));
    return out;
}

QString indexShape(const Index& index)
{
    QStringList terms;
    for (const IndexColumn& c : index.columns) {
        QString term = c.isExpression() ? normalizeSql(c.name) : c.name.toLower();
        if (c.descending)
            term += QStringLiteral(" desc");
        if (!c.collation.isEmpty() && c.collation.compare(QLatin1String("BINARY"), Qt::CaseInsensitive) != 0)
            term += QStringLiteral(" collate ") + c.collation.toLower();
        terms << term;
    }
    QString shape = (index.unique ? QStringLiteral("unique (") : QStringLiteral("(")) +
                    terms.join(QLatin1Char(',')) + QLatin1Char(')');
    if (index.partial)
        shape += QStringLiteral(" where ") + normalizeSql(index.where);
    return shape;
}

QStringList schemaShape(const Schema& schema, bool ignoreColumnOrder)
{
    QStringList out;
    for (const Table& t : schema.tables)
        for (const QString& line : tableShape(t, ignoreColumnOrder))
            out << QStringLiteral("table %1: %2").arg(t.name.toLower(), line);
    for (const Index& i : schema.indexes)
        if (!i.isAutomatic())
            out << QStringLiteral("index %1 on %2: %3")
                       .arg(i.name.toLower(), i.table.toLower(), indexShape(i));
    for (const View& v : schema.views)
        out << QStringLiteral("view %1: %2").arg(v.name.toLower(), normalizeSql(v.sql));
    for (const Trigger& t : schema.triggers)
        out << QStringLiteral("trigger %1 on %2: %3")
                   .arg(t.name.toLower(), t.table.toLower(), normalizeSql(t.sql));
    out.sort();
    return out;
}

} // namespace sluice
