#pragma once
// Exports the rows of a table or view as the grid shows them (its filter and sort, taken from the
// grid's RowQueryBuilder) to a file, streamed from one statement: memory stays flat whatever the
// row count. The file is written to a temporary name and renamed at the end (QSaveFile), so a
// cancelled or failed export leaves no partial file and an existing file untouched.
//  - CSV: RFC 4180 (comma, CRLF, fields with comma/quote/CR/LF quoted, quotes doubled), UTF-8, a
//    header row; NULL as `nullText` (empty by default); BLOBs as base64.
//  - JSON: an array of objects in column order; integers exact (never via double), reals with 17
//    significant digits, BLOBs as base64 strings, NULL as null.
//  - SQL: one INSERT INTO "table" ("cols") VALUES (literals); per row (SqlValue::toSqlLiteral).
// The value encoders are Sluice's own (app/edit): app/formats had none when this was written.
#include "browse/RowQueryBuilder.h"
#include "core/Connection.h"

namespace sluice {

class JobControl;

struct ExportOptions
{
    enum class Format { Csv, Json, SqlInserts };
    Format format = Format::Csv;
    QString path;
    QString nullText;        // CSV only
    bool header = true;      // CSV only
    QString insertTable;     // SQL only: the table name in the INSERTs (default: the source's name)
    qint64 expectedRows = 0; // for progress (the grid's count when known; 0 = unknown)
};

struct ExportReport
{
    qint64 rows = 0;
    qint64 bytes = 0;
};

// The statement reading every full value in the builder's order and filter.
Result<SqlStatement> exportQuery(const RowQueryBuilder& builder);

Result<ExportReport> exportRows(Connection& connection, const RowQueryBuilder& builder,
                                const ExportOptions& options, JobControl* control = nullptr);

} // namespace sluice
