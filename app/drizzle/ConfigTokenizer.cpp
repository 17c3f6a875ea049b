#include "ConfigTokenizer.h"

namespace sluice {

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isIdentifierPart(QChar c)
{
    return isIdentifierStart(c) || c.isDigit();
}

DbError lexError(const QString& path, int line, const QString& what)
{
    DbError e = DbError::plain(QStringLiteral("Reading the Drizzle config"), what,
                               QStringLiteral("Fix the file so drizzle-kit can load it too."), path);
    e.line = line;
    return e;
}

// The escape after a backslash at text[i] (i points at the backslash); returns the decoded text and
// advances i past the escape.
QString readEscape(const QString& text, qsizetype& i)
{
    const qsizetype n = text.size();
    if (i + 1 >= n) {
        ++i;
        return {};
    }
    const QChar c = text[i + 1];
    i += 2;
    switch (c.unicode()) {
    case 'n':
        return QStringLiteral("\n");
    case 't':
        return QStringLiteral("\t");
    case 'r':
        return QStringLiteral("\r");
    case '0':
        return QString(QChar(0));
    case '\n':
        return {}; // line continuation
    case 'x':
        if (i + 2 <= n) {
            bool ok = false;
            const ushort v = text.mid(i, 2).toUShort(&ok, 16);
            if (ok) {
                i += 2;
                return QString(QChar(v));
            }
        }
        return QStringLiteral("x");
    case 'u':
        if (i < n && text[i] == QLatin1Char('{')) {
            const qsizetype close = text.indexOf(QLatin1Char('}'), i);
            bool ok = false;
            const uint v = close > 0 ? text.mid(i + 1, close - i - 1).toUInt(&ok, 16) : 0;
            if (ok) {
                i = close + 1;
                const char32_t cp = v;
                return QString::fromUcs4(&cp, 1);
            }
        } else if (i + 4 <= n) {
            bool ok = false;
            const ushort v = text.mid(i, 4).toUShort(&ok, 16);
            if (ok) {
                i += 4;
                return QString(QChar(v));
            }
        }
        return QStringLiteral("u");
    default:
        return QString(c);
    }
}

} // namespace

Result<QList<ConfigToken>> tokenizeConfig(const QString& text, const QString& path)
{
    QList<ConfigToken> tokens;
    const qsizetype n = text.size();
    int line = 1;
    qsizetype i = 0;
    auto countLines = [&](qsizetype from, qsizetype to) {
        for (qsizetype k = from; k < to && k < n; ++k)
            line += text[k] == QLatin1Char('\n') ? 1 : 0;
    };
    while (i < n) {
        const QChar c = text[i];
        if (c == QLatin1Char('\n')) {
            ++line;
            ++i;
            continue;
        }
        if (c.isSpace() || c == QChar(0xFEFF)) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('/') && i + 1 < n && text[i + 1] == QLatin1Char('/')) {
            while (i < n && text[i] != QLatin1Char('\n'))
                ++i;
            continue;
        }
        if (c == QLatin1Char('/') && i + 1 < n && text[i + 1] == QLatin1Char('*')) {
            const qsizetype end = text.indexOf(QStringLiteral("*/"), i + 2);
            if (end < 0)
                return lexError(path, line, QStringLiteral("a /* comment is never closed"));
            countLines(i, end);
            i = end + 2;
            continue;
        }
        if (c == QLatin1Char('#') && i == 0 && i + 1 < n && text[i + 1] == QLatin1Char('!')) {
            while (i < n && text[i] != QLatin1Char('\n'))
                ++i;
            continue;
        }
        ConfigToken t;
        t.line = line;
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            const bool backtick = c == QLatin1Char('`');
            t.kind = ConfigToken::Kind::String;
            qsizetype k = i + 1;
            bool closed = false;
            while (k < n) {
                const QChar d = text[k];
                if (d == c) {
                    closed = true;
                    ++k;
                    break;
                }
                if (d == QLatin1Char('\\')) {
                    t.text += readEscape(text, k);
                    continue;
                }
                if (d == QLatin1Char('\n')) {
                    if (!backtick)
                        break;
                    ++line;
                }
                if (backtick && d == QLatin1Char('$') && k + 1 < n && text[k + 1] == QLatin1Char('{'))
                    t.kind = ConfigToken::Kind::Template;
                t.text += d;
                ++k;
            }
            if (!closed)
                return lexError(path, t.line,
                                QStringLiteral("a string starting with %1 is never closed").arg(c));
            if (t.kind == ConfigToken::Kind::Template)
                t.text = text.mid(i, k - i);
            i = k;
            tokens.append(t);
            continue;
        }
        if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < n && text[i + 1].isDigit())) {
            qsizetype k = i;
            while (k < n &&
                   (text[k].isLetterOrNumber() || text[k] == QLatin1Char('.') || text[k] == QLatin1Char('_')))
                ++k;
            t.kind = ConfigToken::Kind::Number;
            t.text = text.mid(i, k - i);
            i = k;
            tokens.append(t);
            continue;
        }
        if (isIdentifierStart(c)) {
            qsizetype k = i;
            while (k < n && isIdentifierPart(text[k]))
                ++k;
            t.kind = ConfigToken::Kind::Identifier;
            t.text = text.mid(i, k - i);
            i = k;
            tokens.append(t);
            continue;
        }
        t.kind = ConfigToken::Kind::Punct;
        static const QStringList multi{QStringLiteral("..."), QStringLiteral("??"),  QStringLiteral("||"),
                                       QStringLiteral("&&"),  QStringLiteral("=>"),  QStringLiteral("?."),
                                       QStringLiteral("==="), QStringLiteral("!=="), QStringLiteral("==")};
        t.text = c;
        for (const QString& m : multi)
            if (QStringView(text).mid(i).startsWith(m)) {
                t.text = m;
                break;
            }
        i += t.text.size();
        tokens.append(t);
    }
    return tokens;
}

} // namespace sluice
