#pragma once
// How a cell reads in the grid: NULL distinct from empty text, BLOBs summarised, numbers
// right-aligned, long text cut with an ellipsis, unix times explained in the tooltip. Colours come
// from the palette (so dark mode works), never hard-coded.
#include "browse/CellValue.h"
#include "browse/RowSource.h"

#include <QFont>
#include <QPalette>
#include <QString>
#include <QVariant>

namespace sluice::ui {

class CellFormatter
{
public:
    static constexpr int kMaxDisplayChars = 200;

    static QString displayText(const Cell& cell);
    static QString toolTip(const Cell& cell, const BrowseColumn& column);
    static Qt::Alignment alignment(const Cell& cell);
    // Italic for NULL (and for rows still loading).
    static bool isItalic(const Cell& cell) { return cell.isNull(); }
    // The dimmed text colour NULL and placeholders use.
    static QColor dimmedColor(const QPalette& palette);
    static QString placeholderText() { return QStringLiteral("\u2026"); }
    static QString nullText() { return QStringLiteral("NULL"); }

    static QString headerToolTip(const BrowseColumn& column);
    // A unix time column's value (seconds, or milliseconds when `millis`) as a local date-time:
    // "2026-11-22 06:05:00" ("…:00.250" with milliseconds).
    static QString localDateTime(qint64 value, bool millis);
    // The raw number, the local and the UTC date-time, one per line.
    static QString unixTimeToolTip(qint64 value, bool millis);
    // A boolean column's 0/1 as the grid shows it.
    static QString booleanText(qint64 value);
    static QString formatReal(double value);
};

} // namespace sluice::ui
