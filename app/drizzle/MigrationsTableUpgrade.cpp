#include "MigrationsTableUpgrade.h"

#include "MigrationFolder.h"
#include "migrate/DrizzlePlanner.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace sluice {

namespace {

// A JavaScript number as a Map key: NaN is one key (Map uses SameValueZero), integers as digits.
QString millisKey(std::optional<double> millis)
{
    if (!millis || std::isnan(*millis))
        return QStringLiteral("NaN");
    return QString::number(*millis, 'f', 0);
}

bool jsTruthy(const QVariant& v)
{
    if (v.isNull())
        return false;
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::Double:
        return v.toDouble() != 0 && !std::isnan(v.toDouble());
    default:
        return !v.toString().isEmpty();
    }
}

} // namespace

QString jsString(const QVariant& value)
{
    if (value.isNull())
        return QStringLiteral("null");
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
        return QString::number(value.toLongLong());
    case QMetaType::Double: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return QStringLiteral("NaN");
        if (std::floor(d) == d && std::fabs(d) < 1e21)
            return QString::number(d, 'f', 0);
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    default:
        return value.toString();
    }
}

QString MigrationsTableUpgrade::refusal(const AppliedMigrations& applied) const
{
    if (unmatched.isEmpty())
        return {};
    QStringList rows;
    for (qsizetype i : unmatched) {
        const AppliedRow& r = applied.rows.at(i);
        rows << QStringLiteral("rowid %1: created_at %2, hash %3…")
                    .arg(r.rowid)
                    .arg(jsString(r.createdAt), r.hash.left(12));
    }
    return QStringLiteral(
               "%1 is in drizzle-orm 0.x's shape (no `name` column) and %2 of its rows match no "
               "migration folder (%3). drizzle 1.0 refuses to migrate such a database (\"While "
               "upgrading your database migrations table we found … migrations in the database that "
               "do not match any local migration\"), and so does Sluice: restore the missing "
               "migration folders, or delete the rows if those migrations were abandoned.")
        .arg(applied.table)
        .arg(unmatched.size())
        .arg(rows.join(QStringLiteral("; ")));
}

QList<PlanStatement> MigrationsTableUpgrade::statements(const QString& table) const
{
    QList<PlanStatement> out;
    if (!needed)
        return out;
    const QString t = DrizzlePlanner::quoteName(table);
    auto statement = [&](const QString& sql, const QVariantList& binds) {
        PlanStatement s;
        s.sql = sql;
        s.binds = binds;
        s.source = QStringLiteral("drizzle 1.0 migrations-table upgrade");
        s.bookkeeping = true;
        out << s;
    };
    statement(QStringLiteral("ALTER TABLE %1 ADD COLUMN \"name\" text").arg(t), {});
    statement(QStringLiteral("ALTER TABLE %1 ADD COLUMN \"applied_at\" TEXT").arg(t), {});
    for (const LegacyRowMatch& m : matches) {
        const QString update =
            QStringLiteral("UPDATE %1 SET \"name\" = ?, \"applied_at\" = NULL WHERE ").arg(t);
        switch (m.by) {
        case LegacyRowMatch::By::Id:
            statement(update + QStringLiteral("\"id\" = ?"), {m.name, m.idValue});
            break;
        case LegacyRowMatch::By::Millis:
            statement(update + QStringLiteral("\"created_at\" = ?"), {m.name, m.createdAtText});
            break;
        case LegacyRowMatch::By::Hash:
            statement(update + QStringLiteral("\"hash\" = ?"), {m.name, m.hash});
            break;
        }
    }
    return out;
}

const LegacyRowMatch* MigrationsTableUpgrade::matchForRow(qsizetype row) const
{
    for (const LegacyRowMatch& m : matches)
        if (m.row == row)
            return &m;
    return nullptr;
}

MigrationsTableUpgrade planMigrationsTableUpgrade(const QList<MigrationSource>& localIn,
                                                  const AppliedMigrations& applied)
{
    MigrationsTableUpgrade upgrade;
    upgrade.needed = applied.tableExists && !applied.hasNameColumn;
    if (!upgrade.needed)
        return upgrade;
    QList<MigrationSource> local = localIn;
    std::stable_sort(local.begin(), local.end(), [](const MigrationSource& a, const MigrationSource& b) {
        if (a.createdAtIsNull != b.createdAtIsNull || a.createdAt != b.createdAt) {
            if (a.createdAtIsNull || b.createdAtIsNull) // NaN - x is NaN: JavaScript treats it as equal
                return false;
            return a.createdAt < b.createdAt;
        }
        return drizzleNameLess(a.name, b.name);
    });
    QHash<QString, QList<qsizetype>> byMillis;
    QHash<QString, qsizetype> byHash; // Map.set: the last migration with a hash wins
    for (qsizetype i = 0; i < local.size(); ++i) {
        const MigrationSource& m = local.at(i);
        byMillis[millisKey(m.createdAtIsNull ? std::nullopt : std::optional<double>(double(m.createdAt)))]
            .append(i);
        byHash.insert(m.hash, i);
    }
    // drizzle reads the rows ORDER BY id: NULL for every row of a 0.x table, so in rowid order.
    QList<qsizetype> order;
    for (qsizetype i = 0; i < applied.rows.size(); ++i)
        order << i;
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        const QVariant& x = applied.rows.at(a).id;
        const QVariant& y = applied.rows.at(b).id;
        if (x.isNull() || y.isNull())
            return x.isNull() && !y.isNull();
        return x.toDouble() < y.toDouble();
    });
    for (qsizetype i : order) {
        const AppliedRow& row = applied.rows.at(i);
        const QString stringified = jsString(row.createdAt);
        // Number(stringified.substring(0, length - 3) + "000"): the value truncated to the second.
        const QString secondText =
            stringified.left(std::max<qsizetype>(0, stringified.size() - 3)) + QStringLiteral("000");
        const double millis = jsNumber(secondText);
        const QList<qsizetype> candidates =
            byMillis.value(millisKey(std::isnan(millis) ? std::nullopt : std::optional<double>(millis)));
        qsizetype matched = -1;
        LegacyRowMatch::By by = LegacyRowMatch::By::Millis;
        if (candidates.size() == 1) {
            matched = candidates.first();
        } else if (candidates.size() > 1) {
            for (qsizetype c : candidates)
                if (!local.at(c).hash.isEmpty() && !row.hash.isEmpty() && local.at(c).hash == row.hash) {
                    matched = c;
                    break;
                }
            by = LegacyRowMatch::By::Hash;
        } else {
            matched = byHash.value(row.hash, -1);
            by = LegacyRowMatch::By::Hash;
        }
        if (matched < 0) {
            upgrade.unmatched << i;
            continue;
        }
        LegacyRowMatch m;
        m.row = i;
        m.name = local.at(matched).name;
        m.by = jsTruthy(row.id) ? LegacyRowMatch::By::Id : by;
        m.createdAtText = stringified;
        m.hash = row.hash;
        m.idValue = row.id;
        upgrade.matches << m;
    }
    return upgrade;
}

} // namespace sluice
