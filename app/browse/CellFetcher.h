#pragma once
// Reads one cell's value on demand (the preview of a BLOB, the full text of a long string), by
// locator, reading at most a bounded prefix: a 100 MB BLOB costs only the bytes asked for.
#include "CellValue.h"
#include "RowSource.h"
#include "core/Connection.h"

#include <QByteArray>

namespace sluice {

struct CellContent
{
    Cell::Storage storage = Cell::Storage::Null;
    QByteArray bytes;      // BLOB bytes, or TEXT as UTF-8 (a prefix when !complete); text of numbers
    qint64 totalBytes = 0; // the full size in bytes (TEXT: UTF-8 bytes)
    bool complete() const { return bytes.size() >= totalBytes; }
};

// Reads up to maxBytes of column `column` of the row at `locator`. On rowid tables BLOB and TEXT
// are read with incremental BLOB I/O (sqlite3_blob_open/read), so only the prefix is touched;
// elsewhere with substr() on the value cast to BLOB.
Result<CellContent> fetchCell(Connection& c, const RowSource& source, const QVariantList& locator,
                              const QString& column, qint64 maxBytes);

} // namespace sluice
