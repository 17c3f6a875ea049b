#include "EditColors.h"

namespace sluice::ui {

QColor EditColors::mix(const QColor& a, const QColor& b, double amount)
{
    const auto blend = [amount](int x, int y) { return int(x + (y - x) * amount + 0.5); };
    return QColor(blend(a.red(), b.red()), blend(a.green(), b.green()), blend(a.blue(), b.blue()));
}

QColor EditColors::changed(const QPalette& palette)
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.30);
}

QColor EditColors::inserted(const QPalette& palette)
{
    return mix(palette.color(QPalette::Base), QColor(0x2e, 0xa0, 0x43), 0.28);
}

QColor EditColors::deleted(const QPalette& palette)
{
    return mix(palette.color(QPalette::Base), QColor(0x9a, 0x9a, 0x9a), 0.35);
}

QColor EditColors::problem(const QPalette& palette)
{
    return mix(palette.color(QPalette::Base), QColor(0xd7, 0x26, 0x26), 0.45);
}

} // namespace sluice::ui
