#pragma once
// The colours of staged edits in the grid, mixed from the palette's base colour so they stay
// readable in light and dark themes: changed cells take the selection hue, inserted rows a green,
// deleted rows a red (with the text struck out), a cell SQLite refused a stronger red.
#include <QColor>
#include <QPalette>

namespace sluice::ui {

struct EditColors
{
    static QColor changed(const QPalette& palette);
    static QColor inserted(const QPalette& palette);
    static QColor deleted(const QPalette& palette);
    static QColor problem(const QPalette& palette);
    // `a` moved towards `b` by `amount` (0..1).
    static QColor mix(const QColor& a, const QColor& b, double amount);
};

} // namespace sluice::ui
