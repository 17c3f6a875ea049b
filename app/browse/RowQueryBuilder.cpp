#include "RowQueryBuilder.h"

#include "core/Identifiers.h"

namespace sluice {

namespace {

QStringList placeholders(qsizetype n)
{
    QStringList p;
    for (qsizetype i = 0; i < n; ++i)
        p << QStringLiteral("?");
    return p;
}

QString rowValue(const QStringList& parts)
{
    return parts.size() == 1 ? parts.first()
                             : QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

} // namespace

RowQueryBuilder::RowQueryBuilder(RowSource source, SortSpec sort, QList<ColumnFilter> filters)
    : m_source(std::move(source)), m_sort(std::move(sort)), m_filters(std::move(filters))
{
    if (!m_sort.isNatural()) {
        m_sortIndex = m_source.columnIndex(m_sort.column);
        if (m_sortIndex < 0)
            m_problem = QStringLiteral("there is no column named %1 to sort by").arg(m_sort.column);
    }
    for (const ColumnFilter& f : m_filters)
        if (m_source.columnIndex(f.column) < 0)
            m_problem = QStringLiteral("there is no column named %1 to filter by").arg(f.column);
}

bool RowQueryBuilder::orderIsIndexed() const
{
    if (!m_source.isKeyed())
        return m_sort.isNatural();
    return m_sort.isNatural() || m_source.hasOrderIndex(m_sort.column);
}

QVariant RowQueryBuilder::bindValueFor(const BrowseColumn& column, const QString& text)
{
    if (column.affinity == Affinity::Text)
        return text;
    const QString t = text.trimmed();
    bool ok = false;
    const qlonglong i = t.toLongLong(&ok);
    if (ok)
        return i;
    const double d = t.toDouble(&ok); // C locale: "1.5", "1e3"
    if (ok && !t.isEmpty())
        return d;
    return text;
}

QString RowQueryBuilder::escapeLike(const QString& text)
{
    QString out;
    out.reserve(text.size() + 4);
    for (QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

RowQueryBuilder::Where RowQueryBuilder::filterWhere() const
{
    Where w;
    for (const ColumnFilter& f : m_filters) {
        const BrowseColumn& col = m_source.columns().at(m_source.columnIndex(f.column));
        const QString c = quoteIdentifier(col.name);
        const QVariant v = bindValueFor(col, f.value);
        // In a column without affinity a number may be stored as text ('10') or as a number (10):
        // equality matches either.
        const bool both = col.affinity == Affinity::Blob && v.typeId() != QMetaType::QString;
        using Op = ColumnFilter::Op;
        switch (f.op) {
        case Op::Equals:
            if (both) {
                w.terms << c + QStringLiteral(" IN (?, ?)");
                w.binds << v << f.value.trimmed();
            } else {
                w.terms << c + QStringLiteral(" = ?");
                w.binds << v;
            }
            break;
        case Op::NotEquals:
            // "≠ x" keeps NULLs: a missing value is not equal to x.
            if (both) {
                w.terms << QStringLiteral("(%1 IS NOT ? AND %1 IS NOT ?)").arg(c);
                w.binds << v << f.value.trimmed();
            } else {
                w.terms << c + QStringLiteral(" IS NOT ?");
                w.binds << v;
            }
            break;
        case Op::Less:
            w.terms << c + QStringLiteral(" < ?");
            w.binds << v;
            break;
        case Op::Greater:
            w.terms << c + QStringLiteral(" > ?");
            w.binds << v;
            break;
        case Op::Contains:
            // LIKE: case-insensitive for ASCII letters (SQLite's rule), literal for % _ and \.
            w.terms << c + QStringLiteral(" LIKE ? ESCAPE '\\'");
            w.binds << QStringLiteral("%") + escapeLike(f.value) + QStringLiteral("%");
            break;
        case Op::StartsWith:
            w.terms << c + QStringLiteral(" LIKE ? ESCAPE '\\'");
            w.binds << escapeLike(f.value) + QStringLiteral("%");
            break;
        case Op::IsNull:
            w.terms << c + QStringLiteral(" IS NULL");
            break;
        case Op::IsNotNull:
            w.terms << c + QStringLiteral(" IS NOT NULL");
            break;
        }
    }
    return w;
}

QString RowQueryBuilder::from() const
{
    return QStringLiteral(" FROM ") + quoteIdentifier(m_source.name());
}

QString RowQueryBuilder::selectList() const
{
    QStringList parts;
    for (const BrowseColumn& col : m_source.columns()) {
        const QString c = quoteIdentifier(col.name);
        parts << QStringLiteral("typeof(%1)").arg(c) << QStringLiteral("length(%1)").arg(c)
              << QStringLiteral("CASE typeof(%1) WHEN 'text' THEN substr(%1, 1, %2) "
                                "WHEN 'blob' THEN CASE WHEN length(%1) <= %3 THEN substr(%1, 1, %4) END "
                                "ELSE %1 END")
                     .arg(c)
                     .arg(kTextPrefixChars)
                     .arg(kSniffLimit)
                     .arg(kSniffBytes);
    }
    parts << m_source.locatorSql();
    return QStringLiteral("SELECT ") + parts.join(QStringLiteral(", "));
}

QString RowQueryBuilder::orderBy(bool ascending) const
{
    QStringList terms;
    if (m_sortIndex >= 0)
        terms << quoteIdentifier(m_source.columns().at(m_sortIndex).name);
    terms << m_source.locatorSql();
    if (terms.isEmpty())
        return {};
    const QString dir = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    return QStringLiteral(" ORDER BY ") + terms.join(dir + QStringLiteral(", ")) + dir;
}

SqlStatement RowQueryBuilder::compose(const QString& select, Where where, const QString& tail) const
{
    SqlStatement s;
    s.sql = select + from();
    if (!where.terms.isEmpty())
        s.sql += QStringLiteral(" WHERE ") + where.terms.join(QStringLiteral(" AND "));
    s.sql += tail;
    s.binds = std::move(where.binds);
    return s;
}

QString RowQueryBuilder::keySortValueSql(const RowKey& key, QVariantList& binds) const
{
    if (key.sortValueExact) {
        binds << key.sortValue;
        return QStringLiteral("?");
    }
    // A BLOB or a long text: compare against the stored value itself, read back by locator.
    binds << key.locator;
    return QStringLiteral("(SELECT %1%2 WHERE %3 = %4)")
        .arg(quoteIdentifier(m_source.columns().at(m_sortIndex).name), from(),
             rowValue(m_source.locatorSql()), rowValue(placeholders(key.locator.size())));
}

QList<SqlStatement> RowQueryBuilder::keysetPage(const RowKey* anchor, Direction direction, bool inclusive,
                                                int limit, qint64 offset) const
{
    const bool asc = tupleAscending(direction);
    QString tail = orderBy(asc) + QStringLiteral(" LIMIT %1").arg(limit);
    if (offset > 0)
        tail += QStringLiteral(" OFFSET %1").arg(offset);
    const QString select = selectList();
    if (!anchor || !m_source.isKeyed())
        return {compose(select, filterWhere(), tail)};

    const QString op = asc ? (inclusive ? QStringLiteral(">=") : QStringLiteral(">"))
                           : (inclusive ? QStringLiteral("<=") : QStringLiteral("<"));
    const QString locator = rowValue(m_source.locatorSql());
    const QString locatorKey = rowValue(placeholders(anchor->locator.size()));
    if (m_sortIndex < 0) {
        Where w = filterWhere();
        w.terms << locator + QLatin1Char(' ') + op + QLatin1Char(' ') + locatorKey;
        w.binds << anchor->locator;
        return {compose(select, std::move(w), tail)};
    }

    // NULLs sort first in ascending order and a row-value comparison with a NULL is never true, so
    // the NULL run of the sort column is paged as a segment of its own.
    const QString c = quoteIdentifier(m_source.columns().at(m_sortIndex).name);
    const bool nullable = !m_source.columns().at(m_sortIndex).notNull;
    QList<SqlStatement> out;
    if (anchor->sortValueIsNull) {
        Where w = filterWhere();
        w.terms << c + QStringLiteral(" IS NULL")
                << locator + QLatin1Char(' ') + op + QLatin1Char(' ') + locatorKey;
        w.binds << anchor->locator;
        out << compose(select, std::move(w), tail);
        if (asc) {
            Where rest = filterWhere();
            rest.terms << c + QStringLiteral(" IS NOT NULL");
            out << compose(select, std::move(rest), tail);
        }
        return out;
    }
    if (orderIsIndexed()) {
        // Two index seeks: the rest of the anchor's run of equal values, then the values beyond it.
        // (A single row-value comparison would walk the whole run of duplicates before the anchor.)
        Where same = filterWhere();
        QVariantList sameBinds;
        same.terms << c + QStringLiteral(" = ") + keySortValueSql(*anchor, sameBinds);
        same.terms << locator + QLatin1Char(' ') + op + QLatin1Char(' ') + locatorKey;
        same.binds << sameBinds << anchor->locator;
        out << compose(select, std::move(same), tail);
        Where beyond = filterWhere();
        QVariantList beyondBinds;
        beyond.terms << c + (asc ? QStringLiteral(" > ") : QStringLiteral(" < ")) +
                            keySortValueSql(*anchor, beyondBinds);
        beyond.binds << beyondBinds;
        out << compose(select, std::move(beyond), tail);
    } else {
        // Without an index every statement is a scan: one row-value comparison, one scan.
        Where w = filterWhere();
        QVariantList keyBinds;
        const QString sortValue = keySortValueSql(*anchor, keyBinds);
        keyBinds << anchor->locator;
        const QStringList tuple = QStringList{c} + m_source.locatorSql();
        const QStringList keyParts = QStringList{sortValue} + placeholders(anchor->locator.size());
        w.terms << rowValue(tuple) + QLatin1Char(' ') + op + QLatin1Char(' ') + rowValue(keyParts);
        w.binds << keyBinds;
        out << compose(select, std::move(w), tail);
    }
    if (!asc && nullable) {
        Where rest = filterWhere();
        rest.terms << c + QStringLiteral(" IS NULL");
        out << compose(select, std::move(rest), tail);
    }
    return out;
}

SqlStatement RowQueryBuilder::offsetPage(qint64 offset, int limit, Direction direction) const
{
    QString tail;
    // Views keep their own order unless one is asked for: ordering them would force a sort.
    if (m_source.isKeyed() || m_sortIndex >= 0)
        tail = orderBy(tupleAscending(direction));
    tail += QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset);
    return compose(selectList(), filterWhere(), tail);
}

SqlStatement RowQueryBuilder::count() const
{
    return compose(QStringLiteral("SELECT count(*)"), filterWhere(), {});
}

SqlStatement RowQueryBuilder::keyScan() const
{
    QStringList parts = m_source.locatorSql();
    if (m_sortIndex >= 0) {
        const QString c = quoteIdentifier(m_source.columns().at(m_sortIndex).name);
        parts << QStringLiteral("typeof(%1)").arg(c)
              << QStringLiteral("CASE WHEN typeof(%1) = 'blob' OR (typeof(%1) = 'text' AND length(%1) > 256) "
                                "THEN NULL ELSE %1 END")
                     .arg(c);
    }
    return compose(QStringLiteral("SELECT ") + parts.join(QStringLiteral(", ")), filterWhere(),
                   orderBy(m_sort.ascending));
}

} // namespace sluice
