#include "AppliedMigrations.h"

#include "core/Connection.h"
#include "core/Identifiers.h"

#include <QRegularExpression>

#include <limits>

namespace sluice {

std::optional<qint64> AppliedRow::createdAtInteger() const
{
    if (createdAt.isNull())
        return std::nullopt;
    bool ok = false;
    const double d = createdAt.toString().trimmed().toDouble(&ok);
    if (!ok || d != double(qint64(d)))
        return std::nullopt;
    return qint64(d);
}

double jsNumber(const QVariant& value)
{
    if (value.isNull())
        return 0;
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toDouble();
    default:
        break;
    }
    // Number("  12 ") is 12, Number("") is 0, Number("0x1f") is 31, anything else NaN.
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return 0;
    static const QRegularExpression hex(QStringLiteral("^0[xX][0-9a-fA-F]+$"));
    if (hex.match(text).hasMatch())
        return double(text.mid(2).toULongLong(nullptr, 16));
    static const QRegularExpression decimal(QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"));
    if (decimal.match(text).hasMatch())
        return text.toDouble();
    if (text == QLatin1String("Infinity") || text == QLatin1String("+Infinity"))
        return std::numeric_limits<double>::infinity();
    if (text == QLatin1String("-Infinity"))
        return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
}

Result<AppliedMigrations> readAppliedMigrations(Connection& connection, const QString& table)
{
    AppliedMigrations applied;
    applied.table = table;
    const QString operation = QStringLiteral("Reading %1").arg(quoteIdentifier(table));
    auto exists = connection.scalar(
        QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type IN ('table','view') AND name = ?"),
        {table}, operation);
    if (!exists)
        return exists.error();
    if (exists->toLongLong() == 0)
        return applied;
    applied.tableExists = true;

    auto columns =
        connection.rows(QStringLiteral("SELECT name FROM pragma_table_info(?)"), {table}, operation);
    if (!columns)
        return columns.error();
    for (const QVariantList& c : *columns) {
        // drizzle 1.0 tells its table version by `columns.includes("name")`: exact spelling.
        const QString name = c.value(0).toString();
        applied.hasNameColumn |= name == QLatin1String("name");
        applied.hasAppliedAtColumn |= name.compare(QLatin1String("applied_at"), Qt::CaseInsensitive) == 0;
    }

    const QString quoted = quoteIdentifier(table);
    QString select = QStringLiteral("SELECT rowid, id, hash, created_at");
    select += applied.hasNameColumn ? QStringLiteral(", name") : QStringLiteral(", NULL");
    select += applied.hasAppliedAtColumn ? QStringLiteral(", applied_at") : QStringLiteral(", NULL");
    select += QStringLiteral(" FROM %1 ORDER BY rowid").arg(quoted);
    auto rows = connection.rows(select, {}, operation);
    if (!rows)
        return rows.error();
    for (const QVariantList& r : *rows) {
        AppliedRow row;
        row.rowid = r.value(0).toLongLong();
        row.id = r.value(1);
        row.hash = r.value(2).toString();
        row.createdAt = r.value(3);
        row.name = r.value(4).toString();
        row.appliedAt = r.value(5).toString();
        applied.rows.append(row);
    }
    if (!applied.rows.isEmpty()) {
        // The very query drizzle-orm runs, so SQLite's ordering of mixed types decides `last`.
        auto last = connection.scalar(
            QStringLiteral("SELECT created_at FROM %1 ORDER BY created_at DESC LIMIT 1").arg(quoted), {},
            operation);
        if (!last)
            return last.error();
        applied.lastCreatedAtNumber = jsNumber(*last);
    }
    return applied;
}

} // namespace sluice
