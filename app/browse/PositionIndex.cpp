#include "PositionIndex.h"

#include "worker/DbWorker.h"

#include <QSqlError>
#include <QSqlQuery>

namespace sluice {

Result<PositionIndex> PositionIndex::build(Connection& c, const RowQueryBuilder& builder, JobControl* control,
                                           qint64 expectedRows, int stride)
{
    const QString op = QStringLiteral("Indexing row positions");
    if (!builder.source().isKeyed())
        return DbError::plain(op, QStringLiteral("a view has no key to index positions by"));
    PositionIndex index;
    index.m_stride = qMax(1, stride);
    const SqlStatement st = builder.keyScan();
    Result<QSqlQuery> q = c.run(st.sql, st.binds, op);
    if (!q)
        return q.error();
    const int nloc = int(builder.source().locatorSql().size());
    const bool sorted = builder.sortColumnIndex() >= 0;
    qint64 row = 0;
    while (q->next()) {
        if (row % index.m_stride == 0) {
            RowKey k;
            for (int j = 0; j < nloc; ++j)
                k.locator << q->value(j);
            if (sorted) {
                const Cell::Storage s = Cell::storageFromTypeof(q->value(nloc).toString());
                k.sortValueIsNull = s == Cell::Storage::Null;
                const QVariant v = q->value(nloc + 1);
                // NULL here for a non-NULL value means a BLOB or long text: re-read by locator when used.
                k.sortValueExact = k.sortValueIsNull || !v.isNull();
                if (s == Cell::Storage::Text && k.sortValueExact) {
                    const QString t = v.toString();
                    k.sortValueExact = !t.contains(QChar(0xFFFD)) && !t.contains(QChar(0));
                }
                if (k.sortValueExact && !k.sortValueIsNull)
                    k.sortValue = v;
            }
            index.m_keys << k;
            if (control) {
                if (control->isCancelled())
                    return DbWorker::cancelledError();
                control->progress(row, qMax(expectedRows, row), op);
            }
        }
        ++row;
    }
    if (q->lastError().isValid())
        return c.errorOf(*q, op);
    index.m_rows = row;
    return index;
}

std::optional<PositionIndex::Seek> PositionIndex::seek(qint64 row) const
{
    if (row < 0 || row >= m_rows)
        return std::nullopt;
    const qint64 i = row / m_stride;
    return Seek{m_keys.at(i), row - i * m_stride};
}

} // namespace sluice
