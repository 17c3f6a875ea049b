#pragma once
// Reads pages of rows by key: first, last, after a key, before a key, or from a key on (for the
// position index). Never an OFFSET over a large range; the only OFFSETs are bounded hops (at most
// a position-index stride) and the pages of views, which have no key to seek by.
#include "RowQueryBuilder.h"
#include "core/Connection.h"

namespace sluice {

class KeysetPager
{
public:
    explicit KeysetPager(RowQueryBuilder builder) : m_builder(std::move(builder)) {}
    const RowQueryBuilder& builder() const { return m_builder; }

    // Every page is in display order.
    Result<RowPage> first(Connection& c, int limit) const;
    Result<RowPage> last(Connection& c, int limit) const; // read backwards from the end, then reversed
    Result<RowPage> after(Connection& c, const RowKey& key, int limit) const;
    Result<RowPage> before(Connection& c, const RowKey& key, int limit) const;
    // The rows from `key` on (inclusive), after skipping `skip` of them.
    Result<RowPage> from(Connection& c, const RowKey& key, qint64 skip, int limit) const;
    // LIMIT/OFFSET: the way views are paged, and short hops from the start.
    Result<RowPage> atOffset(Connection& c, qint64 offset, int limit) const;
    // The `limit` rows that end `fromEnd` rows before the last one (backwards from the end by
    // OFFSET, so only for short hops; keyed sources only).
    Result<RowPage> atOffsetFromEnd(Connection& c, qint64 fromEnd, int limit) const;

    // The key of a row as the page statements return it.
    RowKey keyOf(const QList<Cell>& cells, const QVariantList& locator) const;

private:
    Result<RowPage> runSegments(Connection& c, const RowKey* anchor, RowQueryBuilder::Direction direction,
                                bool inclusive, int limit, qint64 skip) const;
    Result<int> readInto(Connection& c, const SqlStatement& st, RowPage& page) const;
    Result<qint64> countSegment(Connection& c, const SqlStatement& st) const;

    RowQueryBuilder m_builder;
};

} // namespace sluice
