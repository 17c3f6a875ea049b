#include "DataTables.h"
#include "DurableFile.h"
#include "JsonBackup.h"
#include "JsonValue.h"
#include "RawStatement.h"
#include "TableOrder.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Writing a JSON backup");

QByteArray jsonKey(const QString& name)
{
    QByteArray out;
    appendJsonString(out, name.toUtf8());
    out += ':';
    return out;
}

} // namespace

Result<ExportSummary> writeJsonBackup(Connection& source, const QString& destinationFile, JobControl* control)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* db = source.handle();
    if (!db)
        return DbError::plain(kOp, source.rawHandleProblem(), {}, source.path());

    ReadSnapshot snapshot(db);
    if (auto s = snapshot.begin(source.path()); !s)
        return s.error();
    auto tables = readDataTables(db, source.path());
    if (!tables)
        return tables.error();
    QStringList names;
    QHash<QString, DataTable> byName;
    for (const DataTable& t : *tables) {
        names << t.name;
        byName.insert(t.name, t);
    }
    auto order = parentsFirst(db, names, source.path());
    if (!order)
        return order.error();

    DurableFile out;
    if (Status s = out.open(destinationFile, source.path(), QStringLiteral(".json"), kOp); !s)
        return s.error();
    QByteArray& buf = out.buffer();

    // Metadata first, so a reader learns the table list before any rows.
    buf += "{\"metadata\":{\"format\":\"sluice-json-backup\",\"version\":1,\"created\":";
    appendJsonString(buf, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8());
    buf += ",\"sqliteVersion\":";
    appendJsonString(buf, QByteArray(sqlite3_libversion()));
    buf += ",\"source\":";
    appendJsonString(buf, QFileInfo(source.path()).fileName().toUtf8());
    buf += ",\"values\":\"integers and reals as JSON numbers (exact), text as strings, NULL as null, BLOB "
           "as {\\\"$blob\\\": base64}, TEXT that is not UTF-8 as {\\\"$textBytes\\\": base64}, infinite "
           "reals as {\\\"$real\\\": \\\"Infinity\\\"}\"";
    buf += ",\"tables\":[";
    for (int i = 0; i < order->size(); ++i) {
        if (i)
            buf += ',';
        appendJsonString(buf, order->at(i).toUtf8());
    }
    buf += "],\"sequences\":{";
    {
        RawStatement seq;
        if (seq.prepare(db, QStringLiteral("SELECT name, seq FROM sqlite_sequence ORDER BY rowid")) ==
            SQLITE_OK) {
            bool first = true;
            while (sqlite3_step(seq) == SQLITE_ROW) {
                if (!first)
                    buf += ',';
                first = false;
                appendJsonString(buf, reinterpret_cast<const char*>(sqlite3_column_text(seq, 0)),
                                 sqlite3_column_bytes(seq, 0));
                buf += ':';
                appendJsonValue(buf, sqlite3_column_value(seq, 1));
            }
        } // no sqlite_sequence table: no AUTOINCREMENT tables
    }
    buf += "}}";

    ExportSummary summary;
    for (int ti = 0; ti < order->size(); ++ti) {
        const DataTable& table = byName[order->at(ti)];
        if (control)
            control->progress(ti, order->size(), QStringLiteral("Writing %1").arg(table.name));
        buf += ",\n";
        appendJsonString(buf, table.name.toUtf8());
        buf += ":[";
        QList<QByteArray> keys;
        for (const QString& c : table.columns)
            keys << jsonKey(c);
        RawStatement st;
        const QString sql = QStringLiteral("SELECT %1 FROM %2")
                                .arg(quoteIdentifiers(table.columns), quoteIdentifier(table.name));
        if (st.prepare(db, sql) != SQLITE_OK)
            return sqliteError(db, kOp, source.path(), sql);
        const int n = int(keys.size());
        qint64 rows = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            buf += rows ? ",\n{" : "\n{";
            for (int c = 0; c < n; ++c) {
                if (c)
                    buf += ',';
                buf += keys[c];
                appendJsonValue(buf, sqlite3_column_value(st, c));
            }
            buf += '}';
            ++rows;
            if (Status s = out.flushIfFull(); !s)
                return s.error();
            if ((rows & 4095) == 0 && control) {
                if (control->isCancelled())
                    return DbWorker::cancelledError();
                control->progress(ti, order->size(),
                                  QStringLiteral("Writing %1 (%2 rows)").arg(table.name).arg(rows));
            }
        }
        if (rc != SQLITE_DONE)
            return sqliteError(db, kOp, source.path(), sql);
        buf += rows ? "\n]" : "]";
        summary.rows += rows;
        ++summary.tables;
        summary.tableRows.append({table.name, rows});
    }
    buf += "\n}\n";
    if (control && control->isCancelled())
        return DbWorker::cancelledError();
    if (Status s = out.commit(); !s)
        return s.error();
    summary.bytes = out.bytesWritten();
    summary.path = out.finalPath();
    summary.elapsedMs = clock.elapsed();
    return summary;
}

} // namespace sluice
