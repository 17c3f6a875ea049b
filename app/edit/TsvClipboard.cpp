#include "TsvClipboard.h"

namespace sluice {

namespace {

QString cellText(const SqlValue& v, const QString& nullText)
{
    switch (v.storage()) {
    case SqlValue::Storage::Null:
        return nullText;
    case SqlValue::Storage::Integer:
    case SqlValue::Storage::Real:
        return v.toSqlLiteral();
    case SqlValue::Storage::Text:
        return v.toText();
    case SqlValue::Storage::Blob:
        return QString::fromLatin1(v.toBlob().toHex());
    }
    return {};
}

QString quoted(const QString& s)
{
    if (!s.contains(QLatin1Char('\t')) && !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')) &&
        !s.startsWith(QLatin1Char('"')))
        return s;
    QString q = s;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

QString encodeTsv(const QList<SqlValueList>& rows, const QString& nullText)
{
    QString out;
    for (const SqlValueList& row : rows) {
        QStringList cells;
        for (const SqlValue& v : row)
            cells << quoted(cellText(v, nullText));
        out += cells.join(QLatin1Char('\t'));
        out += QLatin1Char('\n');
    }
    return out;
}

QList<QStringList> parseTsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool inQuotes = false;
    bool cellStarted = false;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    cell += c;
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                cell += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && !cellStarted) {
            inQuotes = true;
            cellStarted = true;
        } else if (c == QLatin1Char('\t')) {
            row << cell;
            cell.clear();
            cellStarted = false;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            row << cell;
            rows << row;
            row.clear();
            cell.clear();
            cellStarted = false;
        } else {
            cell += c;
            cellStarted = true;
        }
    }
    if (cellStarted || !cell.isEmpty() || !row.isEmpty()) {
        row << cell;
        rows << row;
    }
    return rows;
}

Status checkPasteFits(const QList<QStringList>& pasted, int firstColumn, int columnCount)
{
    int widest = 0;
    for (const QStringList& r : pasted)
        widest = std::max(widest, int(r.size()));
    const int room = columnCount - firstColumn;
    if (widest > room)
        return DbError::plain(
            QStringLiteral("Pasting"),
            QStringLiteral("the pasted text has %1 columns, but only %2 column(s) are available "
                           "from the selected one to the last")
                .arg(widest)
                .arg(room),
            QStringLiteral("Select a column further left, or copy fewer columns."));
    return {};
}

} // namespace sluice
