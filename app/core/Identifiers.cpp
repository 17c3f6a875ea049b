#include "Identifiers.h"

namespace sluice {

QString quoteIdentifier(const QString& name)
{
    QString out;
    out.reserve(name.size() + 2);
    out += QLatin1Char('"');
    for (QChar c : name) {
        if (c == QLatin1Char('"'))
            out += QLatin1Char('"');
        out += c;
    }
    out += QLatin1Char('"');
    return out;
}

QString quoteIdentifiers(const QStringList& names, const QString& separator)
{
    QStringList quoted;
    quoted.reserve(names.size());
    for (const QString& n : names)
        quoted << quoteIdentifier(n);
    return quoted.join(separator);
}

QString quoteLiteral(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace sluice
