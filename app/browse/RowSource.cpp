#include "RowSource.h"

#include "core/Identifiers.h"

namespace sluice {

namespace {

bool sameCollation(const QString& a, const QString& b)
{
    const QString x = a.isEmpty() ? QStringLiteral("BINARY") : a;
    const QString y = b.isEmpty() ? QStringLiteral("BINARY") : b;
    return x.compare(y, Qt::CaseInsensitive) == 0;
}

} // namespace

std::optional<RowSource> RowSource::fromSchema(const Schema& schema, const QString& name)
{
    RowSource s;
    if (const Table* t = schema.table(name)) {
        s.m_name = t->name;
        for (const Column& c : t->columns) {
            if (c.kind == Column::Kind::Hidden) // not part of SELECT * (virtual-table hidden columns)
                continue;
            // A WITHOUT ROWID table's primary key is NOT NULL even when not declared so.
            const bool notNull = c.notNull || (c.pkPosition > 0 && t->withoutRowid);
            s.m_columns << BrowseColumn{c.name, c.declaredType, c.affinity, c.collation, notNull};
        }
        s.m_indexes = t->indexes;
        s.m_primaryKey = t->primaryKey();
        if (t->isVirtual) {
            s.m_kind = Kind::Unkeyed;
        } else if (t->withoutRowid) {
            s.m_kind = Kind::WithoutRowidTable;
            for (const QString& pk : s.m_primaryKey)
                s.m_locatorSql << quoteIdentifier(pk);
        } else {
            s.m_kind = Kind::RowidTable;
            s.m_rowidAlias = t->rowidAlias();
            if (s.m_rowidAlias) {
                s.m_rowidSql = quoteIdentifier(*s.m_rowidAlias);
            } else {
                for (const char* candidate : {"rowid", "_rowid_", "oid"}) {
                    if (s.columnIndex(QLatin1String(candidate)) < 0) {
                        s.m_rowidSql = QLatin1String(candidate);
                        break;
                    }
                }
            }
            if (s.m_rowidSql.isEmpty()) // every rowid name is shadowed by a column: no way to address rows
                s.m_kind = Kind::Unkeyed;
            else
                s.m_locatorSql << s.m_rowidSql;
        }
        return s;
    }
    if (const View* v = schema.view(name)) {
        s.m_name = v->name;
        s.m_isView = true;
        s.m_kind = Kind::Unkeyed;
        for (const QString& c : v->columns)
            s.m_columns << BrowseColumn{c, {}, Affinity::Blob, {}, false};
        return s;
    }
    return std::nullopt;
}

int RowSource::columnIndex(const QString& name) const
{
    for (int i = 0; i < m_columns.size(); ++i)
        if (m_columns.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

bool RowSource::hasOrderIndex(const QString& column) const
{
    const int ci = columnIndex(column);
    if (ci < 0 || m_kind == Kind::Unkeyed)
        return false;
    if (m_rowidAlias && m_rowidAlias->compare(column, Qt::CaseInsensitive) == 0)
        return true;
    if (m_kind == Kind::WithoutRowidTable && !m_primaryKey.isEmpty() &&
        m_primaryKey.first().compare(column, Qt::CaseInsensitive) == 0)
        return true;
    const QString& collation = m_columns.at(ci).collation;
    for (const Index& idx : m_indexes) {
        if (idx.partial || idx.columns.isEmpty())
            continue;
        const IndexColumn& first = idx.columns.first();
        if (first.isExpression() || first.name.compare(column, Qt::CaseInsensitive) != 0)
            continue;
        if (sameCollation(first.collation, collation))
            return true;
    }
    return false;
}

} // namespace sluice
