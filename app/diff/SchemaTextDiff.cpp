#include "SchemaTextDiff.h"

#include "core/Identifiers.h"
#include "schema/SqlTokenizer.h"

#include <dtl/dtl.hpp>

#include <QMap>

#include <algorithm>
#include <vector>

namespace sluice {

namespace {

// Tokens [from, to) as text: quoted names written "x", one space wherever the source had
// whitespace or a comment between two tokens.
QString joinTokens(const QList<SqlToken>& t, qsizetype from, qsizetype to)
{
    QString out;
    for (qsizetype i = from; i < to; ++i) {
        const SqlToken& k = t.at(i);
        if (i > from && k.begin > t.at(i - 1).end)
            out += QLatin1Char(' ');
        out += k.kind == SqlToken::Kind::QuotedName ? quoteIdentifier(k.name()) : k.text;
    }
    return out;
}

QStringList tableLines(const QList<SqlToken>& t)
{
    qsizetype open = -1;
    for (qsizetype i = 0; i < t.size(); ++i) {
        if (t.at(i).isPunct(QLatin1Char('('))) {
            open = i;
            break;
        }
    }
    if (open < 0)
        return {joinTokens(t, 0, t.size())};
    QStringList out{joinTokens(t, 0, open) + QStringLiteral(" (")};
    int depth = 0;
    qsizetype start = open + 1;
    qsizetype close = t.size();
    for (qsizetype i = open + 1; i < t.size(); ++i) {
        const SqlToken& k = t.at(i);
        if (k.isPunct(QLatin1Char('('))) {
            ++depth;
        } else if (k.isPunct(QLatin1Char(')'))) {
            if (depth == 0) {
                close = i;
                break;
            }
            --depth;
        } else if (depth == 0 && k.isPunct(QLatin1Char(','))) {
            out << joinTokens(t, start, i) + QLatin1Char(',');
            start = i + 1;
        }
    }
    if (close > start)
        out << joinTokens(t, start, close);
    if (close < t.size()) {
        // The closing parenthesis and table options (WITHOUT ROWID, STRICT); a stray ';' is dropped.
        qsizetype end = t.size();
        while (end > close + 1 && t.at(end - 1).isPunct(QLatin1Char(';')))
            --end;
        out << joinTokens(t, close, end);
    }
    for (QString& line : out)
        line = QStringLiteral("  ") + line;
    out.first() = out.first().trimmed();
    out.last() = out.last().trimmed();
    return out;
}

QString compareKey(const QString& line)
{
    QString key = line.simplified();
    if (key.endsWith(QLatin1Char(',')))
        key.chop(1);
    return key;
}

struct Entry
{
    QString type;
    QString name;
    QString table;
    QString sql;
};

// Every object with stored SQL, keyed so tables come first with their indexes and triggers.
QMap<QString, Entry> entriesOf(const Schema& s)
{
    QMap<QString, Entry> out;
    auto key = [](const QString& table, int rank, const QString& name) {
        return table.toLower() + QChar(0) + QString::number(rank) + name.toLower();
    };
    for (const Table& t : s.tables)
        out.insert(key(t.name, 0, t.name), {QStringLiteral("table"), t.name, t.name, t.sql});
    for (const Index& i : s.indexes)
        if (!i.isAutomatic())
            out.insert(key(i.table, 1, i.name), {QStringLiteral("index"), i.name, i.table, i.sql});
    for (const Trigger& t : s.triggers)
        out.insert(key(t.table, 2, t.name), {QStringLiteral("trigger"), t.name, t.table, t.sql});
    // Views sort after every table: U+FFFF is above any name's first character.
    for (const View& v : s.views)
        out.insert(QChar(0xffff) + key(v.name, 3, v.name), {QStringLiteral("view"), v.name, v.name, v.sql});
    return out;
}

} // namespace

QString diffStateName(DiffState s)
{
    switch (s) {
    case DiffState::Same:
        return QStringLiteral("same");
    case DiffState::Added:
        return QStringLiteral("added");
    case DiffState::Removed:
        return QStringLiteral("removed");
    case DiffState::Changed:
        break;
    }
    return QStringLiteral("changed");
}

const ObjectDiff* SchemaDiff::find(const QString& type, const QString& name) const
{
    for (const ObjectDiff& o : objects)
        if (o.type == type && o.name.compare(name, Qt::CaseInsensitive) == 0)
            return &o;
    return nullptr;
}

QStringList normalizedCreateLines(const QString& sql)
{
    const QList<SqlToken> t = tokenizeSql(sql);
    qsizetype kw = 1;
    while (kw < t.size() && (t.at(kw).is("TEMP") || t.at(kw).is("TEMPORARY") || t.at(kw).is("VIRTUAL")))
        ++kw;
    if (!t.isEmpty() && t.first().is("CREATE") && kw < t.size() && t.at(kw).is("TABLE"))
        return tableLines(t);
    if (!t.isEmpty() && t.first().is("CREATE") && kw < t.size() &&
        (t.at(kw).is("INDEX") || t.at(kw).is("UNIQUE")))
        return {joinTokens(t, 0, t.size())};
    QStringList out;
    for (const QString& line : sql.split(QLatin1Char('\n'))) {
        QString l = line;
        while (!l.isEmpty() && l.back().isSpace())
            l.chop(1);
        if (!l.isEmpty())
            out << l;
    }
    return out;
}

QList<DiffRow> diffLines(const QStringList& before, const QStringList& after)
{
    std::vector<QString> a;
    std::vector<QString> b;
    for (const QString& l : before)
        a.push_back(compareKey(l));
    for (const QString& l : after)
        b.push_back(compareKey(l));
    dtl::Diff<QString, std::vector<QString>> d(a, b);
    d.compose();

    QList<DiffRow> rows;
    int ia = 0;
    int ib = 0;
    QList<int> removed; // pending indexes into `before`
    QList<int> added;
    auto flush = [&]() {
        const qsizetype paired = std::min(removed.size(), added.size());
        for (qsizetype k = 0; k < paired; ++k)
            rows << DiffRow{DiffState::Changed, before.at(removed.at(k)), after.at(added.at(k)),
                            removed.at(k) + 1, added.at(k) + 1};
        for (qsizetype k = paired; k < removed.size(); ++k)
            rows << DiffRow{DiffState::Removed, before.at(removed.at(k)), {}, removed.at(k) + 1, 0};
        for (qsizetype k = paired; k < added.size(); ++k)
            rows << DiffRow{DiffState::Added, {}, after.at(added.at(k)), 0, added.at(k) + 1};
        removed.clear();
        added.clear();
    };
    for (const auto& e : d.getSes().getSequence()) {
        switch (e.second.type) {
        case dtl::SES_COMMON:
            flush();
            rows << DiffRow{DiffState::Same, before.at(ia), after.at(ib), ia + 1, ib + 1};
            ++ia;
            ++ib;
            break;
        case dtl::SES_DELETE:
            removed << ia++;
            break;
        case dtl::SES_ADD:
            added << ib++;
            break;
        }
    }
    flush();
    return rows;
}

SchemaDiff diffSchemas(const Schema& before, const Schema& after)
{
    const QMap<QString, Entry> a = entriesOf(before);
    const QMap<QString, Entry> b = entriesOf(after);
    QStringList keys = a.keys();
    for (const QString& k : b.keys())
        if (!a.contains(k))
            keys << k;
    std::sort(keys.begin(), keys.end());

    SchemaDiff out;
    for (const QString& k : keys) {
        const bool inA = a.contains(k);
        const bool inB = b.contains(k);
        const Entry& e = inB ? b[k] : a[k];
        ObjectDiff o;
        o.type = e.type;
        o.name = e.name;
        o.table = e.table;
        if (inA)
            o.before = normalizedCreateLines(a[k].sql);
        if (inB)
            o.after = normalizedCreateLines(b[k].sql);
        o.rows = diffLines(o.before, o.after);
        if (!inA) {
            o.state = DiffState::Added;
            ++out.added;
        } else if (!inB) {
            o.state = DiffState::Removed;
            ++out.removed;
        } else if (std::any_of(o.rows.begin(), o.rows.end(),
                               [](const DiffRow& r) { return r.state != DiffState::Same; })) {
            o.state = DiffState::Changed;
            ++out.changed;
        }
        out.objects << o;
    }
    return out;
}

} // namespace sluice
