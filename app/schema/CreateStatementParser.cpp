#include "CreateStatementParser.h"

#include "SqlTokenizer.h"

namespace sluice {

namespace {

using Tokens = QList<SqlToken>;

// Index of the ')' matching the '(' at `open`, or -1.
int matchingParen(const Tokens& t, int open)
{
    int depth = 0;
    for (int i = open; i < t.size(); ++i) {
        if (t[i].isPunct(QLatin1Char('(')))
            ++depth;
        else if (t[i].isPunct(QLatin1Char(')')) && --depth == 0)
            return i;
    }
    return -1;
}

// Source text strictly between tokens a and b (exclusive), trimmed.
QString textBetween(const QString& sql, const Tokens& t, int a, int b)
{
    if (b <= a + 1)
        return {};
    return sql.mid(t[a + 1].begin, t[b - 1].end - t[a + 1].begin).trimmed();
}

// Splits tokens (from, to) exclusive at commas of depth 0: returns [begin, end) token ranges.
QList<QPair<int, int>> splitTopLevel(const Tokens& t, int from, int to)
{
    QList<QPair<int, int>> parts;
    int depth = 0;
    int start = from;
    for (int i = from; i < to; ++i) {
        if (t[i].isPunct(QLatin1Char('(')))
            ++depth;
        else if (t[i].isPunct(QLatin1Char(')')))
            --depth;
        else if (depth == 0 && t[i].isPunct(QLatin1Char(','))) {
            parts.append({start, i});
            start = i + 1;
        }
    }
    if (start < to)
        parts.append({start, to});
    return parts;
}

QStringList namesInParens(const Tokens& t, int open, int close)
{
    QStringList names;
    for (const auto& [b, e] : splitTopLevel(t, open + 1, close))
        if (b < e)
            names << t[b].name();
    return names;
}

// Reads "REFERENCES tbl [(cols)] ... [DEFERRABLE [INITIALLY DEFERRED]]" starting at `ref`.
ParsedForeignKey readReferences(const Tokens& t, int ref, int end)
{
    ParsedForeignKey fk;
    if (ref + 1 < end)
        fk.targetTable = t[ref + 1].name();
    for (int i = ref + 2; i < end; ++i) {
        if (t[i].is("NOT") && i + 1 < end && t[i + 1].is("DEFERRABLE")) {
            fk.deferrable = false;
            ++i;
        } else if (t[i].is("DEFERRABLE")) {
            fk.deferrable = true;
        } else if (t[i].is("INITIALLY") && i + 1 < end) {
            fk.initiallyDeferred = fk.deferrable && t[i + 1].is("DEFERRED");
            ++i;
        } else if (t[i].is("CONSTRAINT") || t[i].is("CHECK") || t[i].is("COLLATE") || t[i].is("DEFAULT") ||
                   t[i].is("GENERATED") || t[i].is("PRIMARY") || t[i].is("UNIQUE")) {
            break;
        }
    }
    return fk;
}

} // namespace

ParsedCreateTable parseCreateTable(const QString& sql)
{
    ParsedCreateTable out;
    const Tokens t = tokenizeSql(sql);
    int open = -1;
    for (int i = 0; i < t.size(); ++i) {
        if (t[i].is("AS"))
            return out; // CREATE TABLE … AS SELECT: nothing to read
        if (t[i].isPunct(QLatin1Char('('))) {
            open = i;
            break;
        }
    }
    if (open < 0)
        return out;
    const int close = matchingParen(t, open);
    if (close < 0)
        return out;

    for (const auto& [b, e] : splitTopLevel(t, open + 1, close)) {
        if (b >= e)
            continue;
        int i = b;
        if (t[i].is("CONSTRAINT"))
            i += 2;
        if (i >= e)
            continue;
        const bool tableConstraint =
            t[i].is("PRIMARY") || t[i].is("UNIQUE") || t[i].is("CHECK") || t[i].is("FOREIGN");
        if (tableConstraint) {
            if (t[i].is("CHECK") && i + 1 < e && t[i + 1].isPunct(QLatin1Char('('))) {
                const int c = matchingParen(t, i + 1);
                if (c > 0)
                    out.tableChecks << textBetween(sql, t, i + 1, c);
            } else if (t[i].is("FOREIGN")) {
                int p = i + 2; // FOREIGN KEY (
                if (p < e && t[p].isPunct(QLatin1Char('('))) {
                    const int c = matchingParen(t, p);
                    for (int r = c; c > 0 && r < e; ++r) {
                        if (t[r].is("REFERENCES")) {
                            ParsedForeignKey fk = readReferences(t, r, e);
                            fk.fromColumns = namesInParens(t, p, c);
                            out.foreignKeys << fk;
                            break;
                        }
                    }
                }
            }
            continue;
        }
        ParsedColumnDef col;
        col.name = t[i].name();
        for (int k = i + 1; k < e; ++k) {
            if (t[k].is("COLLATE") && k + 1 < e) {
                col.collation = t[k + 1].name();
                ++k;
            } else if (t[k].is("AUTOINCREMENT")) {
                col.autoincrement = true;
                out.autoincrement = true;
            } else if ((t[k].is("AS")) && k + 1 < e && t[k + 1].isPunct(QLatin1Char('('))) {
                const int c = matchingParen(t, k + 1);
                if (c > 0) {
                    col.generatedExpression = textBetween(sql, t, k + 1, c);
                    k = c;
                }
            } else if (t[k].is("CHECK") && k + 1 < e && t[k + 1].isPunct(QLatin1Char('('))) {
                const int c = matchingParen(t, k + 1);
                if (c > 0) {
                    col.check = textBetween(sql, t, k + 1, c);
                    k = c;
                }
            } else if (t[k].is("DEFAULT") && k + 1 < e && t[k + 1].isPunct(QLatin1Char('('))) {
                const int c = matchingParen(t, k + 1);
                if (c > 0)
                    k = c; // skip the expression so words inside it are not read as clauses
            } else if (t[k].is("REFERENCES")) {
                ParsedForeignKey fk = readReferences(t, k, e);
                fk.fromColumns = QStringList{col.name};
                out.foreignKeys << fk;
            }
        }
        out.columns << col;
    }
    out.ok = true;
    return out;
}

ParsedCreateIndex parseCreateIndex(const QString& sql)
{
    ParsedCreateIndex out;
    const Tokens t = tokenizeSql(sql);
    int on = -1;
    for (int i = 0; i < t.size(); ++i) {
        if (t[i].is("ON")) {
            on = i;
            break;
        }
    }
    if (on < 0 || on + 2 >= t.size() || !t[on + 2].isPunct(QLatin1Char('(')))
        return out;
    const int open = on + 2;
    const int close = matchingParen(t, open);
    if (close < 0)
        return out;
    for (const auto& [b, e] : splitTopLevel(t, open + 1, close))
        if (b < e)
            out.columnTexts << sql.mid(t[b].begin, t[e - 1].end - t[b].begin).trimmed();
    if (close + 1 < t.size() && t[close + 1].is("WHERE"))
        out.where = sql.mid(t[close + 1].end).trimmed();
    if (out.where.endsWith(QLatin1Char(';')))
        out.where.chop(1);
    out.ok = true;
    return out;
}

} // namespace sluice
