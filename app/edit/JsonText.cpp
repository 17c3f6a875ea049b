#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    QJsonParseError err;
    const QJsonDocument doc = parseWrapped(text, &err);
    if (err.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return text;
    const QJsonValue v = doc.array().at(0);
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return text;
}

} // namespace sluice
