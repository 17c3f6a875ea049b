#include "PlanScript.h"

#include <QVariant>

namespace sluice {

namespace {

// Replaces each `?` outside string literals and quoted names with the next value as a literal.
QString inlineBinds(const QString& sql, const QVariantList& binds)
{
    if (binds.isEmpty())
        return sql;
    QString out;
    qsizetype next = 0;
    QChar quote;
    for (QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            quote = c;
        } else if (c == QLatin1Char('?') && next < binds.size()) {
            out += sqlLiteral(binds.at(next++));
            continue;
        }
        out += c;
    }
    return out;
}

QString terminated(QString sql)
{
    sql = sql.trimmed();
    if (!sql.endsWith(QLatin1Char(';')))
        sql += QLatin1Char(';');
    return sql;
}

} // namespace

QString sqlLiteral(const QVariant& value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::QByteArray:
        return QStringLiteral("X'") + QString::fromLatin1(value.toByteArray().toHex()) + QLatin1Char('\'');
    default:
        return QLatin1Char('\'') + value.toString().replace(QLatin1Char('\''), QStringLiteral("''")) +
               QLatin1Char('\'');
    }
}

QString renderSqliteScript(const Plan& plan, const QString& header)
{
    QStringList lines;
    if (!header.isEmpty())
        for (const QString& h : header.split(QLatin1Char('\n')))
            lines << QStringLiteral("-- ") + h;
    lines << QStringLiteral(".bail on");
    if (plan.foreignKeysOff)
        lines << QStringLiteral(
            "PRAGMA foreign_keys=OFF; -- must be outside the transaction: SQLite ignores it inside");
    lines << QStringLiteral("BEGIN IMMEDIATE;");
    for (const PlanStatement& s : plan.statements) {
        if (!s.description.isEmpty())
            lines << QStringLiteral("-- ") + s.description +
                         (s.losesData ? QStringLiteral(" [loses data]") : QString());
        lines << terminated(inlineBinds(s.sql, s.binds));
    }
    if (plan.foreignKeysOff) {
        // The shell cannot branch, so a CHECK constraint does it: a dangling reference makes the
        // insert fail, .bail stops the script, and the shell rolls the transaction back.
        lines
            << QStringLiteral("-- Refuse to commit if the change left a foreign key pointing nowhere.")
            << QStringLiteral(
                   "CREATE TEMP TABLE sluice_foreign_key_check (violations INTEGER CHECK (violations = 0));")
            << QStringLiteral(
                   "INSERT INTO sluice_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;")
            << QStringLiteral("DROP TABLE sluice_foreign_key_check;");
    }
    lines << QStringLiteral("COMMIT;");
    if (plan.foreignKeysOff)
        lines << QStringLiteral("PRAGMA foreign_keys=ON;");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString renderDrizzleMigration(const Plan& plan)
{
    QStringList chunks;
    if (plan.foreignKeysOff)
        chunks << QStringLiteral("PRAGMA foreign_keys=OFF;");
    for (const PlanStatement& s : plan.statements)
        chunks << terminated(inlineBinds(s.sql, s.binds));
    if (plan.foreignKeysOff)
        chunks << QStringLiteral("PRAGMA foreign_keys=ON;");
    return chunks.join(QStringLiteral("\n--> statement-breakpoint\n")) + QLatin1Char('\n');
}

} // namespace sluice
