#include "SchemaJson.h"

#include <QJsonArray>

namespace sluice {

static QString kindName(Column::Kind k)
{
    switch (k) {
    case Column::Kind::Normal:
        return QStringLiteral("normal");
    case Column::Kind::Hidden:
        return QStringLiteral("hidden");
    case Column::Kind::GeneratedVirtual:
        return QStringLiteral("generated-virtual");
    case Column::Kind::GeneratedStored:
        return QStringLiteral("generated-stored");
    }
    return {};
}

static QJsonObject indexToJson(const Index& i)
{
    QJsonArray cols;
    for (const IndexColumn& c : i.columns) {
        QJsonObject o{{QStringLiteral("name"), c.name}, {QStringLiteral("desc"), c.descending}};
        if (c.isExpression())
            o.insert(QStringLiteral("expression"), true);
        if (!c.collation.isEmpty() && c.collation != QLatin1String("BINARY"))
            o.insert(QStringLiteral("collation"), c.collation);
        cols << o;
    }
    QJsonObject o{{QStringLiteral("name"), i.name},
                  {QStringLiteral("table"), i.table},
                  {QStringLiteral("unique"), i.unique},
                  {QStringLiteral("origin"), i.origin},
                  {QStringLiteral("columns"), cols}};
    if (i.partial)
        o.insert(QStringLiteral("where"), i.where);
    if (!i.sql.isEmpty())
        o.insert(QStringLiteral("sql"), i.sql);
    return o;
}

QJsonObject tableToJson(const Table& t)
{
    QJsonArray cols;
    for (const Column& c : t.columns) {
        QJsonObject o{{QStringLiteral("name"), c.name},
                      {QStringLiteral("type"), c.declaredType},
                      {QStringLiteral("affinity"), affinityName(c.affinity)},
                      {QStringLiteral("notNull"), c.notNull},
                      {QStringLiteral("pk"), c.pkPosition}};
        if (c.defaultSql)
            o.insert(QStringLiteral("default"), *c.defaultSql);
        if (c.kind != Column::Kind::Normal)
            o.insert(QStringLiteral("kind"), kindName(c.kind));
        if (!c.generatedExpression.isEmpty())
            o.insert(QStringLiteral("generated"), c.generatedExpression);
        if (!c.collation.isEmpty())
            o.insert(QStringLiteral("collation"), c.collation);
        if (!c.check.isEmpty())
            o.insert(QStringLiteral("check"), c.check);
        cols << o;
    }
    QJsonArray idx;
    for (const Index& i : t.indexes)
        idx << indexToJson(i);
    QJsonArray fks;
    for (const ForeignKey& f : t.foreignKeys)
        fks << QJsonObject{{QStringLiteral("from"), QJsonArray::fromStringList(f.fromColumns)},
                           {QStringLiteral("table"), f.targetTable},
                           {QStringLiteral("to"), QJsonArray::fromStringList(f.targetColumns)},
                           {QStringLiteral("onUpdate"), f.onUpdate},
                           {QStringLiteral("onDelete"), f.onDelete},
                           {QStringLiteral("deferrable"), f.deferrable},
                           {QStringLiteral("initiallyDeferred"), f.initiallyDeferred}};
    QJsonObject o{{QStringLiteral("name"), t.name},
                  {QStringLiteral("sql"), t.sql},
                  {QStringLiteral("withoutRowid"), t.withoutRowid},
                  {QStringLiteral("strict"), t.strict},
                  {QStringLiteral("virtual"), t.isVirtual},
                  {QStringLiteral("autoincrement"), t.autoincrement},
                  {QStringLiteral("columns"), cols},
                  {QStringLiteral("indexes"), idx},
                  {QStringLiteral("foreignKeys"), fks},
                  {QStringLiteral("checks"), QJsonArray::fromStringList(t.checks)}};
    if (t.sequence)
        o.insert(QStringLiteral("sequence"), *t.sequence);
    return o;
}

QJsonObject schemaToJson(const Schema& s)
{
    QJsonArray tables, views, triggers;
    for (const Table& t : s.tables)
        tables << tableToJson(t);
    for (const View& v : s.views)
        views << QJsonObject{{QStringLiteral("name"), v.name},
                             {QStringLiteral("sql"), v.sql},
                             {QStringLiteral("columns"), QJsonArray::fromStringList(v.columns)}};
    for (const Trigger& t : s.triggers)
        triggers << QJsonObject{{QStringLiteral("name"), t.name},
                                {QStringLiteral("table"), t.table},
                                {QStringLiteral("sql"), t.sql}};
    return QJsonObject{{QStringLiteral("tables"), tables},
                       {QStringLiteral("views"), views},
                       {QStringLiteral("triggers"), triggers}};
}

} // namespace sluice
