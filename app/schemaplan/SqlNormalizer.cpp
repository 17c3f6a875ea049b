#include "SqlNormalizer.h"

#include "schema/SqlTokenizer.h"

namespace sluice {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

QString canonicalToken(const SqlToken& t)
{
    switch (t.kind) {
    case SqlToken::Kind::Word:
        // Keywords and bare identifiers alike: case does not matter to SQLite for either.
        return t.text.toLower();
    case SqlToken::Kind::QuotedName: {
        const QString name = t.name().toLower();
        bool bare = !name.isEmpty() && !name.at(0).isDigit();
        for (QChar c : name)
            bare = bare && isWordChar(c);
        // A quoted name that needs no quotes is written bare, so "users" and users compare equal;
        // one that needs them keeps a canonical double-quoted form.
        return bare ? name
                    : QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
                          QLatin1Char('"');
    }
    case SqlToken::Kind::Blob:
        return t.text.toLower();
    default:
        return t.text;
    }
}

// Drops parentheses that enclose the whole token list: "(0)" and "0" are the same default.
QList<SqlToken> stripOuterParens(QList<SqlToken> tokens)
{
    while (tokens.size() >= 2 && tokens.first().isPunct(QLatin1Char('(')) &&
           tokens.last().isPunct(QLatin1Char(')'))) {
        int depth = 0;
        bool enclosesAll = true;
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            if (tokens.at(i).isPunct(QLatin1Char('(')))
                ++depth;
            else if (tokens.at(i).isPunct(QLatin1Char(')')))
                --depth;
            if (depth == 0 && i + 1 < tokens.size()) {
                enclosesAll = false;
                break;
            }
        }
        if (!enclosesAll)
            break;
        tokens = tokens.mid(1, tokens.size() - 2);
    }
    return tokens;
}

} // namespace

QString normalizeSql(const QString& sql)
{
    QList<SqlToken> tokens = tokenizeSql(sql);
    while (!tokens.isEmpty() && tokens.last().isPunct(QLatin1Char(';')))
        tokens.removeLast();
    tokens = stripOuterParens(tokens);
    QString out;
    QString previous;
    for (const SqlToken& t : tokens) {
        const QString text = canonicalToken(t);
        // One space only between two tokens that would otherwise run together.
        if (!previous.isEmpty() && !text.isEmpty() && isWordChar(previous.back()) && isWordChar(text.front()))
            out += QLatin1Char(' ');
        out += text;
        previous = text;
    }
    return out;
}

QString normalizeType(const QString& declaredType)
{
    QString out;
    for (const SqlToken& t : tokenizeSql(declaredType)) {
        const QString text = t.kind == SqlToken::Kind::Word ? t.text.toUpper() : t.text;
        if (!out.isEmpty() && t.kind != SqlToken::Kind::Punct && isWordChar(out.back()))
            out += QLatin1Char(' ');
        out += text;
    }
    return out;
}

} // namespace sluice
