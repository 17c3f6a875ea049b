#pragma once
// Turns (source, sort, filters) into the SQL the browser runs. Identifiers are always quoted and
// every value is bound. The page statements select, per column, typeof(), length() and a display
// value (a text prefix; for BLOBs only the first bytes of small ones), then the row's locator.
#include "BrowseTypes.h"
#include "RowSource.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace sluice {

struct SqlStatement
{
    QString sql;
    QVariantList binds;
};

class RowQueryBuilder
{
public:
    // Characters of TEXT read per cell for display; BLOBs up to kSniffLimit bytes long give their
    // first kSniffBytes bytes (enough to recognise an image), longer ones nothing at all.
    static constexpr int kTextPrefixChars = 1000;
    static constexpr int kSniffBytes = 32;
    static constexpr int kSniffLimit = 65536;

    RowQueryBuilder(RowSource source, SortSpec sort, QList<ColumnFilter> filters);

    const RowSource& source() const { return m_source; }
    const SortSpec& sort() const { return m_sort; }
    const QList<ColumnFilter>& filters() const { return m_filters; }
    // Empty when the sort and filters name known columns; otherwise what is wrong.
    QString problem() const { return m_problem; }
    int sortColumnIndex() const { return m_sortIndex; }
    bool hasFilters() const { return !m_filters.isEmpty(); }
    // Whether reading a page in this order is an index walk (bounded work) rather than a sort.
    bool orderIsIndexed() const;

    // Rows in display order (Forward) or its reverse (Backward). With an anchor, only rows strictly
    // after it in that direction (or from it on, when inclusive). Several statements when NULLs in
    // the sort column need a segment of their own: run them in order until `limit` rows are read.
    enum class Direction { Forward, Backward };
    QList<SqlStatement> keysetPage(const RowKey* anchor, Direction direction, bool inclusive, int limit,
                                   qint64 offset = 0) const;
    // LIMIT/OFFSET page: for Unkeyed sources (views), and for short hops near either end.
    SqlStatement offsetPage(qint64 offset, int limit, Direction direction) const;
    SqlStatement count() const;
    // Every row's key in display order (for the position index): locator..., then, when sorting,
    // typeof(sort column) and the sort value (NULL in place of BLOBs and long text).
    SqlStatement keyScan() const;

    // Result layout of page statements.
    int resultColumnsPerCell() const { return 3; } // typeof, length, value
    int locatorResultOffset() const { return int(m_source.columns().size()) * 3; }

    // How a filter's text is bound for a column: a number when it parses as one and the column does
    // not have TEXT affinity (so "> 10" compares numbers), else the text.
    static QVariant bindValueFor(const BrowseColumn& column, const QString& text);
    // The LIKE pattern (ESCAPE '\') matching `text` literally, with % _ and \ escaped.
    static QString escapeLike(const QString& text);

private:
    struct Where
    {
        QStringList terms;
        QVariantList binds;
    };
    Where filterWhere() const;
    QString selectList() const;
    QString orderBy(bool ascending) const;
    QString from() const;
    SqlStatement compose(const QString& select, Where where, const QString& tail) const;
    // The sort value of a key as SQL: a placeholder, or a subquery re-reading it by locator.
    QString keySortValueSql(const RowKey& key, QVariantList& binds) const;
    bool tupleAscending(Direction d) const { return m_sort.ascending == (d == Direction::Forward); }

    RowSource m_source;
    SortSpec m_sort;
    QList<ColumnFilter> m_filters;
    int m_sortIndex = -1;
    QString m_problem;
};

} // namespace sluice
