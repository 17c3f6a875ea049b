#include "SqlTokenizer.h"

namespace sluice {

QString SqlToken::name() const
{
    if (kind != Kind::QuotedName && kind != Kind::String)
        return text;
    if (text.size() < 2)
        return text;
    const QChar open = text.front();
    QString inner = text.mid(1, text.size() - 2);
    if (open == QLatin1Char('['))
        return inner;
    const QString doubled = QString(2, open);
    inner.replace(doubled, QString(open));
    return inner;
}

bool SqlToken::is(const char* keyword) const
{
    return kind == Kind::Word && text.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0;
}

QList<SqlToken> tokenizeSql(const QString& sql)
{
    QList<SqlToken> out;
    const int n = int(sql.size());
    int i = 0;
    auto isIdStart = [](QChar c) { return c.isLetter() || c == QLatin1Char('_') || c.unicode() >= 0x80; };
    auto isIdChar = [](QChar c) {
        return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$') || c.unicode() >= 0x80;
    };
    while (i < n) {
        const QChar c = sql.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('-') && i + 1 < n && sql.at(i + 1) == QLatin1Char('-')) {
            while (i < n && sql.at(i) != QLatin1Char('\n'))
                ++i;
            continue;
        }
        if (c == QLatin1Char('/') && i + 1 < n && sql.at(i + 1) == QLatin1Char('*')) {
            const int close = int(sql.indexOf(QLatin1String("*/"), i + 2));
            i = close < 0 ? n : close + 2;
            continue;
        }
        SqlToken t;
        t.begin = i;
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            // Quoted: the quote character doubled stands for itself.
            int j = i + 1;
            while (j < n) {
                if (sql.at(j) == c) {
                    if (j + 1 < n && sql.at(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            t.end = qMin(j + 1, n);
            t.kind = c == QLatin1Char('\'') ? SqlToken::Kind::String : SqlToken::Kind::QuotedName;
        } else if (c == QLatin1Char('[')) {
            const int close = int(sql.indexOf(QLatin1Char(']'), i + 1));
            t.end = close < 0 ? n : close + 1;
            t.kind = SqlToken::Kind::QuotedName;
        } else if ((c == QLatin1Char('x') || c == QLatin1Char('X')) && i + 1 < n &&
                   sql.at(i + 1) == QLatin1Char('\'')) {
            const int close = int(sql.indexOf(QLatin1Char('\''), i + 2));
            t.end = close < 0 ? n : close + 1;
            t.kind = SqlToken::Kind::Blob;
        } else if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && sql.at(i + 1).isDigit())) {
            int j = i + 1;
            while (j < n && (sql.at(j).isLetterOrNumber() || sql.at(j) == QLatin1Char('.') ||
                             sql.at(j) == QLatin1Char('_') ||
                             ((sql.at(j) == QLatin1Char('+') || sql.at(j) == QLatin1Char('-')) &&
                              (sql.at(j - 1) == QLatin1Char('e') || sql.at(j - 1) == QLatin1Char('E')))))
                ++j;
            t.end = j;
            t.kind = SqlToken::Kind::Number;
        } else if (isIdStart(c)) {
            int j = i + 1;
            while (j < n && isIdChar(sql.at(j)))
                ++j;
            t.end = j;
            t.kind = SqlToken::Kind::Word;
        } else if (c == QLatin1Char('?') || c == QLatin1Char(':') || c == QLatin1Char('@') ||
                   c == QLatin1Char('$')) {
            int j = i + 1;
            while (j < n && isIdChar(sql.at(j)))
                ++j;
            t.end = j;
            t.kind = SqlToken::Kind::Variable;
        } else {
            // Two-character operators are kept whole so "||", "<=", "!=" and "==" read as one token.
            static const char* twoChar[] = {"||", "<=", ">=", "!=", "<>", "==", "<<", ">>", "->"};
            t.end = i + 1;
            for (const char* op : twoChar) {
                if (i + 1 < n && sql.at(i) == QLatin1Char(op[0]) && sql.at(i + 1) == QLatin1Char(op[1])) {
                    t.end = i + 2;
                    break;
                }
            }
            if (t.end - i == 2 && sql.mid(i, 3) == QLatin1String("->>"))
                t.end = i + 3;
            t.kind = SqlToken::Kind::Punct;
        }
        t.text = sql.mid(t.begin, t.end - t.begin);
        out << t;
        i = t.end;
    }
    return out;
}

} // namespace sluice
