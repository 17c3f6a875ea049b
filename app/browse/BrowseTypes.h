#pragma once
// Value types of the row browser: what to sort and filter by, and what a page of rows holds.
#include "CellValue.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>

namespace sluice {

struct SortSpec
{
    QString column; // empty: the table's natural order (rowid, or the primary key of a WITHOUT ROWID table)
    bool ascending = true;

    bool isNatural() const { return column.isEmpty(); }
    friend bool operator==(const SortSpec&, const SortSpec&) = default;
};

struct ColumnFilter
{
    enum class Op { Equals, NotEquals, Less, Greater, Contains, StartsWith, IsNull, IsNotNull };
    QString column;
    Op op = Op::Equals;
    QString value; // ignored by IsNull / IsNotNull

    bool needsValue() const { return op != Op::IsNull && op != Op::IsNotNull; }
    friend bool operator==(const ColumnFilter&, const ColumnFilter&) = default;
};

// Where a row sits in the current order: the sort column's value and the row's locator (rowid, or
// the primary-key values of a WITHOUT ROWID table). Paging continues "after" or "before" a key, so a
// page never depends on how many rows precede it.
struct RowKey
{
    // The sort column's exact value. When it could not be carried exactly (a BLOB, a long or
    // non-UTF-8 text), sortValueExact is false and the SQL re-reads it by locator in a subquery.
    QVariant sortValue;
    bool sortValueExact = true;
    bool sortValueIsNull = false;
    QVariantList locator; // rowid, or the primary-key values in key order; empty for views

    bool isValid() const { return !locator.isEmpty(); }
};

struct RowPage
{
    QList<QList<Cell>> rows;
    QList<RowKey> keys;      // one per row (invalid keys for views)
    bool reachedEnd = false; // fewer rows than asked for: nothing further in that direction
};

} // namespace sluice

Q_DECLARE_METATYPE(sluice::RowPage)
