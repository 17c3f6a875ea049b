#include "TableExport.h"

#include "BoundStatement.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QSaveFile>

#include <cmath>

namespace sluice {

namespace {

void csvField(QByteArray& out, const QByteArray& s)
{
    if (s.contains(',') || s.contains('"') || s.contains('\n') || s.contains('\r')) {
        QByteArray q = s;
        q.replace('"', "\"\"");
        out += '"' + q + '"';
    } else {
        out += s;
    }
}

QByteArray plainText(const SqlValue& v, const QString& nullText)
{
    switch (v.storage()) {
    case SqlValue::Storage::Null:
        return nullText.toUtf8();
    case SqlValue::Storage::Integer:
    case SqlValue::Storage::Real:
        return v.toSqlLiteral().toUtf8();
    case SqlValue::Storage::Text:
        return v.toText().toUtf8();
    case SqlValue::Storage::Blob:
        return v.toBlob().toBase64();
    }
    return {};
}

void jsonString(QByteArray& out, const QString& s)
{
    out += '"';
    for (QChar c : s) {
        const ushort u = c.unicode();
        if (u == '"')
            out += "\\\"";
        else if (u == '\\')
            out += "\\\\";
        else if (u == '\n')
            out += "\\n";
        else if (u == '\r')
            out += "\\r";
        else if (u == '\t')
            out += "\\t";
        else if (u < 0x20)
            out += QStringLiteral("\\u%1").arg(u, 4, 16, QLatin1Char('0')).toLatin1();
        else
            out += QString(c).toUtf8();
    }
    out += '"';
}

void jsonValue(QByteArray& out, const SqlValue& v)
{
    switch (v.storage()) {
    case SqlValue::Storage::Null:
        out += "null";
        break;
    case SqlValue::Storage::Integer:
        out += QByteArray::number(v.toInteger());
        break;
    case SqlValue::Storage::Real:
        out += std::isfinite(v.toReal()) ? QByteArray::number(v.toReal(), 'g', 17) : QByteArray("null");
        break;
    case SqlValue::Storage::Text:
        jsonString(out, v.toText());
        break;
    case SqlValue::Storage::Blob:
        out += '"' + v.toBlob().toBase64() + '"';
        break;
    }
}

} // namespace

Result<SqlStatement> exportQuery(const RowQueryBuilder& builder)
{
    const QString op = QStringLiteral("Preparing the export");
    if (!builder.problem().isEmpty())
        return DbError::plain(op, builder.problem());
    // The builder composes every statement as SELECT … FROM … [WHERE …] [ORDER BY …]: its count
    // statement gives the FROM/WHERE part, its key scan the ORDER BY, so the export keeps exactly
    // the grid's filter and order without a second implementation of either.
    const SqlStatement count = builder.count();
    const QString countHead = QStringLiteral("SELECT count(*)");
    const SqlStatement scan = builder.keyScan();
    if (!count.sql.startsWith(countHead))
        return DbError::plain(op, QStringLiteral("the row query has an unexpected shape"));
    const QString fromWhere = count.sql.mid(countHead.size());
    const qsizetype at = scan.sql.indexOf(fromWhere);
    if (at < 0)
        return DbError::plain(op, QStringLiteral("the row query has an unexpected shape"));
    const QString orderBy = scan.sql.mid(at + fromWhere.size());
    QStringList cols;
    for (const BrowseColumn& c : builder.source().columns())
        cols << quoteIdentifier(c.name);
    return SqlStatement{QStringLiteral("SELECT ") + cols.join(QStringLiteral(", ")) + fromWhere + orderBy,
                        count.binds};
}

Result<ExportReport> exportRows(Connection& connection, const RowQueryBuilder& builder,
                                const ExportOptions& options, JobControl* control)
{
    const QString op = QStringLiteral("Exporting %1").arg(builder.source().name());
    Result<SqlStatement> query = exportQuery(builder);
    if (!query)
        return query.error();
    BoundStatement st(connection, query->sql, op);
    if (!st.ok())
        return st.error();
    if (Status b = st.bind(query->binds); !b)
        return b.error();

    QSaveFile file(options.path);
    if (!file.open(QIODevice::WriteOnly))
        return DbError::plain(
            op, QStringLiteral("%1 cannot be written: %2").arg(options.path, file.errorString()),
            QStringLiteral("Choose another folder or file name."), options.path);
    const QList<BrowseColumn>& columns = builder.source().columns();
    QList<QByteArray> jsonKeys;
    for (const BrowseColumn& c : columns) {
        QByteArray k;
        jsonString(k, c.name);
        jsonKeys << k + ':';
    }
    QStringList quotedCols;
    for (const BrowseColumn& c : columns)
        quotedCols << quoteIdentifier(c.name);
    const QByteArray insertHead =
        QStringLiteral("INSERT INTO %1 (%2) VALUES (")
            .arg(quoteIdentifier(options.insertTable.isEmpty() ? builder.source().name()
                                                               : options.insertTable),
                 quotedCols.join(QStringLiteral(", ")))
            .toUtf8();

    QByteArray buf;
    ExportReport report;
    auto flush = [&]() -> Status {
        if (file.write(buf) != buf.size())
            return DbError::plain(
                op, QStringLiteral("writing %1 failed: %2").arg(options.path, file.errorString()),
                QStringLiteral("Check the free space."), options.path);
        report.bytes += buf.size();
        buf.clear();
        return {};
    };
    using F = ExportOptions::Format;
    if (options.format == F::Csv && options.header) {
        for (int i = 0; i < columns.size(); ++i) {
            if (i)
                buf += ',';
            csvField(buf, columns.at(i).name.toUtf8());
        }
        buf += "\r\n";
    } else if (options.format == F::Json) {
        buf += '[';
    }
    while (true) {
        Result<bool> row = st.step();
        if (!row) {
            file.cancelWriting();
            return row.error();
        }
        if (!row.value())
            break;
        switch (options.format) {
        case F::Csv:
            for (int i = 0; i < columns.size(); ++i) {
                if (i)
                    buf += ',';
                csvField(buf, plainText(st.value(i), options.nullText));
            }
            buf += "\r\n";
            break;
        case F::Json:
            buf += report.rows ? ",\n{" : "\n{";
            for (int i = 0; i < columns.size(); ++i) {
                if (i)
                    buf += ',';
                buf += jsonKeys.at(i);
                jsonValue(buf, st.value(i));
            }
            buf += '}';
            break;
        case F::SqlInserts:
            buf += insertHead;
            for (int i = 0; i < columns.size(); ++i) {
                if (i)
                    buf += ", ";
                buf += st.value(i).toSqlLiteral().toUtf8();
            }
            buf += ");\n";
            break;
        }
        ++report.rows;
        if (buf.size() > 1 << 16) {
            if (Status f = flush(); !f) {
                file.cancelWriting();
                return f.error();
            }
        }
        if (control && report.rows % 1024 == 0) {
            if (control->isCancelled()) {
                file.cancelWriting();
                return DbWorker::cancelledError();
            }
            control->progress(report.rows, options.expectedRows, op);
        }
    }
    if (options.format == F::Json)
        buf += report.rows ? "\n]\n" : "]\n";
    if (Status f = flush(); !f) {
        file.cancelWriting();
        return f.error();
    }
    if (!file.commit())
        return DbError::plain(
            op, QStringLiteral("%1 could not be saved: %2").arg(options.path, file.errorString()),
            QStringLiteral("Check the folder's permissions and free space."), options.path);
    return report;
}

} // namespace sluice
