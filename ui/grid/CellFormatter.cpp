#include "CellFormatter.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

namespace sluice::ui {

QString CellFormatter::formatReal(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString CellFormatter::displayText(const Cell& cell)
{
    switch (cell.storage) {
    case Cell::Storage::Null:
        return nullText();
    case Cell::Storage::Integer:
        return QString::number(cell.value.toLongLong());
    case Cell::Storage::Real:
        return formatReal(cell.value.toDouble());
    case Cell::Storage::Blob:
        return blobSummary(cell);
    case Cell::Storage::Text:
        break;
    }
    QString s = cell.value.toString();
    bool cut = cell.isTruncated();
    // One line per row: the first line, with a marker when more follows.
    const qsizetype nl = s.indexOf(QLatin1Char('\n'));
    if (nl >= 0) {
        s.truncate(nl);
        if (s.endsWith(QLatin1Char('\r')))
            s.chop(1);
        cut = true;
    }
    if (s.size() > kMaxDisplayChars) {
        s.truncate(kMaxDisplayChars);
        cut = true;
    }
    if (cut)
        s += QStringLiteral("\u2026");
    return s;
}

QString CellFormatter::toolTip(const Cell& cell, const BrowseColumn& column)
{
    switch (cell.storage) {
    case Cell::Storage::Null:
        return QStringLiteral("NULL (%1)").arg(column.name);
    case Cell::Storage::Integer: {
        const qint64 v = cell.value.toLongLong();
        if (const auto when = unixTimeOf(v)) {
            const bool ms = v > 100000000000LL;
            return QStringLiteral("%1\nas unix time (%2):\n%3 local\n%4 UTC")
                .arg(v)
                .arg(ms ? QStringLiteral("milliseconds") : QStringLiteral("seconds"))
                .arg(when->toLocalTime().toString(ms ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t")
                                                     : QStringLiteral("yyyy-MM-dd HH:mm:ss t")),
                     when->toString(ms ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                       : QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        }
        return {};
    }
    case Cell::Storage::Real:
        return {};
    case Cell::Storage::Blob:
        return blobSummary(cell) + QStringLiteral(" (%1 bytes)").arg(cell.length);
    case Cell::Storage::Text: {
        const QString s = cell.value.toString();
        if (!cell.isTruncated() && s.size() <= kMaxDisplayChars && !s.contains(QLatin1Char('\n')))
            return {};
        QString tip = s.left(600);
        if (cell.length > tip.size())
            tip += QStringLiteral("\u2026\n(%1 characters)").arg(cell.length);
        return tip;
    }
    }
    return {};
}

Qt::Alignment CellFormatter::alignment(const Cell& cell)
{
    if (cell.storage == Cell::Storage::Integer || cell.storage == Cell::Storage::Real)
        return Qt::AlignRight | Qt::AlignVCenter;
    return Qt::AlignLeft | Qt::AlignVCenter;
}

QColor CellFormatter::dimmedColor(const QPalette& palette)
{
    return palette.color(QPalette::Active, QPalette::PlaceholderText);
}

QString CellFormatter::headerToolTip(const BrowseColumn& column)
{
    const QString type =
        column.declaredType.isEmpty() ? QStringLiteral("no declared type") : column.declaredType;
    QString tip =
        QStringLiteral("%1\n%2 (%3 affinity)").arg(column.name, type, affinityName(column.affinity));
    if (!column.collation.isEmpty())
        tip += QStringLiteral("\nCOLLATE ") + column.collation;
    if (column.notNull)
        tip += QStringLiteral("\nNOT NULL");
    return tip;
}

QString CellFormatter::localDateTime(qint64 value, bool millis)
{
    const QDateTime t = millis ? QDateTime::fromMSecsSinceEpoch(value) : QDateTime::fromSecsSinceEpoch(value);
    return t.toLocalTime().toString(millis ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                           : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString CellFormatter::unixTimeToolTip(qint64 value, bool millis)
{
    const QDateTime t = millis ? QDateTime::fromMSecsSinceEpoch(value, QTimeZone::utc())
                               : QDateTime::fromSecsSinceEpoch(value, QTimeZone::utc());
    const QString fmt =
        millis ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss");
    return QStringLiteral("%1 (unix time in %2)\nLocal: %3\nUTC: %4")
        .arg(value)
        .arg(millis ? QStringLiteral("milliseconds") : QStringLiteral("seconds"))
        .arg(t.toLocalTime().toString(fmt + QStringLiteral(" t")), t.toString(fmt));
}

QString CellFormatter::booleanText(qint64 value)
{
    if (value == 0)
        return QStringLiteral("\u2610 false");
    if (value == 1)
        return QStringLiteral("\u2611 true");
    return QString::number(value); // not a boolean after all: shown as it is
}

} // namespace sluice::ui
