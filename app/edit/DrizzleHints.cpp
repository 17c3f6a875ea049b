#include "DrizzleHints.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace sluice {

const DrizzleColumnHint* DrizzleHints::find(const QString& table, const QString& column) const
{
    const auto t = tables.constFind(table.toLower());
    if (t == tables.constEnd())
        return nullptr;
    const auto c = t->constFind(column.toLower());
    return c == t->constEnd() ? nullptr : &c.value();
}

void DrizzleHints::merge(const DrizzleHints& other)
{
    for (auto t = other.tables.cbegin(); t != other.tables.cend(); ++t)
        for (auto c = t->cbegin(); c != t->cend(); ++c) {
            DrizzleColumnHint& h = tables[t.key()][c.key()];
            if (!c->builder.isEmpty())
                h.builder = c->builder;
            if (!c->mode.isEmpty())
                h.mode = c->mode;
            if (!c->enumValues.isEmpty())
                h.enumValues = c->enumValues;
        }
}

Result<DrizzleHints> readDrizzleSnapshotHints(const QString& snapshotPath)
{
    const QString op = QStringLiteral("Reading the Drizzle snapshot");
    QFile f(snapshotPath);
    if (!f.open(QIODevice::ReadOnly))
        return DbError::plain(op, QStringLiteral("%1 cannot be read: %2").arg(snapshotPath, f.errorString()),
                              {}, snapshotPath);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return DbError::plain(
            op, QStringLiteral("%1 is not valid JSON (%2)").arg(snapshotPath, err.errorString()),
            QStringLiteral("Regenerate it with drizzle-kit."), snapshotPath);
    DrizzleHints hints;
    const QJsonObject tables = doc.object().value(QStringLiteral("tables")).toObject();
    for (auto t = tables.begin(); t != tables.end(); ++t) {
        const QJsonObject table = t.value().toObject();
        const QString tableName = table.value(QStringLiteral("name")).toString(t.key());
        const QJsonObject columns = table.value(QStringLiteral("columns")).toObject();
        for (auto c = columns.begin(); c != columns.end(); ++c) {
            const QJsonObject col = c.value().toObject();
            const QJsonValue def = col.value(QStringLiteral("default"));
            if (!def.isBool())
                continue;
            DrizzleColumnHint h;
            h.builder = col.value(QStringLiteral("type")).toString();
            h.mode = QStringLiteral("boolean");
            hints.tables[tableName.toLower()][col.value(QStringLiteral("name")).toString(c.key()).toLower()] =
                h;
        }
    }
    return hints;
}

namespace {

// The end of the bracketed region opening at `open` ('(' '{' '['), skipping string literals.
qsizetype matching(const QString& s, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            for (++i; i < s.size() && s.at(i) != c; ++i)
                if (s.at(i) == QLatin1Char('\\'))
                    ++i;
            continue;
        }
        if (c == QLatin1Char('(') || c == QLatin1Char('{') || c == QLatin1Char('['))
            ++depth;
        else if (c == QLatin1Char(')') || c == QLatin1Char('}') || c == QLatin1Char(']'))
            if (--depth == 0)
                return i;
    }
    return -1;
}

} // namespace

DrizzleHints drizzleSchemaSourceHints(const QString& src)
{
    DrizzleHints hints;
    static const QRegularExpression table(
        QStringLiteral(R"(sqliteTable\s*\(\s*['"`]([^'"`]+)['"`]\s*,\s*\{)"));
    static const QRegularExpression column(QStringLiteral(
        R"(([A-Za-z_$][\w$]*)\s*:\s*(integer|int|text|blob|real|numeric)\s*\(\s*(?:['"`]([^'"`]+)['"`])?\s*,?\s*(\{[^{}]*\})?\s*\))"));
    static const QRegularExpression mode(QStringLiteral(R"(mode\s*:\s*['"`](\w+)['"`])"));
    static const QRegularExpression enumList(QStringLiteral(R"(enum\s*:\s*\[([^\]]*)\])"));
    static const QRegularExpression literal(QStringLiteral(R"(['"`]([^'"`]*)['"`])"));
    auto it = table.globalMatch(src);
    while (it.hasNext()) {
        const QRegularExpressionMatch t = it.next();
        const qsizetype open = t.capturedEnd() - 1;
        const qsizetype close = matching(src, open);
        if (close < 0)
            continue;
        const QString body = src.mid(open, close - open + 1);
        auto cols = column.globalMatch(body);
        while (cols.hasNext()) {
            const QRegularExpressionMatch c = cols.next();
            // Only the object's own keys: the match must sit at nesting depth 1 of the body.
            int depth = 0;
            for (qsizetype i = 0; i < c.capturedStart(); ++i) {
                const QChar ch = body.at(i);
                if (ch == QLatin1Char('{') || ch == QLatin1Char('(') || ch == QLatin1Char('['))
                    ++depth;
                else if (ch == QLatin1Char('}') || ch == QLatin1Char(')') || ch == QLatin1Char(']'))
                    --depth;
            }
            if (depth != 1)
                continue;
            DrizzleColumnHint h;
            h.builder = c.captured(2);
            const QString options = c.captured(4);
            if (const QRegularExpressionMatch m = mode.match(options); m.hasMatch())
                h.mode = m.captured(1);
            if (const QRegularExpressionMatch e = enumList.match(options); e.hasMatch()) {
                auto lits = literal.globalMatch(e.captured(1));
                while (lits.hasNext())
                    h.enumValues << lits.next().captured(1);
            }
            if (h.mode.isEmpty() && h.enumValues.isEmpty())
                continue;
            const QString name = c.captured(3).isEmpty() ? c.captured(1) : c.captured(3);
            hints.tables[t.captured(1).toLower()][name.toLower()] = h;
        }
    }
    return hints;
}

QString latestSnapshotPath(const QString& migrationsFolder)
{
    QDir meta(QDir(migrationsFolder).filePath(QStringLiteral("meta")));
    QStringList snaps = meta.entryList({QStringLiteral("*_snapshot.json")}, QDir::Files, QDir::Name);
    if (!snaps.isEmpty())
        return meta.filePath(snaps.last());
    QDir root(migrationsFolder);
    QStringList dirs = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (qsizetype i = dirs.size() - 1; i >= 0; --i) {
        const QString p = root.filePath(dirs.at(i) + QStringLiteral("/snapshot.json"));
        if (QFile::exists(p))
            return p;
    }
    return {};
}

} // namespace sluice
