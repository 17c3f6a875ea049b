#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sluice {

QString JsonCheck::message() const
{
    if (valid)
        return {};
    return QStringLiteral("%1 at line %2, column %3 (character %4)")
        .arg(error)
        .arg(line)
        .arg(column)
        .arg(offset + 1);
}

namespace {

// QJsonDocument only parses objects and arrays: wrapping the text in [ ] accepts every JSON value,
// and one character is taken off the reported offset for the added bracket.
QJsonDocument parseWrapped(const QString& text, QJsonParseError* err)
{
    const QByteArray utf8 = QByteArrayLiteral("[") + text.toUtf8() + QByteArrayLiteral("\n]");
    return QJsonDocument::fromJson(utf8, err);
}

} // namespace

JsonCheck checkJson(const QString& text)
{
    JsonCheck r;
    if (text.trimmed().isEmpty()) {
        r.error = QStringLiteral("empty text is not JSON");
        r.line = 1;
        r.column = 1;
        return r;
    }
    QJsonParseError err;
    const QJsonDocument doc = parseWrapped(text, &err);
    if (err.error == QJsonParseError::NoError && doc.isArray() && doc.array().size() == 1) {
        r.valid = true;
        return r;
    }
    if (err.error == QJsonParseError::NoError) {
        // "1, 2" parses inside the brackets as two values: the comma is the problem.
        r.error = QStringLiteral("more than one value");
        const qsizetype comma = text.indexOf(QLatin1Char(','));
        r.offset = int(qMax<qsizetype>(0, comma));
    } else {
        r.error = err.errorString();
        // The offset counts UTF-8 bytes of the wrapped text: back to characters of `text`.
        const QByteArray utf8 = text.toUtf8();
        const int byteOffset = qBound(0, err.offset - 1, int(utf8.size()));
        r.offset = int(QString::fromUtf8(utf8.left(byteOffset)).size());
    }
    r.line = 1;
    int lineStart = 0;
    for (int i = 0; i < r.offset && i < text.size(); ++i)
        if (text.at(i) == QLatin1Char('\n')) {
            ++r.line;
            lineStart = i + 1;
        }
    r.column = r.offset - lineStart + 1;
    return r;
}

QString prettyJson(const QString& text)
{
    // Laid out from the text itself, not from QJsonDocument: that one sorts object keys and turns
    // every number into a double, so 12345678901234567890 or {"b":1,"a":2} would not read back as
    // written. The text is known to be valid here, so only strings need care.
    if (!checkJson(text).valid)
        return text;
    const QString indentUnit = QStringLiteral("  ");
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&] { out += QLatin1Char('\n') + indentUnit.repeated(depth); };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (c == QLatin1Char('\\') && i + 1 < text.size())
                out += text.at(++i);
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        switch (c.unicode()) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            // Empty containers stay on one line.
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j).isSpace())
                ++j;
            const QChar close = c == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
            if (j < text.size() && text.at(j) == close) {
                out += c;
                out += close;
                i = j;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += QStringLiteral(": ");
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace sluice
