#include "KeysetPager.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace sluice {

namespace {

const QString kReading = QStringLiteral("Reading rows");

void reversePage(RowPage& p)
{
    std::reverse(p.rows.begin(), p.rows.end());
    std::reverse(p.keys.begin(), p.keys.end());
}

bool textIsExact(const Cell& cell)
{
    const QString s = cell.value.toString();
    // A prefix, a value cut at a NUL by length(), or one whose invalid UTF-8 was replaced on the way
    // cannot be bound back as the same value.
    return s.size() == cell.length && !s.contains(QChar(0xFFFD)) && !s.contains(QChar(0));
}

} // namespace

RowKey KeysetPager::keyOf(const QList<Cell>& cells, const QVariantList& locator) const
{
    RowKey k;
    k.locator = locator;
    const int si = m_builder.sortColumnIndex();
    if (si < 0)
        return k;
    const Cell& c = cells.at(si);
    switch (c.storage) {
    case Cell::Storage::Null:
        k.sortValueIsNull = true;
        break;
    case Cell::Storage::Integer:
    case Cell::Storage::Real:
        k.sortValue = c.value;
        break;
    case Cell::Storage::Text:
        k.sortValueExact = textIsExact(c);
        if (k.sortValueExact)
            k.sortValue = c.value;
        break;
    case Cell::Storage::Blob:
        k.sortValueExact = false;
        break;
    }
    return k;
}

Result<int> KeysetPager::readInto(Connection& c, const SqlStatement& st, RowPage& page) const
{
    Result<QSqlQuery> q = c.run(st.sql, st.binds, kReading);
    if (!q)
        return q.error();
    const int ncols = int(m_builder.source().columns().size());
    const int locOffset = m_builder.locatorResultOffset();
    const int nloc = int(m_builder.source().locatorSql().size());
    int n = 0;
    while (q->next()) {
        QList<Cell> cells;
        cells.reserve(ncols);
        for (int i = 0; i < ncols; ++i) {
            Cell cell;
            cell.storage = Cell::storageFromTypeof(q->value(3 * i).toString());
            if (cell.storage == Cell::Storage::Text || cell.storage == Cell::Storage::Blob)
                cell.length = q->value(3 * i + 1).toLongLong();
            if (cell.storage == Cell::Storage::Blob)
                cell.value = q->value(3 * i + 2).toByteArray(); // empty for large BLOBs: never read
            else if (cell.storage == Cell::Storage::Text)
                cell.value = q->value(3 * i + 2).toString();
            else if (cell.storage != Cell::Storage::Null)
                cell.value = q->value(3 * i + 2);
            cells << cell;
        }
        QVariantList locator;
        for (int j = 0; j < nloc; ++j)
            locator << q->value(locOffset + j);
        page.keys << keyOf(cells, locator);
        page.rows << cells;
        ++n;
    }
    if (q->lastError().isValid())
        return c.errorOf(*q, kReading);
    return n;
}

Result<qint64> KeysetPager::countSegment(Connection& c, const SqlStatement& st) const
{
    Result<QVariant> v =
        c.scalar(QStringLiteral("SELECT count(*) FROM (") + st.sql + QLatin1Char(')'), st.binds, kReading);
    if (!v)
        return v.error();
    return v->toLongLong();
}

Result<RowPage> KeysetPager::runSegments(Connection& c, const RowKey* anchor,
                                         RowQueryBuilder::Direction direction, bool inclusive, int limit,
                                         qint64 skip) const
{
    RowPage page;
    const QList<SqlStatement> segments = m_builder.keysetPage(anchor, direction, inclusive, limit, skip);
    int got = 0;
    for (qsizetype i = 0; i < segments.size() && got < limit; ++i) {
        SqlStatement st = segments.at(i);
        if (i > 0) // later segments continue with what is still missing
            st = m_builder.keysetPage(anchor, direction, inclusive, limit - got, skip).at(i);
        const qint64 before = got;
        Result<int> n = readInto(c, st, page);
        if (!n)
            return n.error();
        got += *n;
        if (skip > 0 && got == before && i + 1 < segments.size()) {
            // The whole segment was skipped: find out by how much, to skip the rest in the next one.
            SqlStatement probe = m_builder.keysetPage(anchor, direction, inclusive, int(skip), 0).at(i);
            Result<qint64> k = countSegment(c, probe);
            if (!k)
                return k.error();
            skip -= *k;
        } else {
            skip = 0;
        }
    }
    page.reachedEnd = got < limit;
    if (direction == RowQueryBuilder::Direction::Backward)
        reversePage(page);
    return page;
}

Result<RowPage> KeysetPager::first(Connection& c, int limit) const
{
    return runSegments(c, nullptr, RowQueryBuilder::Direction::Forward, false, limit, 0);
}

Result<RowPage> KeysetPager::last(Connection& c, int limit) const
{
    if (!m_builder.source().isKeyed())
        return DbError::plain(kReading, QStringLiteral("a view has no key to read it backwards by"));
    return runSegments(c, nullptr, RowQueryBuilder::Direction::Backward, false, limit, 0);
}

Result<RowPage> KeysetPager::after(Connection& c, const RowKey& key, int limit) const
{
    return runSegments(c, &key, RowQueryBuilder::Direction::Forward, false, limit, 0);
}

Result<RowPage> KeysetPager::before(Connection& c, const RowKey& key, int limit) const
{
    return runSegments(c, &key, RowQueryBuilder::Direction::Backward, false, limit, 0);
}

Result<RowPage> KeysetPager::from(Connection& c, const RowKey& key, qint64 skip, int limit) const
{
    return runSegments(c, &key, RowQueryBuilder::Direction::Forward, true, limit, skip);
}

Result<RowPage> KeysetPager::atOffset(Connection& c, qint64 offset, int limit) const
{
    RowPage page;
    Result<int> n =
        readInto(c, m_builder.offsetPage(offset, limit, RowQueryBuilder::Direction::Forward), page);
    if (!n)
        return n.error();
    page.reachedEnd = *n < limit;
    return page;
}

Result<RowPage> KeysetPager::atOffsetFromEnd(Connection& c, qint64 fromEnd, int limit) const
{
    if (!m_builder.source().isKeyed())
        return DbError::plain(kReading, QStringLiteral("a view has no key to read it backwards by"));
    RowPage page;
    Result<int> n =
        readInto(c, m_builder.offsetPage(fromEnd, limit, RowQueryBuilder::Direction::Backward), page);
    if (!n)
        return n.error();
    page.reachedEnd = *n < limit;
    reversePage(page);
    return page;
}

} // namespace sluice
