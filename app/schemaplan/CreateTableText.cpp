#include "CreateTableText.h"

#include "core/Identifiers.h"
#include "schema/SqlTokenizer.h"

namespace sluice {

namespace {

// Index of the token holding the table's name ("main"."x" → the "x"), -1 when not found.
qsizetype tableNameToken(const QList<SqlToken>& t)
{
    qsizetype i = 0;
    auto isWord = [&](const char* w) { return i < t.size() && t.at(i).is(w); };
    if (!isWord("CREATE"))
        return -1;
    ++i;
    if (isWord("TEMP") || isWord("TEMPORARY"))
        ++i;
    if (isWord("VIRTUAL"))
        ++i;
    if (!isWord("TABLE"))
        return -1;
    ++i;
    if (isWord("IF")) {
        i += 3; // IF NOT EXISTS
    }
    if (i >= t.size())
        return -1;
    if (i + 2 < t.size() && t.at(i + 1).isPunct(QLatin1Char('.')))
        return i + 2; // schema-qualified
    return i;
}

} // namespace

QStringList columnDefinitionTexts(const QString& sql)
{
    const QList<SqlToken> t = tokenizeSql(sql);
    const qsizetype nameAt = tableNameToken(t);
    if (nameAt < 0 || nameAt + 1 >= t.size() || !t.at(nameAt + 1).isPunct(QLatin1Char('(')))
        return {};
    QStringList out;
    int depth = 0;
    qsizetype start = nameAt + 2;
    auto flush = [&](qsizetype end) {
        if (end <= start)
            return;
        const SqlToken& first = t.at(start);
        if (first.is("CONSTRAINT") || first.is("PRIMARY") || first.is("UNIQUE") || first.is("CHECK") ||
            first.is("FOREIGN"))
            return;
        out << sql.mid(first.begin, t.at(end - 1).end - first.begin);
    };
    for (qsizetype i = nameAt + 2; i < t.size(); ++i) {
        const SqlToken& k = t.at(i);
        if (k.isPunct(QLatin1Char('('))) {
            ++depth;
        } else if (k.isPunct(QLatin1Char(')'))) {
            if (depth == 0) {
                flush(i);
                return out;
            }
            --depth;
        } else if (depth == 0 && k.isPunct(QLatin1Char(','))) {
            flush(i);
            start = i + 1;
        }
    }
    return {};
}

QString withTableName(const QString& sql, const QString& newName)
{
    const QList<SqlToken> t = tokenizeSql(sql);
    qsizetype at = tableNameToken(t);
    if (at < 0)
        return QString();
    qsizetype from = at;
    if (at >= 2 && t.at(at - 1).isPunct(QLatin1Char('.')))
        from = at - 2; // drop the schema qualifier: the new table lives in main
    return sql.left(t.at(from).begin) + quoteIdentifier(newName) + sql.mid(t.at(at).end);
}

} // namespace sluice
