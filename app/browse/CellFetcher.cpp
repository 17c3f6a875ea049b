#include "CellFetcher.h"

#include "core/Identifiers.h"

#include <QSqlQuery>

#include <sqlite3.h>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Reading a cell");

// The prefix through incremental BLOB I/O; nothing when that path is not available (the raw handle
// is missing, the column is generated, the value is not TEXT or BLOB...).
std::optional<CellContent> readByBlobIo(Connection& c, const RowSource& source, qint64 rowid,
                                        const QString& column, Cell::Storage storage, qint64 maxBytes)
{
    sqlite3* db = c.handle();
    if (!db)
        return std::nullopt;
    sqlite3_blob* blob = nullptr;
    const QByteArray table = source.name().toUtf8();
    const QByteArray col = column.toUtf8();
    if (sqlite3_blob_open(db, "main", table.constData(), col.constData(), rowid, 0, &blob) != SQLITE_OK) {
        sqlite3_blob_close(blob);
        return std::nullopt;
    }
    CellContent out;
    out.storage = storage;
    out.totalBytes = sqlite3_blob_bytes(blob);
    const int n = int(qMin<qint64>(out.totalBytes, maxBytes));
    out.bytes.resize(n);
    const int rc = n > 0 ? sqlite3_blob_read(blob, out.bytes.data(), n, 0) : SQLITE_OK;
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK)
        return std::nullopt;
    return out;
}

} // namespace

Result<CellContent> fetchCell(Connection& c, const RowSource& source, const QVariantList& locator,
                              const QString& column, qint64 maxBytes)
{
    const int ci = source.columnIndex(column);
    if (ci < 0 || !source.isKeyed() || locator.size() != source.locatorSql().size())
        return DbError::plain(kOp, QStringLiteral("the cell cannot be located"));
    const QString col = quoteIdentifier(source.columns().at(ci).name);
    QStringList where;
    for (const QString& l : source.locatorSql())
        where << l + QStringLiteral(" = ?");
    const QString cond = QStringLiteral(" FROM %1 WHERE %2")
                             .arg(quoteIdentifier(source.name()), where.join(QStringLiteral(" AND ")));

    Result<QVariant> type = c.scalar(QStringLiteral("SELECT typeof(%1)").arg(col) + cond, locator, kOp);
    if (!type)
        return type.error();
    if (type->isNull())
        return DbError::plain(kOp, QStringLiteral("the row no longer exists"));
    const Cell::Storage storage = Cell::storageFromTypeof(type->toString());
    if (storage == Cell::Storage::Null)
        return CellContent{};
    if ((storage == Cell::Storage::Blob || storage == Cell::Storage::Text) &&
        source.kind() == RowSource::Kind::RowidTable) {
        if (auto direct = readByBlobIo(c, source, locator.first().toLongLong(), source.columns().at(ci).name,
                                       storage, maxBytes))
            return *direct;
    }
    // CAST AS BLOB gives TEXT as its UTF-8 bytes, so both lengths and prefixes count bytes.
    Result<QSqlQuery> q =
        c.run(QStringLiteral("SELECT length(CAST(%1 AS BLOB)), substr(CAST(%1 AS BLOB), 1, %2)")
                      .arg(col)
                      .arg(maxBytes) +
                  cond,
              locator, kOp);
    if (!q)
        return q.error();
    if (!q->next())
        return DbError::plain(kOp, QStringLiteral("the row no longer exists"));
    CellContent out;
    out.storage = storage;
    out.totalBytes = q->value(0).toLongLong();
    out.bytes = q->value(1).toByteArray();
    return out;
}

} // namespace sluice
