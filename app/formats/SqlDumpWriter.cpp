#include "DataTables.h"
#include "DurableFile.h"
#include "RawStatement.h"
#include "SqlDump.h"
#include "SqlLiteral.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Writing a SQL dump");

QString text(sqlite3_stmt* st, int i)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
}

struct SchemaEntry
{
    QString name;
    QString sql;
};

} // namespace

Result<ExportSummary> writeSqlDump(Connection& source, const QString& destinationFile, JobControl* control)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* db = source.handle();
    if (!db)
        return DbError::plain(kOp, source.rawHandleProblem(), {}, source.path());
    ReadSnapshot snapshot(db);
    if (auto s = snapshot.begin(source.path()); !s)
        return s.error();

    // Tables in creation order, sqlite_sequence last (its rows follow the tables that fill it).
    QList<SchemaEntry> tables, others;
    {
        RawStatement st;
        if (st.prepare(db,
                       QStringLiteral("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT "
                                      "NULL ORDER BY name = 'sqlite_sequence', rowid")) != SQLITE_OK)
            return sqliteError(db, kOp, source.path());
        while (sqlite3_step(st) == SQLITE_ROW)
            tables.append({text(st, 0), text(st, 1)});
        if (st.prepare(db,
                       QStringLiteral("SELECT name, sql FROM sqlite_schema WHERE sql NOT NULL AND type IN "
                                      "('index', 'trigger', 'view') ORDER BY rowid")) != SQLITE_OK)
            return sqliteError(db, kOp, source.path());
        while (sqlite3_step(st) == SQLITE_ROW)
            others.append({text(st, 0), text(st, 1)});
    }
    auto dataTables = readDataTables(db, source.path());
    if (!dataTables)
        return dataTables.error();

    DurableFile out;
    if (Status s = out.open(destinationFile, source.path(), QStringLiteral(".sql"), kOp); !s)
        return s.error();
    QByteArray& buf = out.buffer();
    buf += "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n";

    ExportSummary summary;
    bool writableSchema = false;
    bool analyzed = false;
    for (int ti = 0; ti < tables.size(); ++ti) {
        const SchemaEntry& t = tables[ti];
        if (control)
            control->progress(ti, tables.size(), QStringLiteral("Writing %1").arg(t.name));
        const bool internal = t.name.startsWith(QLatin1String("sqlite_"), Qt::CaseInsensitive);
        if (t.name == QLatin1String("sqlite_sequence")) {
            buf += "DELETE FROM sqlite_sequence;\n";
        } else if (t.name.startsWith(QLatin1String("sqlite_stat"))) {
            // ANALYZE creates the statistics tables; their rows then go in as they were.
            if (!analyzed)
                buf += "ANALYZE sqlite_schema;\n";
            analyzed = true;
        } else if (internal) {
            continue;
        } else if (t.sql.startsWith(QLatin1String("CREATE VIRTUAL TABLE"), Qt::CaseInsensitive)) {
            // The shell's way: a virtual table is recreated by writing its schema row; its rows live in
            // its shadow tables, which are ordinary tables of the dump.
            if (!writableSchema)
                buf += "PRAGMA writable_schema=ON;\n";
            writableSchema = true;
            buf += "INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table',";
            buf += quoteLiteral(t.name).toUtf8() + ',' + quoteLiteral(t.name).toUtf8() + ",0," +
                   quoteLiteral(t.sql).toUtf8() + ");\n";
            continue;
        } else {
            buf += t.sql.toUtf8();
            buf += ";\n";
        }

        // Columns from table_xinfo; internal tables are not in dataTables.
        QStringList columns;
        bool named = false;
        for (const DataTable& d : *dataTables)
            if (d.name == t.name) {
                columns = d.columns;
                named = d.hasGenerated;
            }
        if (columns.isEmpty()) {
            RawStatement cols;
            if (cols.prepare(db, QStringLiteral("SELECT name FROM pragma_table_info(?1) ORDER BY cid")) !=
                SQLITE_OK)
                return sqliteError(db, kOp, source.path());
            const QByteArray n = t.name.toUtf8();
            sqlite3_bind_text(cols, 1, n.constData(), int(n.size()), SQLITE_TRANSIENT);
            while (sqlite3_step(cols) == SQLITE_ROW)
                columns << text(cols, 0);
        }
        if (columns.isEmpty())
            continue;
        QByteArray prefix = "INSERT INTO " + quoteIdentifier(t.name).toUtf8();
        if (named)
            prefix += '(' + quoteIdentifiers(columns, QStringLiteral(",")).toUtf8() + ')';
        prefix += " VALUES(";
        const QString sql =
            QStringLiteral("SELECT %1 FROM %2").arg(quoteIdentifiers(columns), quoteIdentifier(t.name));
        RawStatement st;
        if (st.prepare(db, sql) != SQLITE_OK)
            return sqliteError(db, kOp, source.path(), sql);
        const int n = int(columns.size());
        qint64 rows = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            buf += prefix;
            for (int c = 0; c < n; ++c) {
                if (c)
                    buf += ',';
                appendSqlLiteral(buf, sqlite3_column_value(st, c));
            }
            buf += ");\n";
            ++rows;
            if (Status s = out.flushIfFull(); !s)
                return s.error();
            if ((rows & 4095) == 0 && control) {
                if (control->isCancelled())
                    return DbWorker::cancelledError();
                control->progress(ti, tables.size(),
                                  QStringLiteral("Writing %1 (%2 rows)").arg(t.name).arg(rows));
            }
        }
        if (rc != SQLITE_DONE)
            return sqliteError(db, kOp, source.path(), sql);
        summary.rows += rows;
        summary.tableRows.append({t.name, rows});
        if (!internal)
            ++summary.tables;
    }
    if (writableSchema)
        buf += "PRAGMA writable_schema=OFF;\n";
    for (const SchemaEntry& o : others) {
        buf += o.sql.toUtf8();
        buf += ";\n";
    }
    buf += "COMMIT;\n";
    if (control && control->isCancelled())
        return DbWorker::cancelledError();
    if (Status s = out.commit(); !s)
        return s.error();
    summary.writesSchemaRows = writableSchema;
    summary.bytes = out.bytesWritten();
    summary.path = out.finalPath();
    summary.elapsedMs = clock.elapsed();
    return summary;
}

} // namespace sluice
