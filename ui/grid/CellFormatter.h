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
    static QString formatReal(double value);
};

} // namespace sluice::ui
