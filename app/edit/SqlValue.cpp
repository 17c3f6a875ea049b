#include "SqlValue.h"

#include <QMetaType>

#include <cmath>
#include <limits>

namespace sluice {

SqlValue SqlValue::integer(qint64 v)
{
    SqlValue s;
    s.m_storage = Storage::Integer;
    s.m_int = v;
    return s;
}

SqlValue SqlValue::real(double v)
{
    SqlValue s;
    s.m_storage = Storage::Real;
    s.m_real = v;
    return s;
}

SqlValue SqlValue::text(const QString& v)
{
    SqlValue s;
    s.m_storage = Storage::Text;
    // A null QString would be bound as NULL by Qt Sql: empty text must stay empty text.
    s.m_text = v.isNull() ? QStringLiteral("") : v;
    return s;
}

SqlValue SqlValue::blob(const QByteArray& v)
{
    SqlValue s;
    s.m_storage = Storage::Blob;
    s.m_blob = v.isNull() ? QByteArray("", 0) : v;
    return s;
}

SqlValue SqlValue::fromVariant(const QVariant& v)
{
    if (!v.isValid() || v.isNull())
        return {};
    switch (v.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::UShort:
        return integer(v.toLongLong());
    case QMetaType::ULongLong:
    case QMetaType::ULong:
        // Beyond qint64 SQLite would store a REAL anyway.
        if (v.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return real(v.toDouble());
        return integer(v.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return real(v.toDouble());
    case QMetaType::QByteArray:
        return blob(v.toByteArray());
    default:
        return text(v.toString());
    }
}

SqlValue SqlValue::fromCell(const Cell& cell)
{
    switch (cell.storage) {
    case Storage::Null:
        return {};
    case Storage::Integer:
        return integer(cell.value.toLongLong());
    case Storage::Real:
        return real(cell.value.toDouble());
    case Storage::Text:
        return text(cell.value.toString());
    case Storage::Blob:
        return blob(cell.value.toByteArray());
    }
    return {};
}

QVariant SqlValue::toBind() const
{
    switch (m_storage) {
    case Storage::Null:
        return QVariant();
    case Storage::Integer:
        return QVariant(qlonglong(m_int));
    case Storage::Real:
        return QVariant(m_real);
    case Storage::Text:
        return QVariant(m_text);
    case Storage::Blob:
        return QVariant(m_blob);
    }
    return {};
}

QString SqlValue::typeName() const
{
    switch (m_storage) {
    case Storage::Null:
        return QStringLiteral("null");
    case Storage::Integer:
        return QStringLiteral("integer");
    case Storage::Real:
        return QStringLiteral("real");
    case Storage::Text:
        return QStringLiteral("text");
    case Storage::Blob:
        return QStringLiteral("blob");
    }
    return {};
}

QString SqlValue::toSqlLiteral() const
{
    switch (m_storage) {
    case Storage::Null:
        return QStringLiteral("NULL");
    case Storage::Integer:
        return QString::number(m_int);
    case Storage::Real: {
        if (std::isinf(m_real)) // SQLite reads 9e999 as Inf
            return m_real > 0 ? QStringLiteral("9e999") : QStringLiteral("-9e999");
        QString s = QString::number(m_real, 'g', 17);
        // Keep it a REAL when read back: "3" would be an INTEGER literal.
        if (!s.contains(QLatin1Char('.')) && !s.contains(QLatin1Char('e')) && !s.contains(QLatin1Char('n')))
            s += QStringLiteral(".0");
        return s;
    }
    case Storage::Text: {
        QString s = m_text;
        s.replace(QLatin1Char('\''), QStringLiteral("''"));
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    case Storage::Blob:
        return QStringLiteral("X'") + QString::fromLatin1(m_blob.toHex().toUpper()) + QLatin1Char('\'');
    }
    return {};
}

bool operator==(const SqlValue& a, const SqlValue& b)
{
    if (a.m_storage != b.m_storage)
        return false;
    switch (a.m_storage) {
    case SqlValue::Storage::Null:
        return true;
    case SqlValue::Storage::Integer:
        return a.m_int == b.m_int;
    case SqlValue::Storage::Real:
        return a.m_real == b.m_real;
    case SqlValue::Storage::Text:
        return a.m_text == b.m_text;
    case SqlValue::Storage::Blob:
        return a.m_blob == b.m_blob;
    }
    return false;
}

} // namespace sluice
