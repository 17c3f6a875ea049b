#include "StrictTypes.h"

#include "RowLocator.h"

#include <cmath>

namespace sluice {

namespace {

// Whether text reads as a number the way SQLite's numeric affinity reads it (leading and trailing
// spaces allowed, decimal or exponent forms, hexadecimal integers are not converted).
bool numericText(const QString& text, double* real, bool* integral)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return false;
    bool ok = false;
    t.toLongLong(&ok);
    if (ok) {
        *integral = true;
        *real = t.toDouble();
        return true;
    }
    const double d = t.toDouble(&ok);
    if (!ok || std::isnan(d))
        return false;
    *real = d;
    *integral = std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18;
    return true;
}

} // namespace

QString strictTypeProblem(const Table& table, const Column& column, const SqlValue& value)
{
    if (!table.strict || value.isNull())
        return {};
    const QString type = column.declaredType.trimmed().toUpper();
    const QString where = QStringLiteral("%1.%2").arg(table.name, column.name);
    auto refuse = [&](const QString& what) {
        return QStringLiteral("%1 cannot be stored in the %2 column %3 of a STRICT table")
            .arg(what, type, where);
    };
    QString shown = value.toSqlLiteral();
    if (shown.size() > 40)
        shown = shown.left(39) + QChar(0x2026);
    const QString what = value.storage() == SqlValue::Storage::Blob
                             ? QStringLiteral("a BLOB of %1 bytes").arg(value.toBlob().size())
                             : QStringLiteral("%1 %2").arg(value.typeName(), shown);
    using S = SqlValue::Storage;
    if (type == QLatin1String("ANY") || type.isEmpty())
        return {};
    if (type == QLatin1String("INT") || type == QLatin1String("INTEGER")) {
        switch (value.storage()) {
        case S::Integer:
            return {};
        case S::Real:
            return std::floor(value.toReal()) == value.toReal() && std::fabs(value.toReal()) < 9.2e18
                       ? QString()
                       : refuse(what) + QStringLiteral(" (it has a fractional part)");
        case S::Text: {
            double d = 0;
            bool integral = false;
            if (numericText(value.toText(), &d, &integral) && integral)
                return {};
            return refuse(what) + QStringLiteral(": enter a whole number");
        }
        default:
            return refuse(what);
        }
    }
    if (type == QLatin1String("REAL")) {
        double d = 0;
        bool integral = false;
        if (value.storage() == S::Integer || value.storage() == S::Real)
            return {};
        if (value.storage() == S::Text && numericText(value.toText(), &d, &integral))
            return {};
        return refuse(what) + QStringLiteral(": enter a number");
    }
    if (type == QLatin1String("TEXT"))
        return value.storage() == S::Blob ? refuse(what) : QString();
    if (type == QLatin1String("BLOB"))
        return value.storage() == S::Blob ? QString()
                                          : refuse(what) + QStringLiteral(": load the bytes from a file");
    return {};
}

QList<CellProblem> strictTypeProblems(const Table& table, const StagedChanges& changes)
{
    QList<CellProblem> out;
    if (!table.strict)
        return out;
    const Result<RowLocator> locator = RowLocator::forTable(table);
    for (const StagedEdit& e : changes.edits()) {
        if (e.kind == StagedEdit::Kind::Delete)
            continue;
        for (const CellChange& c : e.changes) {
            const Column* col = table.column(c.column);
            if (!col)
                continue;
            const QString problem = strictTypeProblem(table, *col, c.value);
            if (problem.isEmpty())
                continue;
            const QString row = e.kind == StagedEdit::Kind::Insert ? QStringLiteral("new row")
                                : locator                          ? locator->describe(e.row)
                                                                   : QString();
            out << CellProblem{e.id, col->name, row, problem};
        }
    }
    return out;
}

} // namespace sluice
