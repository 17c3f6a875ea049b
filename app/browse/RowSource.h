#pragma once
// What the browser knows about the table or view it pages through, taken from the Schema model:
// its columns (with affinity and collation, which decide how filters bind and how keys compare),
// how a row is located (rowid, or the PRIMARY KEY of a WITHOUT ROWID table) and its indexes.
#include "schema/Schema.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

struct BrowseColumn
{
    QString name;
    QString declaredType;
    Affinity affinity = Affinity::Blob; // views: Blob ("no affinity"), their expressions' types are unknown
    QString collation;                  // empty means BINARY
    bool notNull = false;
};

class RowSource
{
public:
    enum class Kind {
        RowidTable,        // keyset on (sort column, rowid)
        WithoutRowidTable, // keyset on (sort column, primary-key columns)
        Unkeyed            // views and virtual tables: no stable row key, paged by bounded OFFSET
    };

    // Nothing when no table or view of that name exists.
    static std::optional<RowSource> fromSchema(const Schema& schema, const QString& name);

    const QString& name() const { return m_name; }
    Kind kind() const { return m_kind; }
    bool isKeyed() const { return m_kind != Kind::Unkeyed; }
    bool isView() const { return m_isView; }
    // Views and virtual tables are shown read-only.
    bool isReadOnly() const { return m_kind == Kind::Unkeyed; }
    const QList<BrowseColumn>& columns() const { return m_columns; }
    int columnIndex(const QString& name) const; // -1 when unknown (case-insensitive, as SQLite)

    // SQL expressions (already quoted) that locate one row: the rowid expression, or the primary
    // key columns in key order. Empty for Unkeyed sources.
    const QStringList& locatorSql() const { return m_locatorSql; }
    // The rowid expression of a rowid table: the alias column, else whichever of rowid/_rowid_/oid
    // no column shadows.
    const QString& rowidSql() const { return m_rowidSql; }
    const std::optional<QString>& rowidAlias() const { return m_rowidAlias; }

    // Whether ORDER BY column (+ locator) can be read from an index rather than sorted: the rowid
    // alias, the leading primary-key column of a WITHOUT ROWID table, or a non-partial index whose
    // first column is this column with the same collation.
    bool hasOrderIndex(const QString& column) const;

private:
    QString m_name;
    Kind m_kind = Kind::Unkeyed;
    bool m_isView = false;
    QList<BrowseColumn> m_columns;
    QStringList m_locatorSql;
    QString m_rowidSql;
    std::optional<QString> m_rowidAlias;
    QStringList m_primaryKey;
    QList<Index> m_indexes;
};

} // namespace sluice
