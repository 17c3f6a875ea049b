#include "RowCount.h"

#include "core/Identifiers.h"

namespace sluice {

Result<std::optional<RowidRange>> readRowidRange(Connection& c, const RowSource& source)
{
    if (source.kind() != RowSource::Kind::RowidTable)
        return std::optional<RowidRange>{};
    const QString t = quoteIdentifier(source.name());
    const QString r = source.rowidSql();
    // Two separate aggregates: each is a single seek to one end of the table b-tree.
    auto lo = c.scalar(QStringLiteral("SELECT min(%1) FROM %2").arg(r, t), {},
                       QStringLiteral("Reading the rowid range"));
    if (!lo)
        return lo.error();
    if (lo->isNull())
        return std::optional<RowidRange>{};
    auto hi = c.scalar(QStringLiteral("SELECT max(%1) FROM %2").arg(r, t), {},
                       QStringLiteral("Reading the rowid range"));
    if (!hi)
        return hi.error();
    return std::optional<RowidRange>{RowidRange{lo->toLongLong(), hi->toLongLong()}};
}

std::optional<qint64> estimateRowCount(Connection& c, const RowSource& source)
{
    if (source.kind() == RowSource::Kind::RowidTable) {
        auto range = readRowidRange(c, source);
        if (range && *range)
            return (*range)->span();
        if (range)
            return 0;
    }
    // sqlite_stat1 exists only after ANALYZE; its first number is the table's row count.
    auto stat =
        c.scalar(QStringLiteral("SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1"), {source.name()});
    if (stat && !stat->isNull()) {
        bool ok = false;
        const qint64 n = stat->toString().section(QLatin1Char(' '), 0, 0).toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

Result<qint64> exactRowCount(Connection& c, const RowQueryBuilder& builder)
{
    const SqlStatement st = builder.count();
    auto v =
        c.scalar(st.sql, st.binds, QStringLiteral("Counting the rows of %1").arg(builder.source().name()));
    if (!v)
        return v.error();
    return v->toLongLong();
}

} // namespace sluice
