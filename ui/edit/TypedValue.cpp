#include "TypedValue.h"

namespace sluice::ui {

SqlValue valueFromText(const QString& text, Affinity affinity)
{
    const QString t = text.trimmed();
    bool ok = false;
    switch (affinity) {
    case Affinity::Integer:
    case Affinity::Numeric: {
        const qint64 i = t.toLongLong(&ok);
        if (ok)
            return SqlValue::integer(i);
        const double d = t.toDouble(&ok);
        if (ok && !t.isEmpty())
            return SqlValue::real(d);
        return SqlValue::text(text);
    }
    case Affinity::Real: {
        const double d = t.toDouble(&ok);
        return ok && !t.isEmpty() ? SqlValue::real(d) : SqlValue::text(text);
    }
    case Affinity::Text:
    case Affinity::Blob:
        break;
    }
    return SqlValue::text(text);
}

std::optional<SqlValue> literalDefault(const QString& defaultSql)
{
    QString s = defaultSql.trimmed();
    while (s.startsWith(QLatin1Char('(')) && s.endsWith(QLatin1Char(')')))
        s = s.mid(1, s.size() - 2).trimmed();
    if (s.isEmpty())
        return std::nullopt;
    if (s.compare(QLatin1String("NULL"), Qt::CaseInsensitive) == 0)
        return SqlValue::null();
    if (s.compare(QLatin1String("TRUE"), Qt::CaseInsensitive) == 0)
        return SqlValue::integer(1);
    if (s.compare(QLatin1String("FALSE"), Qt::CaseInsensitive) == 0)
        return SqlValue::integer(0);
    if (s.size() >= 2 && s.startsWith(QLatin1Char('\'')) && s.endsWith(QLatin1Char('\''))) {
        const QString inner = s.mid(1, s.size() - 2);
        // A lone quote inside would mean this is not one literal (e.g. 'a' || 'b').
        if (QString(inner).replace(QLatin1String("''"), QString()).contains(QLatin1Char('\'')))
            return std::nullopt;
        return SqlValue::text(QString(inner).replace(QLatin1String("''"), QLatin1String("'")));
    }
    bool ok = false;
    const qint64 i = s.toLongLong(&ok);
    if (ok)
        return SqlValue::integer(i);
    const double d = s.toDouble(&ok);
    if (ok)
        return SqlValue::real(d);
    return std::nullopt;
}

Cell cellOf(const SqlValue& value)
{
    Cell c;
    c.storage = value.storage();
    switch (value.storage()) {
    case Cell::Storage::Null:
        break;
    case Cell::Storage::Integer:
        c.value = value.toInteger();
        break;
    case Cell::Storage::Real:
        c.value = value.toReal();
        break;
    case Cell::Storage::Text:
        c.value = value.toText();
        c.length = value.toText().size();
        break;
    case Cell::Storage::Blob:
        c.value = value.toBlob().left(64);
        c.length = value.toBlob().size();
        break;
    }
    return c;
}

} // namespace sluice::ui
