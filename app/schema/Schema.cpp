#include "Schema.h"

#include <algorithm>

namespace sluice {

QString affinityName(Affinity a)
{
    switch (a) {
    case Affinity::Integer:
        return QStringLiteral("INTEGER");
    case Affinity::Text:
        return QStringLiteral("TEXT");
    case Affinity::Blob:
        return QStringLiteral("BLOB");
    case Affinity::Real:
        return QStringLiteral("REAL");
    case Affinity::Numeric:
        return QStringLiteral("NUMERIC");
    }
    return {};
}

Affinity affinityOf(const QString& declaredType)
{
    const QString t = declaredType.toUpper();
    if (t.contains(QLatin1String("INT")))
        return Affinity::Integer;
    if (t.contains(QLatin1String("CHAR")) || t.contains(QLatin1String("CLOB")) ||
        t.contains(QLatin1String("TEXT")))
        return Affinity::Text;
    if (t.isEmpty() || t.contains(QLatin1String("BLOB")))
        return Affinity::Blob;
    if (t.contains(QLatin1String("REAL")) || t.contains(QLatin1String("FLOA")) ||
        t.contains(QLatin1String("DOUB")))
        return Affinity::Real;
    return Affinity::Numeric;
}

QStringList Table::primaryKey() const
{
    QList<const Column*> pk;
    for (const Column& c : columns)
        if (c.pkPosition > 0)
            pk << &c;
    std::sort(pk.begin(), pk.end(),
              [](const Column* a, const Column* b) { return a->pkPosition < b->pkPosition; });
    QStringList names;
    for (const Column* c : pk)
        names << c->name;
    return names;
}

std::optional<QString> Table::rowidAlias() const
{
    if (!hasRowid())
        return std::nullopt;
    const QStringList pk = primaryKey();
    if (pk.size() != 1)
        return std::nullopt;
    const Column* c = column(pk.first());
    // Only the exact declared type "INTEGER" makes a rowid alias (lang_createtable.html#rowid).
    // ("INTEGER PRIMARY KEY DESC" is a documented quirk that is not an alias; it is vanishingly rare
    // and only changes how rows are addressed, which stays correct through rowid.)
    if (c && c->declaredType.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0)
        return c->name;
    return std::nullopt;
}

const Column* Table::column(const QString& name) const
{
    for (const Column& c : columns)
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return &c;
    return nullptr;
}

const Table* Schema::table(const QString& name) const
{
    for (const Table& t : tables)
        if (t.name.compare(name, Qt::CaseInsensitive) == 0)
            return &t;
    return nullptr;
}

const View* Schema::view(const QString& name) const
{
    for (const View& v : views)
        if (v.name.compare(name, Qt::CaseInsensitive) == 0)
            return &v;
    return nullptr;
}

QString Schema::sqlOf(const QString& name) const
{
    if (const Table* t = table(name))
        return t->sql;
    if (const View* v = view(name))
        return v->sql;
    for (const Index& i : indexes)
        if (i.name.compare(name, Qt::CaseInsensitive) == 0)
            return i.sql;
    for (const Trigger& t : triggers)
        if (t.name.compare(name, Qt::CaseInsensitive) == 0)
            return t.sql;
    return {};
}

bool Schema::isShadowTable(const Table& t) const
{
    // The suffixes fts3/4/5 and rtree give their shadow tables.
    static const QStringList suffixes = {
        QStringLiteral("data"),    QStringLiteral("idx"),    QStringLiteral("content"),
        QStringLiteral("docsize"), QStringLiteral("config"), QStringLiteral("node"),
        QStringLiteral("rowid"),   QStringLiteral("parent"), QStringLiteral("segments"),
        QStringLiteral("segdir"),  QStringLiteral("stat")};
    for (const Table& v : tables)
        if (v.isVirtual && t.name.startsWith(v.name + QLatin1Char('_'), Qt::CaseInsensitive) &&
            suffixes.contains(t.name.mid(v.name.size() + 1), Qt::CaseInsensitive))
            return true;
    return false;
}

QStringList Schema::createStatements(const QString& skipTable) const
{
    auto skipped = [&](const QString& name) {
        return !skipTable.isEmpty() && name.compare(skipTable, Qt::CaseInsensitive) == 0;
    };
    QStringList out;
    for (const Table& t : tables)
        if (!skipped(t.name) && !isShadowTable(t))
            out << t.sql;
    for (const Index& i : indexes)
        if (!i.isAutomatic() && !skipped(i.table))
            out << i.sql;
    for (const View& v : views)
        out << v.sql;
    for (const Trigger& t : triggers)
        out << t.sql;
    return out;
}

} // namespace sluice
