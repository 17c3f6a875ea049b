#pragma once
// How staged edits find one existing row of a table, and how they name it to a person.
//  - Rowid tables (with or without a declared key) are addressed by rowid. When an INTEGER PRIMARY
//    KEY aliases the rowid, the alias column is used (it is the rowid); otherwise whichever of
//    rowid / _rowid_ / oid no column of the table shadows. A table whose columns shadow all three
//    cannot be addressed and is refused.
//  - WITHOUT ROWID tables are addressed by their primary-key values in key order.
//  - Views (a Table from viewAsTable, app/edit/ViewEditing.h) by every column's value, compared
//    with IS so that NULLs match; such a locator may match several rows (the applier checks).
// This is the same locator the row grid reads (RowSource::locatorSql / RowKey::locator), so the
// grid's RowKey::locator can be handed over as a RowIdentity unchanged.
#include "SqlValue.h"
#include "core/Result.h"
#include "schema/Schema.h"

#include <QStringList>
#include <QVariantList>

namespace sluice {

// The key values of one existing row: {rowid} or the primary-key values in key order.
struct RowIdentity
{
    SqlValueList key;

    static RowIdentity fromLocator(const QVariantList& locator);
    static RowIdentity rowid(qint64 id) { return {{SqlValue::integer(id)}}; }
    bool isValid() const { return !key.isEmpty(); }
    friend bool operator==(const RowIdentity&, const RowIdentity&) = default;
};

struct RowLocator
{
    QString table;
    bool byRowid = true;
    bool byAllColumns = false; // a view: every column, `IS ?`
    QStringList sqlTerms;      // quoted SQL: {"\"id\""} or {"rowid"} or the key columns
    QStringList labels;        // for people: {"id"}, {"rowid"}, {"tenant", "slug"}

    // Fails for views, virtual tables and rowid tables whose columns shadow rowid, _rowid_ and oid.
    static Result<RowLocator> forTable(const Table& table);

    // "\"a\" = ? AND \"b\" = ?" (the identity's values bind in order; `IS ?` for a view).
    QString whereSql() const;
    // "id = 5" / "rowid 12" / "tenant = 'acme', slug = 'x'"
    QString describe(const RowIdentity& row) const;
    // Whether `column` is one of the locator's columns (changing it changes the row's identity).
    bool isKeyColumn(const QString& column) const;
};

} // namespace sluice
