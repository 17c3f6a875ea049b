#include "SqlStatementKind.h"

#include <QRegularExpression>

namespace sluice {

QString transactionControlKeyword(const QString& statement)
{
    static const QRegularExpression first(QStringLiteral("^\\s*([A-Za-z]+)"));
    const QString word = first.match(statement).captured(1).toUpper();
    static const QStringList control{QStringLiteral("BEGIN"),     QStringLiteral("COMMIT"),
                                     QStringLiteral("END"),       QStringLiteral("ROLLBACK"),
                                     QStringLiteral("SAVEPOINT"), QStringLiteral("RELEASE")};
    return control.contains(word) ? word : QString();
}

int foreignKeysAssignment(const QString& statement)
{
    // PRAGMA foreign_keys=OFF; PRAGMA main.foreign_keys = 'on'; PRAGMA "foreign_keys"(0) …
    static const QRegularExpression re(
        QStringLiteral(
            "^\\s*PRAGMA\\s+(?:(?:main|\"main\"|`main`)\\s*\\.\\s*)?(?:foreign_keys|\"foreign_keys\"|"
            "`foreign_keys`)\\s*(?:=\\s*|\\(\\s*)['\"]?([A-Za-z0-9]+)['\"]?\\s*\\)?\\s*;?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(statement);
    if (!m.hasMatch())
        return -1;
    const QString v = m.captured(1).toLower();
    if (v == QLatin1String("off") || v == QLatin1String("0") || v == QLatin1String("false") ||
        v == QLatin1String("no"))
        return 0;
    return 1;
}

} // namespace sluice
