#include "HealthReport.h"

namespace sluice::ui {

QString HealthReport::toText() const
{
    QStringList lines{title, summary};
    if (!rows.isEmpty()) {
        lines << QString() << columns.join(QLatin1Char('\t'));
        for (const HealthRow& r : rows) {
            QString line = r.cells.join(QLatin1Char('\t'));
            if (!r.fixSql.isEmpty())
                line += QLatin1Char('\n') + r.fixSql;
            lines << line;
        }
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace sluice::ui
