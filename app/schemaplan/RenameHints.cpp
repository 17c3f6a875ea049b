#include "RenameHints.h"

namespace sluice {

Result<RenameHints> RenameHints::parse(const QStringList& columnRenames, const QStringList& tableRenames)
{
    RenameHints hints;
    auto bad = [](const QString& what, const QString& expected) {
        return DbError::plain(QStringLiteral("Reading the renames"),
                              QStringLiteral("“%1” is not a rename of the form %2").arg(what, expected),
                              QStringLiteral("Write it like %1.").arg(expected));
    };
    for (const QString& r : columnRenames) {
        const qsizetype eq = r.indexOf(QLatin1Char('='));
        const qsizetype dot = r.left(eq).lastIndexOf(QLatin1Char('.'));
        if (eq <= 0 || dot <= 0 || dot + 1 >= eq || eq + 1 >= r.size())
            return bad(r, QStringLiteral("table.old_column=new_column"));
        hints.columns[r.left(dot).toLower()][r.mid(dot + 1, eq - dot - 1).toLower()] = r.mid(eq + 1);
    }
    for (const QString& r : tableRenames) {
        const qsizetype eq = r.indexOf(QLatin1Char('='));
        if (eq <= 0 || eq + 1 >= r.size())
            return bad(r, QStringLiteral("old_table=new_table"));
        hints.tables[r.left(eq).toLower()] = r.mid(eq + 1);
    }
    return hints;
}

} // namespace sluice
